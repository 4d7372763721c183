package org.cycler.core.recipe.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cycler.core.recipe.CellSpec;
import org.cycler.core.recipe.Control;
import org.cycler.core.recipe.Direction;
import org.cycler.core.recipe.EndCondition;
import org.cycler.core.recipe.Goto;
import org.cycler.core.recipe.LoggingRule;
import org.cycler.core.recipe.Loop;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeNode;
import org.cycler.core.recipe.SafetyLimits;
import org.cycler.core.recipe.Step;

/**
 * A compact, one-screen text summary of a parsed recipe, as {@code cycler validate} prints it:
 * name, cell, safety, logging, then one line per step with its ID, control mode and setpoint as
 * resolved (C-rates in amperes, signs as words), end conditions, measure tag, gotos and logging
 * override, indented under its {@code cycle: N} loops; last a count line such as
 * {@code 18 steps, 2 loops, 61 step executions} (executions ignore gotos).
 *
 * <p>Numbers are {@link Locale#ROOT}, SI units printed after each value, durations in the
 * largest of d, h, min, s. Lines end with {@code \n}. Stateless and thread-safe.
 */
public final class RecipeSummary {

    private static final String INDENT = "  ";
    private static final int LABEL_WIDTH = 9;

    private RecipeSummary() {
    }

    /** The summary of {@code recipe}, several lines, each ending with a newline. */
    public static String describe(Recipe recipe) {
        StringBuilder out = new StringBuilder();
        header(out, "recipe", Text.oneLine(recipe.name()));
        header(out, "cell", cell(recipe.cell()));
        header(out, "safety", safetyLine(recipe));
        header(out, "logging", logging(recipe.logging()));
        out.append("steps\n");
        List<String[]> rows = new ArrayList<>();
        rows(recipe.body(), "", recipe.logging(), rows);
        int width = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        for (String[] row : rows) {
            String line = row[2].isEmpty() ? row[0] + "  " + row[1]
                    : row[0] + "  " + row[1] + " ".repeat(width - row[1].length()) + "  " + row[2];
            out.append(line.stripTrailing()).append('\n');
        }
        int steps = recipe.steps().size();
        int loops = loops(recipe.body());
        long executions = executions(recipe.body());
        out.append(plural(steps, "step")).append(", ").append(plural(loops, "loop")).append(", ")
                .append(plural(executions, "step execution")).append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, String label, String value) {
        out.append(label).append(" ".repeat(LABEL_WIDTH - label.length())).append(value).append('\n');
    }

    /** One row per step ({@code id, control, ends and markers}) or loop ({@code "", cycle: N, ""}). */
    private static void rows(List<RecipeNode> nodes, String indent, LoggingRule recipeLogging, List<String[]> rows) {
        for (RecipeNode node : nodes) {
            switch (node) {
                case Step step -> rows.add(new String[] {String.format(Locale.ROOT, "%4d", step.id()),
                        indent + control(step.control()), ends(step) + markers(step, recipeLogging)});
                case Loop loop -> {
                    rows.add(new String[] {"    ", indent + "cycle: " + loop.count(), ""});
                    rows(loop.body(), indent + INDENT, recipeLogging, rows);
                }
            }
        }
    }

    private static String cell(CellSpec cell) {
        String capacity = cell.hasNominalCapacity()
                ? "nominal capacity " + Text.withUnit(cell.nominalCapacityAh(), "Ah") : "no nominal capacity";
        return capacity + cell.chemistry().map(c -> ", " + c).orElse("");
    }

    /**
     * The limits a recipe runs with and where they come from: {@code voltage 2.4 V to 4.25 V, ...},
     * {@code voltage 2.5 V to 4.25 V, ... (NMC defaults: the recipe has no safety block)}, or
     * {@code none (...)} when it has neither a safety block nor a chemistry.
     */
    public static String safetyLine(Recipe recipe) {
        return switch (recipe.safetyOrigin()) {
            case RECIPE -> safety(recipe.safety());
            case CHEMISTRY_DEFAULTS -> safety(recipe.safety()) + " (" + recipe.cell().chemistry().orElse("")
                    + " defaults: the recipe has no safety block)";
            case NONE -> "none (no safety block and no cell.chemistry: 'cycler run' refuses it, "
                    + "except on the simulator with --no-safety-limits)";
        };
    }

    private static String safety(SafetyLimits s) {
        List<String> parts = new ArrayList<>();
        if (Double.isFinite(s.minVoltageV()) || Double.isFinite(s.maxVoltageV())) {
            parts.add("voltage " + Text.withUnit(s.minVoltageV(), "V") + " to " + Text.withUnit(s.maxVoltageV(), "V"));
        }
        if (Double.isFinite(s.maxCurrentA())) {
            parts.add("current " + Text.withUnit(s.maxCurrentA(), "A"));
        }
        if (Double.isFinite(s.minTemperatureC()) || Double.isFinite(s.maxTemperatureC())) {
            parts.add("temperature " + Text.withUnit(s.minTemperatureC(), "degC") + " to "
                    + Text.withUnit(s.maxTemperatureC(), "degC"));
        }
        if (Double.isFinite(s.maxChargeCapacityAh())) {
            parts.add("charge capacity " + Text.withUnit(s.maxChargeCapacityAh(), "Ah"));
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String logging(LoggingRule rule) {
        StringBuilder out = new StringBuilder("every ").append(Text.duration(rule.periodS()));
        if (Double.isFinite(rule.deltaVoltageV())) {
            out.append(" or dV ").append(Text.withUnit(rule.deltaVoltageV(), "V"));
        }
        if (Double.isFinite(rule.deltaCurrentA())) {
            out.append(" or dI ").append(Text.withUnit(rule.deltaCurrentA(), "A"));
        }
        return out.toString();
    }

    private static String control(Control control) {
        return switch (control) {
            case Control.Rest r -> "rest";
            case Control.ConstantCurrent c -> "CC " + sign(c.currentA()) + " " + Text.withUnit(Math.abs(c.currentA()), "A");
            case Control.CcCv c -> "CC-CV " + sign(c.currentA()) + " " + Text.withUnit(Math.abs(c.currentA()), "A")
                    + " to " + Text.withUnit(c.voltageV(), "V");
            case Control.HoldVoltage h -> "CV " + Text.withUnit(h.voltageV(), "V") + " limit "
                    + Text.withUnit(h.currentLimitA(), "A");
            case Control.ConstantPower p -> "CP " + sign(p.powerW()) + " " + Text.withUnit(Math.abs(p.powerW()), "W");
            case Control.ConstantResistance r -> "CR discharge " + Text.withUnit(r.resistanceOhm(), "Ohm");
        };
    }

    private static String sign(double value) {
        return value > 0 ? "charge" : "discharge";
    }

    private static String ends(Step step) {
        List<String> parts = new ArrayList<>();
        for (EndCondition end : step.ends()) {
            parts.add(end(end));
        }
        return "until " + String.join(" or ", parts);
    }

    private static String end(EndCondition end) {
        return switch (end) {
            case EndCondition.Elapsed e -> "t >= " + Text.duration(e.seconds());
            case EndCondition.VoltageReaches v -> "V " + op(v.direction()) + " " + Text.withUnit(v.voltageV(), "V");
            case EndCondition.CurrentFallsTo c -> "|I| <= " + Text.withUnit(c.currentA(), "A");
            case EndCondition.CapacityReaches c -> "Q >= " + Text.withUnit(c.capacityAh(), "Ah");
            case EndCondition.VoltageRateFallsTo r -> "|dV/dt| <= " + Text.withUnit(r.voltsPerSecond(), "V/s");
            case EndCondition.TemperatureReaches t -> "T " + op(t.direction()) + " "
                    + Text.withUnit(t.temperatureC(), "degC");
        };
    }

    private static String op(Direction direction) {
        return switch (direction) {
            case RISING -> ">=";
            case FALLING -> "<=";
            case EITHER -> "reaches";
        };
    }

    private static String markers(Step step, LoggingRule recipeLogging) {
        StringBuilder out = new StringBuilder();
        step.measure().ifPresent(m -> out.append("  [measure ").append(m.tag()).append(']'));
        for (Goto g : step.gotos()) {
            out.append("  [goto ").append(g.targetStepId() == Goto.END ? "end" : String.valueOf(g.targetStepId()))
                    .append(" if ").append(condition(g.condition())).append(']');
        }
        step.logging().filter(rule -> !rule.equals(recipeLogging))
                .ifPresent(rule -> out.append("  [log ").append(logging(rule)).append(']'));
        return out.toString();
    }

    private static String condition(Goto.Condition c) {
        String value = switch (c.quantity()) {
            case VOLTAGE -> Text.withUnit(c.value(), "V");
            case CURRENT -> Text.withUnit(c.value(), "A");
            case TEMPERATURE -> Text.withUnit(c.value(), "degC");
            case STEP_TIME -> Text.duration(c.value());
            case STEP_CAPACITY -> Text.withUnit(c.value(), "Ah");
        };
        String quantity = c.quantity().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return quantity + " " + c.comparison().symbol() + " " + value;
    }

    private static int loops(List<RecipeNode> nodes) {
        int count = 0;
        for (RecipeNode node : nodes) {
            if (node instanceof Loop loop) {
                count += 1 + loops(loop.body());
            }
        }
        return count;
    }

    /** Steps started by one pass through the recipe without gotos; saturates at {@link Long#MAX_VALUE}. */
    private static long executions(List<RecipeNode> nodes) {
        long total = 0;
        for (RecipeNode node : nodes) {
            long n = switch (node) {
                case Step step -> 1;
                case Loop loop -> saturatedMultiply(loop.count(), executions(loop.body()));
            };
            total = total > Long.MAX_VALUE - n ? Long.MAX_VALUE : total + n;
        }
        return total;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
