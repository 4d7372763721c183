package org.cycler.hal.modbus;

import java.util.Locale;
import java.util.Objects;

/**
 * One quantity in a register map: where it sits in a channel's block, how many 16-bit registers
 * it spans and how its raw value becomes an SI value. Immutable.
 *
 * <p>A raw value {@code r} means {@code r / scale} in SI units, so {@code scale: 1000000} is a
 * register counting microvolts (or microamperes); a negative scale flips the sign, for a device
 * that counts discharge current as positive. Floats take the scale too (normally 1). A 32-bit
 * value spans two registers in {@link WordOrder} order; each register is big-endian on the wire,
 * as Modbus defines.
 *
 * @param offset registers from the start of the channel's block (or, for a device-wide register,
 *               from address 0)
 */
public record Register(int offset, Type type, double scale, WordOrder wordOrder) {

    /** How the registers hold the number. */
    public enum Type {
        INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2);

        final int width;

        Type(int width) {
            this.width = width;
        }

        /** The name a register map spells it with. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which half of a 32-bit value comes first. */
    public enum WordOrder {
        /** The high word at the lower address (big-endian, "ABCD"): the Modbus norm. */
        HIGH_FIRST,
        /** The low word at the lower address ("CDAB"). */
        LOW_FIRST;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Register {
        if (offset < 0 || offset > 0xFFFF) {
            throw new IllegalArgumentException("register offset must be within 0..65535: " + offset);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(wordOrder, "word order");
        if (!Double.isFinite(scale) || scale == 0) {
            throw new IllegalArgumentException("scale must be finite and not zero: " + scale);
        }
    }

    /** Registers it spans: 1 or 2. */
    public int width() {
        return type.width;
    }

    /** The SI value held by {@code words[at..at + width)} (each an unsigned 16-bit register). */
    public double decode(int[] words, int at) {
        long raw = switch (type) {
            case INT16 -> (short) words[at];
            case UINT16 -> words[at] & 0xFFFF;
            case INT32, FLOAT32 -> bits32(words, at);
            case UINT32 -> bits32(words, at) & 0xFFFF_FFFFL;
        };
        if (type == Type.FLOAT32) {
            return Float.intBitsToFloat((int) raw) / scale;
        }
        return raw / scale;
    }

    /**
     * Writes {@code value} (SI units) into {@code words[at..at + width)}, rounded to the nearest
     * count; a value beyond the type's range is clamped to it.
     */
    public void encode(double value, int[] words, int at) {
        double scaled = value * scale;
        switch (type) {
            case INT16 -> words[at] = (int) clamp(Math.round(scaled), Short.MIN_VALUE, Short.MAX_VALUE) & 0xFFFF;
            case UINT16 -> words[at] = (int) clamp(Math.round(scaled), 0, 0xFFFF);
            case INT32 -> put32((int) clamp(Math.round(scaled), Integer.MIN_VALUE, Integer.MAX_VALUE), words, at);
            case UINT32 -> put32((int) clamp(Math.round(scaled), 0, 0xFFFF_FFFFL), words, at);
            case FLOAT32 -> put32(Float.floatToIntBits((float) scaled), words, at);
        }
    }

    private long bits32(int[] words, int at) {
        int first = words[at] & 0xFFFF;
        int second = words[at + 1] & 0xFFFF;
        return wordOrder == WordOrder.HIGH_FIRST ? (first << 16) | second : (second << 16) | first;
    }

    private void put32(int bits, int[] words, int at) {
        int high = (bits >>> 16) & 0xFFFF;
        int low = bits & 0xFFFF;
        words[at] = wordOrder == WordOrder.HIGH_FIRST ? high : low;
        words[at + 1] = wordOrder == WordOrder.HIGH_FIRST ? low : high;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
