package org.cycler.core.recipe.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Formatting shared by parser messages and summaries. Stateless; Locale.ROOT throughout. */
public final class Text {

    /** Longest piece of user text echoed in a message, in code points; longer text is cut. */
    private static final int MAX_QUOTED = 40;

    /** Significant digits printed for a number. */
    private static final MathContext PRINTED = new MathContext(6);

    private Text() {
    }

    /**
     * User text in single quotes, safe for a one-line message: control characters are escaped
     * (see {@link #oneLine}) and text longer than {@value #MAX_QUOTED} code points is cut with {@code ...}.
     */
    public static String quote(String text) {
        int length = text.codePointCount(0, text.length());
        if (length <= MAX_QUOTED) {
            return "'" + oneLine(text) + "'";
        }
        return "'" + oneLine(text.substring(0, text.offsetByCodePoints(0, MAX_QUOTED))) + "...'";
    }

    /** {@code text} with control characters and line separators written as {@code \}{@code uXXXX}. */
    public static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format(Locale.ROOT, "\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** A number with up to six significant digits, no exponent, no trailing zeros: {@code 4.2}, {@code 0.005}. */
    public static String number(double value) {
        if (value == 0) {
            return "0";
        }
        if (!Double.isFinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(value).round(PRINTED).stripTrailingZeros().toPlainString();
    }

    /** A number and its unit: {@code 4.2 V}. */
    public static String withUnit(double value, String unit) {
        return number(value) + " " + unit;
    }

    /** A duration in the largest of d, h, min, s that keeps it at least 1: {@code 30 min}, {@code 1.5 h}. */
    public static String duration(double seconds) {
        if (seconds >= Quantities.SECONDS_PER_DAY) {
            return withUnit(seconds / Quantities.SECONDS_PER_DAY, "d");
        }
        if (seconds >= Quantities.SECONDS_PER_HOUR) {
            return withUnit(seconds / Quantities.SECONDS_PER_HOUR, "h");
        }
        if (seconds >= Quantities.SECONDS_PER_MINUTE) {
            return withUnit(seconds / Quantities.SECONDS_PER_MINUTE, "min");
        }
        return withUnit(seconds, "s");
    }
}
