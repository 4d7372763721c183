package org.cycler.core.store;

/**
 * Fast fixed-point formatting of doubles for data files: {@code places} decimals, rounded half
 * away from zero, '.' as separator whatever the locale, no exponent, no allocation beyond the
 * target builder. NaN and infinities are written as empty cells.
 */
public final class Decimals {

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L};
    /** Beyond this magnitude the fixed-point path would overflow; Double.toString takes over. */
    private static final double FAST_LIMIT = 9.0e9;

    private Decimals() {
    }

    public static StringBuilder append(StringBuilder out, double value, int places) {
        if (places < 0 || places >= POW10.length) {
            throw new IllegalArgumentException("places must be 0.." + (POW10.length - 1) + ": " + places);
        }
        if (!Double.isFinite(value)) {
            return out;
        }
        if (Math.abs(value) >= FAST_LIMIT) {
            return out.append(new java.math.BigDecimal(value).setScale(places, java.math.RoundingMode.HALF_UP).toPlainString());
        }
        long scale = POW10[places];
        long scaled = Math.round(Math.abs(value) * scale);
        if (value < 0 && scaled != 0) {
            out.append('-');
        }
        out.append(scaled / scale);
        if (places > 0) {
            out.append('.');
            long fraction = scaled % scale;
            for (long p = scale / 10; p > fraction && p > 1; p /= 10) {
                out.append('0');
            }
            out.append(fraction);
        }
        return out;
    }

    public static String format(double value, int places) {
        return append(new StringBuilder(24), value, places).toString();
    }
}
