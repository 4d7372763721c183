package org.cycler.hal.modbus;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Mode;

/**
 * A Modbus device's register map (its profile): where each channel's mode, setpoints and readings
 * sit, how they are scaled, and what the mode codes and status bits mean. Read from YAML by
 * {@link RegisterMapParser}; docs/devices.md describes the file. Immutable and thread-safe.
 *
 * <p>Channel {@code n} (1-based) owns the block of registers from {@code base + (n - 1) * stride};
 * every {@link Register#offset()} of a setpoint or reading counts from the start of that block.
 * Setpoints are holding registers (written with function code 16); readings are input registers
 * (read with function code 4) or holding registers (function code 3), as {@link #measuredTable}
 * says. The channel count is fixed by the map or read from one device-wide register at connect.
 *
 * @param name           how messages name the map (its file name)
 * @param unitId         the Modbus unit (slave) id, 0..247
 * @param fixedChannels  the channel count, when the map fixes it
 * @param channelCount   the device-wide register holding the channel count, when it does not
 * @param countTable     the table of {@code channelCount}
 * @param modeCodes      the mode register's value for each of the six modes
 * @param statusBits     for each bit of the status register that the map names (index = bit),
 *                       the {@link ChannelStatus} flag it means; 0 for bits the map leaves out
 */
public record RegisterMap(String name, int unitId, String manufacturer, String model, OptionalInt fixedChannels,
                          Register channelCount, Table countTable, int base, int stride,
                          Register mode, Register current, Register voltage, Register power, Register resistance,
                          Table measuredTable, Register measuredVoltage, Register measuredCurrent,
                          Register temperature, Register status, Map<Mode, Integer> modeCodes, int[] statusBits) {

    /** Most registers one read (function code 3 or 4) may return. */
    public static final int MAX_READ_REGISTERS = 125;
    /** Most registers one write (function code 16) may carry. */
    public static final int MAX_WRITE_REGISTERS = 123;

    /** The two register tables a map may read from. */
    public enum Table {
        /** Read/write, function codes 3, 6 and 16. */
        HOLDING,
        /** Read-only, function code 4. */
        INPUT
    }

    public RegisterMap {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(fixedChannels, "fixed channels");
        if (fixedChannels.isEmpty() == (channelCount == null)) {
            throw new IllegalArgumentException("a register map fixes the channel count or names its register, not both");
        }
        if (unitId < 0 || unitId > 247) {
            throw new IllegalArgumentException("unit id must be within 0..247: " + unitId);
        }
        if (stride < 1 || base < 0) {
            throw new IllegalArgumentException("base must be >= 0 and stride >= 1: " + base + ", " + stride);
        }
        modeCodes = Map.copyOf(new EnumMap<>(modeCodes));
        if (modeCodes.size() != Mode.values().length) {
            throw new IllegalArgumentException("a register map gives a code for every mode: " + modeCodes);
        }
        statusBits = statusBits.clone();
        if (max(measuredVoltage, measuredCurrent, temperature, status) - min(measuredVoltage, measuredCurrent, temperature, status) > MAX_READ_REGISTERS
                || max(mode, current, voltage, power, resistance) - min(mode, current, voltage, power, resistance) > MAX_WRITE_REGISTERS) {
            throw new IllegalArgumentException("a channel's readings or setpoints span more registers than one request carries");
        }
    }

    /** First register of channel {@code channel}'s block. */
    public int blockStart(int channel) {
        return base + (channel - 1) * stride;
    }

    /** Lowest offset among the setpoint registers. */
    public int setpointFirst() {
        return min(mode, current, voltage, power, resistance);
    }

    /** Registers from the lowest to the end of the highest setpoint register. */
    public int setpointSpan() {
        return max(mode, current, voltage, power, resistance) - setpointFirst();
    }

    /** Lowest offset among the measured registers. */
    public int measuredFirst() {
        return min(measuredVoltage, measuredCurrent, temperature, status);
    }

    /** Registers from the lowest to the end of the highest measured register. */
    public int measuredSpan() {
        return max(measuredVoltage, measuredCurrent, temperature, status) - measuredFirst();
    }

    /** The {@link ChannelStatus} bits a raw status register value means; unnamed bits are hardware faults. */
    public int statusOf(long raw) {
        int bits = 0;
        for (int b = 0; b < 32 && raw != 0; b++, raw >>>= 1) {
            if ((raw & 1) != 0) {
                int flag = b < statusBits.length ? statusBits[b] : 0;
                bits |= flag != 0 ? flag : ChannelStatus.HARDWARE_FAULT;
            }
        }
        return bits;
    }

    /** The raw status register value for {@link ChannelStatus} bits (the emulator's side). */
    public long rawStatus(int channelStatus) {
        long raw = 0;
        for (int b = 0; b < statusBits.length; b++) {
            if (statusBits[b] != 0 && (channelStatus & statusBits[b]) != 0) {
                raw |= 1L << b;
            }
        }
        return raw;
    }

    /** The mode a mode register value stands for, or null for a code the map does not know. */
    public Mode modeOf(int code) {
        for (Map.Entry<Mode, Integer> e : modeCodes.entrySet()) {
            if (e.getValue() == code) {
                return e.getKey();
            }
        }
        return null;
    }

    @Override
    public int[] statusBits() {
        return statusBits.clone();
    }

    private static int min(Register... registers) {
        int m = Integer.MAX_VALUE;
        for (Register r : registers) {
            m = Math.min(m, r.offset());
        }
        return m;
    }

    private static int max(Register... registers) {
        int m = 0;
        for (Register r : registers) {
            m = Math.max(m, r.offset() + r.width());
        }
        return m;
    }
}
