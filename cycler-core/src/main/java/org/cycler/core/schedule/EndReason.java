package org.cycler.core.schedule;

import java.util.Locale;

import org.cycler.core.recipe.Direction;
import org.cycler.core.recipe.EndCondition;
import org.cycler.core.recipe.Goto;

/**
 * How the journal's {@code STEP_END} says why a step ended: the end condition or goto that fired,
 * with the threshold and the value the reading had, e.g. {@code end: voltage >= 4.2 V (saw
 * 4.200012 V)} or {@code goto 7: voltage < 3.0 V (saw 2.999871 V)}. SI units, {@link Locale#ROOT}.
 * Stateless.
 */
final class EndReason {

    private EndReason() {
    }

    /** {@code end} fired, crossing in {@code direction} (null where it has none), at {@code seen}. */
    static String of(EndCondition end, Direction direction, double seen) {
        return "end: " + switch (end) {
            case EndCondition.Elapsed e -> "step time >= " + number(e.seconds()) + " s (saw " + fixed(seen, 3) + " s)";
            case EndCondition.VoltageReaches e -> "voltage " + op(direction) + " " + number(e.voltageV()) + " V (saw "
                    + fixed(seen, 6) + " V)";
            case EndCondition.CurrentFallsTo e -> "|current| <= " + number(e.currentA()) + " A (saw " + fixed(seen, 6) + " A)";
            case EndCondition.CapacityReaches e -> "step capacity >= " + number(e.capacityAh()) + " Ah (saw "
                    + fixed(seen, 7) + " Ah)";
            case EndCondition.VoltageRateFallsTo e -> "|dV/dt| <= " + number(e.voltsPerSecond()) + " V/s (saw "
                    + String.format(Locale.ROOT, "%.3e", seen) + " V/s)";
            case EndCondition.TemperatureReaches e -> "temperature " + op(direction) + " " + number(e.temperatureC())
                    + " degC (saw " + fixed(seen, 3) + " degC)";
        };
    }

    /** {@code jump} fired at {@code seen}. */
    static String of(Goto jump, double seen) {
        Goto.Condition c = jump.condition();
        String unit = switch (c.quantity()) {
            case VOLTAGE -> "V";
            case CURRENT -> "A";
            case TEMPERATURE -> "degC";
            case STEP_TIME -> "s";
            case STEP_CAPACITY -> "Ah";
        };
        return "goto " + (jump.targetStepId() == Goto.END ? "end" : Integer.toString(jump.targetStepId())) + ": "
                + c.quantity().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + c.comparison().symbol() + " "
                + number(c.value()) + " " + unit + " (saw " + fixed(seen, 6) + " " + unit + ")";
    }

    private static String op(Direction direction) {
        return direction == Direction.FALLING ? "<=" : ">=";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }

    private static String fixed(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }
}
