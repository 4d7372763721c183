package org.cycler.core.recipe.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.SourceLocation;

/**
 * Values with units as people write them in recipe and grading files: {@code 4.2 V},
 * {@code 4200mV}, {@code 500 mA}, {@code 0.5C}, {@code C/20}, {@code 2 W}, {@code 500 mOhm},
 * {@code 2.5 Ah}, {@code 5 Wh}, {@code -10 degC}, {@code 45 °C}, {@code 1 mV/s},
 * {@code 30 minutes}, {@code 1h}, {@code 2 days}.
 *
 * <p>Units are case-insensitive and may follow the number with or without a space. Numbers are
 * {@link Locale#ROOT} style: an optional sign, digits with a {@code .} decimal point, an optional
 * exponent; no grouping separators. Every result is in SI units (V, A, W, Ohm, Ah, Wh, degC,
 * s, V/s), except a C-rate, which stays a multiple of the cell's nominal capacity per hour
 * because only the recipe knows that capacity. Signs are kept as written; callers decide
 * whether a sign is allowed.
 *
 * <p>Stateless and thread-safe.
 */
public final class Quantities {

    /** Seconds in a minute. */
    public static final double SECONDS_PER_MINUTE = 60;
    /** Seconds in an hour. */
    public static final double SECONDS_PER_HOUR = 3600;
    /** Seconds in a day. */
    public static final double SECONDS_PER_DAY = 86_400;

    private static final String NUMBER = "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?";
    private static final Pattern NUMBER_ONLY = Pattern.compile(NUMBER);
    private static final Pattern NUMBER_THEN_UNIT = Pattern.compile("(" + NUMBER + ")\\s*(.*)", Pattern.DOTALL);
    private static final Pattern C_OVER = Pattern.compile("([+-]?)[cC]\\s*/\\s*(" + NUMBER + ")");
    private static final double MILLI = 1e-3;

    /** What a quantity measures, with its SI unit. */
    public enum Kind {
        /** Volts. */
        VOLTAGE("voltage", "V", "V, mV", 10_000, "10000 V"),
        /** Amperes. */
        CURRENT("current", "A", "A, mA", 10_000, "10000 A"),
        /** Multiples of the nominal capacity per hour: {@code 0.5C}, {@code C/20}. */
        C_RATE("C-rate", "C", "C", 1_000, "1000C"),
        /** Watts. */
        POWER("power", "W", "W, mW", 1e6, "1000000 W"),
        /** Ohms. */
        RESISTANCE("resistance", "Ohm", "Ohm, mOhm", 1e9, "1000000000 Ohm"),
        /** Ampere-hours. */
        CAPACITY("capacity", "Ah", "Ah, mAh", 1e6, "1000000 Ah"),
        /** Watt-hours. */
        ENERGY("energy", "Wh", "Wh, mWh", 1e7, "10000000 Wh"),
        /** Degrees Celsius. */
        TEMPERATURE("temperature", "degC", "degC", 1_000, "1000 degC"),
        /** Seconds. */
        DURATION("duration", "s", "s, min, h, days", 3650 * SECONDS_PER_DAY, "3650 days"),
        /** Volts per second. */
        VOLTAGE_RATE("dV/dt", "V/s", "V/s, mV/s, mV/min, mV/h, mV/day", 1_000, "1000 V/s");

        private final String noun;
        private final String siUnit;
        private final String spellings;
        private final double maxMagnitude;
        private final String maxText;

        Kind(String noun, String siUnit, String spellings, double maxMagnitude, String maxText) {
            this.noun = noun;
            this.siUnit = siUnit;
            this.spellings = spellings;
            this.maxMagnitude = maxMagnitude;
            this.maxText = maxText;
        }

        /**
         * The largest magnitude accepted, in {@link #siUnit()}: far beyond any cell or cycler, so
         * that a value past it is a typing mistake, and small enough that times and charges stay
         * exact in the scheduler's arithmetic.
         */
        public double maxMagnitude() {
            return maxMagnitude;
        }

        /** What it is called in messages: {@code voltage}, {@code C-rate}. */
        public String noun() {
            return noun;
        }

        /** The unit of {@link Quantity#value()}: {@code V}, {@code A}, {@code degC}, {@code s}. */
        public String siUnit() {
            return siUnit;
        }

        /** The main unit spellings accepted, as listed in messages: {@code V, mV}. */
        public String spellings() {
            return spellings;
        }
    }

    /**
     * A parsed value.
     *
     * @param value in the SI unit of {@code kind} ({@link Kind#siUnit()}); sign as written
     * @param kind  what it measures
     * @param text  the value as written, for messages
     */
    public record Quantity(double value, Kind kind, String text) {
        public Quantity {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("quantity must be finite: " + value);
            }
        }
    }

    private record Unit(Kind kind, double factor) {
    }

    private static final Map<String, Unit> UNITS = units();

    private Quantities() {
    }

    /**
     * Parses {@code text} as one value of one of the {@code expected} kinds.
     *
     * @param at where {@code text} starts in its file; errors point at the offending column on
     *           the assumption that the text stands on one line as written
     * @throws RecipeException naming the expected units, for text that is not such a value
     */
    public static Quantity parse(String text, Set<Kind> expected, SourceLocation at) throws RecipeException {
        return parse(text, 0, text.length(), expected, Locator.inLine(at, text));
    }

    /** Parses {@code source[from, to)} as one value; {@code locator} maps offsets into {@code source}. */
    public static Quantity parse(String source, int from, int to, Set<Kind> expected, Locator locator)
            throws RecipeException {
        int start = skipSpace(source, from, to);
        int end = trimEnd(source, start, to);
        String text = source.substring(start, end);
        Matcher cOver = C_OVER.matcher(text);
        if (cOver.matches()) {
            return cRate(text, cOver.group(1), cOver.group(2), expected, locator.at(start));
        }
        Matcher m = NUMBER_THEN_UNIT.matcher(text);
        if (!m.matches()) {
            throw new RecipeException(locator.at(start),
                    "expected " + describe(expected) + ", got " + (text.isEmpty() ? "nothing" : Text.quote(text)));
        }
        String unitText = m.group(2);
        if (unitText.isEmpty()) {
            throw new RecipeException(locator.at(start + m.end(1)),
                    "missing unit after " + Text.quote(m.group(1)) + " (expected " + spellings(expected) + ")");
        }
        Unit unit = UNITS.get(unitText.toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new RecipeException(locator.at(start + m.start(2)),
                    "unknown unit " + Text.quote(unitText) + " (expected " + spellings(expected) + ")");
        }
        requireKind(unit.kind(), text, expected, locator.at(start));
        double value = Double.parseDouble(m.group(1)) * unit.factor();
        return finite(value, unit.kind(), text, locator.at(start));
    }

    /** The kind {@code source[from, to)} would parse as, if it is any valid value at all. */
    static Optional<Kind> kindOf(String source, int from, int to) {
        int start = skipSpace(source, from, to);
        String text = source.substring(start, trimEnd(source, start, to));
        if (C_OVER.matcher(text).matches()) {
            return Optional.of(Kind.C_RATE);
        }
        Matcher m = NUMBER_THEN_UNIT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(UNITS.get(m.group(2).toLowerCase(Locale.ROOT))).map(Unit::kind);
    }

    /** True when {@code token} is a bare number, so the unit must be the next word. */
    static boolean isBareNumber(String token) {
        return NUMBER_ONLY.matcher(token).matches();
    }

    /** {@code a voltage (V, mV)}, {@code a current, C-rate or power (A, mA, C, W, mW)}. */
    public static String describe(Set<Kind> kinds) {
        List<String> nouns = new ArrayList<>();
        kinds.forEach(k -> nouns.add(k.noun()));
        String joined = nouns.size() == 1 ? nouns.get(0)
                : String.join(", ", nouns.subList(0, nouns.size() - 1)) + " or " + nouns.get(nouns.size() - 1);
        String article = "aeiou".indexOf(Character.toLowerCase(joined.charAt(0))) >= 0 ? "an " : "a ";
        return article + joined + " (" + spellings(kinds) + ")";
    }

    private static Quantity cRate(String text, String sign, String divisor, Set<Kind> expected, SourceLocation at)
            throws RecipeException {
        requireKind(Kind.C_RATE, text, expected, at);
        double d = Double.parseDouble(divisor);
        if (!(d > 0) || !Double.isFinite(d)) {
            throw new RecipeException(at, "C-rate divisor must be greater than zero, got " + Text.quote(text));
        }
        return finite((sign.equals("-") ? -1 : 1) / d, Kind.C_RATE, text, at);
    }

    private static void requireKind(Kind kind, String text, Set<Kind> expected, SourceLocation at)
            throws RecipeException {
        if (!expected.contains(kind)) {
            throw new RecipeException(at, "expected " + describe(expected) + ", got " + kind.noun() + " " + Text.quote(text));
        }
    }

    private static Quantity finite(double value, Kind kind, String text, SourceLocation at) throws RecipeException {
        if (!Double.isFinite(value) || Math.abs(value) > kind.maxMagnitude) {
            throw new RecipeException(at, "number out of range in " + Text.quote(text) + " (expected at most "
                    + kind.maxText + ")");
        }
        return new Quantity(value, kind, text);
    }

    private static String spellings(Set<Kind> kinds) {
        List<String> all = new ArrayList<>();
        kinds.forEach(k -> all.add(k.spellings()));
        return String.join(", ", all);
    }

    private static int skipSpace(String s, int from, int to) {
        int i = from;
        while (i < to && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String s, int from, int to) {
        int i = to;
        while (i > from && Character.isWhitespace(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static Map<String, Unit> units() {
        Map<String, Unit> u = new HashMap<>();
        put(u, Kind.VOLTAGE, 1, "v", "volt", "volts");
        put(u, Kind.VOLTAGE, MILLI, "mv");
        put(u, Kind.CURRENT, 1, "a", "amp", "amps");
        put(u, Kind.CURRENT, MILLI, "ma");
        put(u, Kind.C_RATE, 1, "c");
        put(u, Kind.POWER, 1, "w");
        put(u, Kind.POWER, MILLI, "mw");
        put(u, Kind.RESISTANCE, 1, "ohm", "ohms", "\u03c9");
        put(u, Kind.RESISTANCE, MILLI, "mohm", "mohms", "m\u03c9");
        put(u, Kind.CAPACITY, 1, "ah");
        put(u, Kind.CAPACITY, MILLI, "mah");
        put(u, Kind.ENERGY, 1, "wh");
        put(u, Kind.ENERGY, MILLI, "mwh");
        put(u, Kind.TEMPERATURE, 1, "degc", "\u00b0c", "\u2103");
        put(u, Kind.DURATION, MILLI, "ms", "millisecond", "milliseconds");
        put(u, Kind.DURATION, 1, "s", "sec", "secs", "second", "seconds");
        put(u, Kind.DURATION, SECONDS_PER_MINUTE, "min", "mins", "minute", "minutes");
        put(u, Kind.DURATION, SECONDS_PER_HOUR, "h", "hr", "hrs", "hour", "hours");
        put(u, Kind.DURATION, SECONDS_PER_DAY, "d", "day", "days");
        put(u, Kind.VOLTAGE_RATE, 1, "v/s");
        put(u, Kind.VOLTAGE_RATE, MILLI, "mv/s");
        put(u, Kind.VOLTAGE_RATE, MILLI / SECONDS_PER_MINUTE, "mv/min");
        put(u, Kind.VOLTAGE_RATE, MILLI / SECONDS_PER_HOUR, "mv/h");
        put(u, Kind.VOLTAGE_RATE, MILLI / SECONDS_PER_DAY, "mv/day", "mv/d");
        return Map.copyOf(u);
    }

    private static void put(Map<String, Unit> map, Kind kind, double factor, String... spellings) {
        for (String s : spellings) {
            map.put(s, new Unit(kind, factor));
        }
    }
}
