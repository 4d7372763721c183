/**
 * Devices made of simulated cells, one subpackage per protocol, served on TCP or, through
 * {@link org.cycler.emulator.PtyBridge}, on a pseudo-terminal: the whole wire path without hardware.
 */
package org.cycler.emulator;
