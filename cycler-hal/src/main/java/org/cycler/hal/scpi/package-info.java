/**
 * The SCPI driver of DESIGN section 9: {@link org.cycler.hal.scpi.ScpiCycler} behind the
 * {@link org.cycler.hal.Cycler} contract, and the pieces of the dialect both ends of the wire share
 * (channel lists, numbers, error codes); the device's side is in {@code org.cycler.emulator.scpi}.
 * docs/scpi.md is the user's reference.
 *
 * <p>Numbers on the wire are locale-free decimals in SI units ({@link org.cycler.hal.scpi.ScpiNumbers});
 * current is signed, positive = charge; channels are 1-based.
 */
package org.cycler.hal.scpi;
