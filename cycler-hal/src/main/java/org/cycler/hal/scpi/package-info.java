/**
 * The SCPI dialect of DESIGN section 9 from both ends: {@link org.cycler.hal.scpi.ScpiCycler},
 * the driver behind the {@link org.cycler.hal.Cycler} contract, and
 * {@link org.cycler.emulator.scpi.ScpiEmulator}, a device made of simulated cells, served on TCP by
 * {@link org.cycler.emulator.scpi.ScpiServer} and on a pseudo-terminal by
 * {@link org.cycler.emulator.PtyBridge}. docs/scpi.md is the user's reference.
 *
 * <p>Numbers on the wire are locale-free decimals in SI units ({@link org.cycler.hal.scpi.ScpiNumbers});
 * current is signed, positive = charge; channels are 1-based.
 */
package org.cycler.hal.scpi;
