/**
 * The Modbus driver of DESIGN section 12: {@link org.cycler.hal.modbus.ModbusCycler} behind the
 * {@link org.cycler.hal.Cycler} contract over Modbus TCP or RTU (framing by j2mod), driven by a
 * {@link org.cycler.hal.modbus.RegisterMap} read from a YAML profile by
 * {@link org.cycler.hal.modbus.RegisterMapParser}; the device's side is in
 * {@code org.cycler.emulator.modbus}. docs/devices.md is the user's reference.
 *
 * <p>Registers hold SI values scaled by the map; current and power are signed, positive = charge
 * (a negative scale flips a device that counts the other way); channels are 1-based.
 */
package org.cycler.hal.modbus;
