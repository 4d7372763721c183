package org.cycler.hal.scpi;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * Numbers on the wire (DESIGN section 9): plain decimals in SI units with no unit suffix, written
 * and read the same way whatever the JVM's locale. A reading that does not exist is SCPI's
 * not-a-number, {@value #NAN_TEXT}; infinities are {@code 9.9E+37} and {@code -9.9E+37}.
 *
 * <p>The writers and the reader used on the hot path allocate nothing. Stateless and thread-safe.
 */
public final class ScpiNumbers {

    /** SCPI-99's representation of not-a-number. */
    public static final String NAN_TEXT = "9.91E+37";
    /** SCPI-99's value for not-a-number, as a reader sees it. */
    public static final double NAN_VALUE = 9.91e37;
    /** SCPI-99's positive infinity. */
    public static final double INFINITY_VALUE = 9.9e37;

    private static final double[] POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    private static final long[] LONG_POWERS = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L
    };
    /** Above this magnitude fixed-point writing would overflow a long; such values use E notation. */
    private static final double FIXED_LIMIT = 1e9;
    private static final long MAX_EXACT_MANTISSA = 1L << 53;

    private ScpiNumbers() {
    }

    /**
     * Appends {@code value} with exactly {@code decimals} digits after the point (0..9), rounded
     * half away from zero, e.g. {@code 3.712345}, {@code -0.250000}; NaN and infinities in their
     * SCPI form. Locale-free.
     */
    public static StringBuilder appendFixed(StringBuilder out, double value, int decimals) {
        if (decimals < 0 || decimals >= LONG_POWERS.length) {
            throw new IllegalArgumentException("decimals must be within 0..9: " + decimals);
        }
        if (Double.isNaN(value)) {
            return out.append(NAN_TEXT);
        }
        if (Double.isInfinite(value)) {
            return out.append(value > 0 ? "9.9E+37" : "-9.9E+37");
        }
        if (Math.abs(value) >= FIXED_LIMIT) {
            return out.append(value);
        }
        long scale = LONG_POWERS[decimals];
        long units = Math.round(Math.abs(value) * scale);
        if (value < 0 && units != 0) {
            out.append('-');
        }
        out.append(units / scale);
        if (decimals > 0) {
            out.append('.');
            long fraction = units % scale;
            // the fraction's leading zeros, then its digits in one append (a reading is thousands a tick)
            for (long p = scale / 10; p > fraction && p > 1; p /= 10) {
                out.append('0');
            }
            out.append(fraction);
        }
        return out;
    }

    /**
     * Appends {@code value} so that reading it back gives the identical double: setpoints, where
     * the device must regulate exactly what the scheduler asked for. Uses {@link Double#toString},
     * which is locale-free and valid SCPI (NR2 or NR3 form, e.g. {@code 0.25}, {@code 1.0E-4}).
     */
    public static StringBuilder appendExact(StringBuilder out, double value) {
        if (!Double.isFinite(value)) {
            return appendFixed(out, value, 0);
        }
        return out.append(value);
    }

    /**
     * Reads a decimal number from {@code text[from, to)}: optional sign, digits with an optional
     * point, optional exponent ({@code E} or {@code e}, optional sign, digits); surrounding
     * blanks are ignored. SCPI not-a-number reads as {@link Double#NaN}, SCPI infinities as
     * infinities. The result is the correctly rounded double, as {@link Double#parseDouble} gives:
     * up to 15 digits by one exact multiplication or division, longer ones (a setpoint written by
     * {@link #appendExact} has up to 17) by the Eisel-Lemire method, neither making a String.
     *
     * @throws NumberFormatException when the text is not such a number (a unit suffix, a word,
     *                               two points, nothing at all)
     */
    public static double parse(CharSequence text, int from, int to) {
        int a = firstNonBlank(text, from, to);
        int b = endOfNonBlank(text, a, to);
        int k = a;
        boolean negative = false;
        if (k < b && (text.charAt(k) == '+' || text.charAt(k) == '-')) {
            negative = text.charAt(k) == '-';
            k++;
        }
        long mantissa = 0;
        int digits = 0;
        int dropped = 0;
        int fractionDigits = 0;
        boolean point = false;
        boolean exact = true;
        for (; k < b; k++) {
            char c = text.charAt(k);
            if (c >= '0' && c <= '9') {
                digits++;
                if (mantissa < (Long.MAX_VALUE - 9) / 10) {
                    mantissa = mantissa * 10 + (c - '0');
                    if (point) {
                        fractionDigits++;
                    }
                } else {
                    exact = false;
                    if (!point) {
                        dropped++;
                    }
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            throw malformed(text, from, to);
        }
        int exponent = 0;
        if (k < b && (text.charAt(k) == 'e' || text.charAt(k) == 'E')) {
            k++;
            boolean negativeExponent = false;
            if (k < b && (text.charAt(k) == '+' || text.charAt(k) == '-')) {
                negativeExponent = text.charAt(k) == '-';
                k++;
            }
            int expDigits = 0;
            for (; k < b && text.charAt(k) >= '0' && text.charAt(k) <= '9'; k++) {
                if (exponent < 10_000) {
                    exponent = exponent * 10 + (text.charAt(k) - '0');
                }
                expDigits++;
            }
            if (expDigits == 0) {
                throw malformed(text, from, to);
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (k != b) {
            throw malformed(text, from, to);
        }
        double value;
        int scale = exponent - fractionDigits + dropped;
        if (exact && mantissa <= MAX_EXACT_MANTISSA && scale >= -22 && scale <= 22) {
            value = scale < 0 ? mantissa / POWERS[-scale] : mantissa * POWERS[scale];
        } else {
            value = Math.abs(JavaDoubleParser.parseDouble(text, a, b - a));
        }
        value = negative ? -value : value;
        if (value >= NAN_VALUE * 0.9999 && value <= NAN_VALUE * 1.0001) {
            return Double.NaN;
        }
        if (Math.abs(value) >= INFINITY_VALUE * 0.9999 && Math.abs(value) <= INFINITY_VALUE * 1.0001) {
            return value > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return value;
    }

    /** {@link #parse(CharSequence, int, int)} over the whole text. */
    public static double parse(CharSequence text) {
        return parse(text, 0, text.length());
    }

    private static NumberFormatException malformed(CharSequence text, int from, int to) {
        return new NumberFormatException("not a number: '" + text.subSequence(from, to) + "'");
    }

    /** The first index in {@code text[from, to)} that is not a blank (a control character or space), or {@code to}. */
    static int firstNonBlank(CharSequence text, int from, int to) {
        int a = from;
        while (a < to && text.charAt(a) <= ' ') {
            a++;
        }
        return a;
    }

    /** The end of {@code text[from, to)} with its trailing blanks left off. */
    static int endOfNonBlank(CharSequence text, int from, int to) {
        int b = to;
        while (b > from && text.charAt(b - 1) <= ' ') {
            b--;
        }
        return b;
    }
}
