package org.cycler.core.recipe.io;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cycler.core.recipe.Comparison;
import org.cycler.core.recipe.CellSpec;
import org.cycler.core.recipe.Goto;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.Quantities.Kind;
import org.cycler.core.recipe.io.Quantities.Quantity;

/**
 * The condition of a {@code goto:}, {@code <quantity> <op> <value with unit>}, e.g.
 * {@code voltage < 3.0 V} or {@code step time >= 10 min}. Quantities: voltage, current (signed,
 * positive = charge; A, mA or a C-rate), temperature, step time, step capacity. Operators:
 * {@code <}, {@code <=}, {@code >}, {@code >=}. Case-insensitive. Stateless.
 */
final class GotoConditions {

    private static final Pattern QUANTITY = Pattern.compile(
            "(step\\s+capacity|step\\s+time|voltage|current|temperature)(?![\\p{L}\\p{N}_])", Pattern.CASE_INSENSITIVE);
    private static final String QUANTITIES = "voltage, current, temperature, step time or step capacity";

    private GotoConditions() {
    }

    static Goto.Condition parse(String text, Locator locator, CellSpec cell) throws RecipeException {
        int start = skipSpace(text, 0);
        Matcher m = QUANTITY.matcher(text).region(start, text.length());
        if (!m.lookingAt()) {
            throw new RecipeException(locator.at(start), "unknown quantity " + Text.quote(word(text, start))
                    + " in goto condition (expected " + QUANTITIES + ")");
        }
        Goto.Quantity quantity = quantity(m.group(1));
        int opAt = skipSpace(text, m.end());
        Comparison comparison = comparison(text, opAt);
        if (comparison == null) {
            String got = opAt < text.length() ? Text.quote(word(text, opAt)) : "the end of the condition";
            throw new RecipeException(locator.at(opAt), "expected <, <=, > or >= after "
                    + Text.quote(m.group(1)) + ", got " + got);
        }
        int valueAt = opAt + comparison.symbol().length();
        Set<Kind> kinds = kinds(quantity);
        if (skipSpace(text, valueAt) == text.length()) {
            throw new RecipeException(locator.at(valueAt), "missing value after '" + comparison.symbol()
                    + "' (expected " + Quantities.describe(kinds) + ")");
        }
        Quantity value = Quantities.parse(text, valueAt, text.length(), kinds, locator);
        return new Goto.Condition(quantity, comparison, si(value, cell, locator, skipSpace(text, valueAt)));
    }

    private static double si(Quantity value, CellSpec cell, Locator locator, int at) throws RecipeException {
        if (value.kind() != Kind.C_RATE) {
            return value.value();
        }
        if (!cell.hasNominalCapacity()) {
            throw new RecipeException(locator.at(at), "C-rate " + Text.quote(value.text())
                    + " needs cell.nominal_capacity (expected it, or a current in A or mA)");
        }
        double amps = value.value() * cell.nominalCapacityAh();
        if (!Double.isFinite(amps)) {
            throw new RecipeException(locator.at(at), "number out of range in " + Text.quote(value.text()));
        }
        return amps;
    }

    private static Goto.Quantity quantity(String written) {
        return switch (written.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")) {
            case "voltage" -> Goto.Quantity.VOLTAGE;
            case "current" -> Goto.Quantity.CURRENT;
            case "temperature" -> Goto.Quantity.TEMPERATURE;
            case "step time" -> Goto.Quantity.STEP_TIME;
            default -> Goto.Quantity.STEP_CAPACITY;
        };
    }

    private static Set<Kind> kinds(Goto.Quantity quantity) {
        return switch (quantity) {
            case VOLTAGE -> EnumSet.of(Kind.VOLTAGE);
            case CURRENT -> EnumSet.of(Kind.CURRENT, Kind.C_RATE);
            case TEMPERATURE -> EnumSet.of(Kind.TEMPERATURE);
            case STEP_TIME -> EnumSet.of(Kind.DURATION);
            case STEP_CAPACITY -> EnumSet.of(Kind.CAPACITY);
        };
    }

    /** The operator at {@code at}, longest first so {@code <=} is not read as {@code <}. */
    private static Comparison comparison(String text, int at) {
        for (Comparison c : new Comparison[] {Comparison.LESS_OR_EQUAL,
                Comparison.GREATER_OR_EQUAL, Comparison.LESS, Comparison.GREATER}) {
            if (text.startsWith(c.symbol(), at)) {
                return c;
            }
        }
        return null;
    }

    private static String word(String text, int at) {
        int end = at;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && "<>=".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return end == at ? text.substring(at, Math.min(at + 1, text.length())) : text.substring(at, end);
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
