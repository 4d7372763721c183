/**
 * The Modbus cabinet emulator: {@link org.cycler.emulator.modbus.ModbusEmulator} lays the
 * simulated cells out as registers per a register map, and {@link org.cycler.emulator.modbus.ModbusServer}
 * serves them with j2mod's server side over TCP (Modbus TCP, or RTU frames for a pseudo-terminal).
 */
package org.cycler.emulator.modbus;
