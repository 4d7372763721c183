/**
 * A run from start to end: the run directory, lock, control socket and scheduler put together, crash
 * recovery, simulated lots, speeds and duration estimates.
 */
package org.cycler.core.run;
