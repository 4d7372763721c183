/**
 * The Maccor MacNet driver (DESIGN section 12): {@link org.cycler.hal.macnet.MacNetCycler} behind
 * the {@link org.cycler.hal.Cycler} contract in MacNet's direct mode, and the pieces of the
 * protocol both ends of the wire share (messages, direct outputs, status codes); the device's side
 * is in {@code org.cycler.emulator.macnet}. docs/devices.md is the user's reference.
 *
 * <p>Channels are 0-based on the wire and 1-based in the contract; direct-output currents are
 * magnitudes with the mode letter giving the direction; readings are signed, positive = charge.
 */
package org.cycler.hal.macnet;
