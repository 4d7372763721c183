/**
 * The hardware boundary's contract: {@link org.cycler.hal.Cycler} (batch read and apply, faults as
 * status bits, positive current = charge), the commands and measurements it carries, and the injected
 * {@link org.cycler.hal.Ticker}. Knows nothing of recipes; each implementation lives in a subpackage.
 */
package org.cycler.hal;
