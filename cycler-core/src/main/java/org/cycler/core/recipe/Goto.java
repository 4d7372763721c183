package org.cycler.core.recipe;

import java.util.Objects;

/**
 * A conditional transition (Arbin/Maccor style): while the step runs, when {@code condition}
 * holds the step ends and the channel continues at {@code targetStepId} instead of the next step.
 *
 * @param targetStepId a step ID, or {@link #END} to finish the recipe
 */
public record Goto(Condition condition, int targetStepId, SourceLocation location) {

    /** Target meaning "the end of the recipe". */
    public static final int END = 0;

    public Goto {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(location, "location");
        if (targetStepId < 0) {
            throw new IllegalArgumentException("goto target must be a step ID or END: " + targetStepId);
        }
    }

    /** What a condition looks at. */
    public enum Quantity {
        /** Terminal voltage, volts. */
        VOLTAGE,
        /** Signed current, amperes. */
        CURRENT,
        /** Cell temperature, degrees Celsius. */
        TEMPERATURE,
        /** Time in the step, seconds. */
        STEP_TIME,
        /** The step's charge plus discharge capacity, ampere-hours. */
        STEP_CAPACITY
    }

    /** {@code quantity op value}, value in SI units. */
    public record Condition(Quantity quantity, Comparison comparison, double value) {
        public Condition {
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(comparison, "comparison");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("condition value must be finite: " + value);
            }
        }
    }
}
