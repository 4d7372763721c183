package org.cycler.core.recipe;

/**
 * One way a step ends. A step's conditions are joined with {@code or}: the first that holds ends
 * the step. SI units.
 */
public sealed interface EndCondition {

    /** {@code for <duration>}: step time reaches {@code seconds}. */
    record Elapsed(double seconds) implements EndCondition {
        public Elapsed {
            if (!(seconds > 0) || !Double.isFinite(seconds)) {
                throw new IllegalArgumentException("duration must be positive: " + seconds);
            }
        }
    }

    /** {@code until <V>}: charge steps end rising, discharge steps falling, others either way. */
    record VoltageReaches(double voltageV, Direction direction) implements EndCondition {
        public VoltageReaches {
            if (!(voltageV > 0) || !Double.isFinite(voltageV)) {
                throw new IllegalArgumentException("voltage must be positive: " + voltageV);
            }
        }
    }

    /**
     * {@code until <I>} or {@code until C/50} on a hold: the current magnitude has been at or below
     * {@code currentA} on every reading for {@code holdS} seconds, so one noisy reading does not end
     * the step ({@code until C/50 over 30 s} sets the window; {@value #DEFAULT_HOLD_S} s unless written).
     */
    record CurrentFallsTo(double currentA, double holdS) implements EndCondition {
        /** How long the current must stay at or below the cut-off unless the step says, seconds. */
        public static final double DEFAULT_HOLD_S = 10.0;

        public CurrentFallsTo {
            if (!(currentA > 0) || !Double.isFinite(currentA)) {
                throw new IllegalArgumentException("current must be positive: " + currentA);
            }
            if (!(holdS >= 0) || !Double.isFinite(holdS)) {
                throw new IllegalArgumentException("hold window must be zero or positive: " + holdS);
            }
        }

        /** With the {@link #DEFAULT_HOLD_S default window}. */
        public CurrentFallsTo(double currentA) {
            this(currentA, DEFAULT_HOLD_S);
        }
    }

    /** {@code until <capacity>}: the step's charge (or discharge) capacity reaches {@code capacityAh}. */
    record CapacityReaches(double capacityAh) implements EndCondition {
        public CapacityReaches {
            if (!(capacityAh > 0) || !Double.isFinite(capacityAh)) {
                throw new IllegalArgumentException("capacity must be positive: " + capacityAh);
            }
        }
    }

    /**
     * {@code until <dV/dt>}: the magnitude of the voltage slope, a least-squares fit over the last
     * {@code windowS} seconds of the step, falls to {@code voltsPerSecond}
     * ({@code until 1 mV/min over 2 minutes} sets the window; {@value #DEFAULT_WINDOW_S} s unless
     * written). The slope is first known once the step has run for the window.
     */
    record VoltageRateFallsTo(double voltsPerSecond, double windowS) implements EndCondition {
        /** The fit's window unless the step says, seconds. */
        public static final double DEFAULT_WINDOW_S = 120.0;
        /** The shortest window: the slope is fitted to one-second means. */
        public static final double MIN_WINDOW_S = 2.0;

        public VoltageRateFallsTo {
            if (!(voltsPerSecond > 0) || !Double.isFinite(voltsPerSecond)) {
                throw new IllegalArgumentException("dV/dt must be positive: " + voltsPerSecond);
            }
            if (!(windowS >= MIN_WINDOW_S) || !Double.isFinite(windowS)) {
                throw new IllegalArgumentException("dV/dt window must be at least " + MIN_WINDOW_S + " s: " + windowS);
            }
        }

        /** With the {@link #DEFAULT_WINDOW_S default window}. */
        public VoltageRateFallsTo(double voltsPerSecond) {
            this(voltsPerSecond, DEFAULT_WINDOW_S);
        }
    }

    /** {@code until <T>}: cell temperature reaches {@code temperatureC}. */
    record TemperatureReaches(double temperatureC, Direction direction) implements EndCondition {
        public TemperatureReaches {
            if (!Double.isFinite(temperatureC)) {
                throw new IllegalArgumentException("temperature must be finite: " + temperatureC);
            }
        }
    }
}
