package org.cycler.core.store;

import java.util.Arrays;

/**
 * One CSV row being built as ASCII bytes, reused row after row: numbers go in as digits with no
 * {@code String} or builder in between, and {@link Utf8FileWriter} copies the bytes to its buffer
 * in one piece. Numbers are written exactly as {@link Decimals} writes them (the same rounding,
 * the same empty cell for NaN), so a file is the same byte for byte whichever of the two made it.
 * Not thread-safe: one writer thread owns it.
 */
final class AsciiRow implements CharSequence {

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L};
    /** Beyond this magnitude {@link Decimals} takes the slow path, and so does this class. */
    private static final double FAST_LIMIT = 9.0e9;

    private byte[] bytes = new byte[256];
    private int length;

    void clear() {
        length = 0;
    }

    AsciiRow append(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Appends an ASCII name, such as an enum constant's. */
    AsciiRow append(String ascii) {
        int n = ascii.length();
        ensure(n);
        ascii.getBytes(0, n, bytes, length);
        length += n;
        return this;
    }

    AsciiRow append(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return append(Long.toString(value));
            }
            append('-');
            value = -value;
        }
        ensure(19);
        int digits = digits(value);
        int at = length + digits;
        length = at;
        do {
            bytes[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        return this;
    }

    /** {@code value} with {@code places} decimals, as {@link Decimals#append} writes it. */
    AsciiRow append(double value, int places) {
        if (!Double.isFinite(value)) {
            return this;
        }
        if (Math.abs(value) >= FAST_LIMIT) {
            return append(Decimals.format(value, places));
        }
        long scale = POW10[places];
        long scaled = Math.round(Math.abs(value) * scale);
        if (value < 0 && scaled != 0) {
            append('-');
        }
        append(scaled / scale);
        if (places > 0) {
            ensure(places + 1);
            bytes[length++] = '.';
            long fraction = scaled % scale;
            int at = length + places;
            length = at;
            for (int k = 0; k < places; k++) {
                bytes[--at] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
        }
        return this;
    }

    /** Copies the row into {@code into} from {@code offset}; the caller has checked the room. */
    void copyTo(byte[] into, int offset) {
        System.arraycopy(bytes, 0, into, offset, length);
    }

    private static int digits(long value) {
        int n = 1;
        for (long p = 10; n < 19 && value >= p; p *= 10) {
            n++;
        }
        return n;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) bytes[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
