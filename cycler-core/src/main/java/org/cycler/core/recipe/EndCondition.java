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

    /** {@code until <I>} or {@code until C/50} on a hold: current magnitude falls to {@code currentA}. */
    record CurrentFallsTo(double currentA) implements EndCondition {
        public CurrentFallsTo {
            if (!(currentA > 0) || !Double.isFinite(currentA)) {
                throw new IllegalArgumentException("current must be positive: " + currentA);
            }
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

    /** {@code until <dV/dt>}: the magnitude of the voltage slope falls to {@code voltsPerSecond}. */
    record VoltageRateFallsTo(double voltsPerSecond) implements EndCondition {
        public VoltageRateFallsTo {
            if (!(voltsPerSecond > 0) || !Double.isFinite(voltsPerSecond)) {
                throw new IllegalArgumentException("dV/dt must be positive: " + voltsPerSecond);
            }
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
