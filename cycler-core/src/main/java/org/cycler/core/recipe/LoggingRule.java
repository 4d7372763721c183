package org.cycler.core.recipe;

/**
 * When a data row is written (Arbin/Neware style): whenever {@code periodS} has passed since the
 * last row, or the voltage or current has moved by at least the delta since the last row; and
 * always at a step's start and end. A delta of {@code +Infinity} is off.
 *
 * @param periodS         seconds, positive
 * @param deltaVoltageV   volts, positive or +Infinity
 * @param deltaCurrentA   amperes, positive or +Infinity
 */
public record LoggingRule(double periodS, double deltaVoltageV, double deltaCurrentA) {

    /** What a recipe without a {@code logging:} block gets. */
    public static final LoggingRule DEFAULT = new LoggingRule(10, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    public LoggingRule {
        if (!(periodS > 0) || !Double.isFinite(periodS)) {
            throw new IllegalArgumentException("logging period must be positive: " + periodS);
        }
        if (!(deltaVoltageV > 0) || !(deltaCurrentA > 0)) {
            throw new IllegalArgumentException("logging deltas must be positive");
        }
    }

    public LoggingRule withPeriod(double seconds) {
        return new LoggingRule(seconds, deltaVoltageV, deltaCurrentA);
    }
}
