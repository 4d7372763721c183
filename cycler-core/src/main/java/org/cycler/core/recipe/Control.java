package org.cycler.core.recipe;

/**
 * What a step asks the hardware to do. SI units; current and power signed, positive = charge.
 */
public sealed interface Control {

    /**
     * +1 when the step puts charge into the cell, -1 when it takes charge out, 0 when that is not
     * known before it runs (a rest, a voltage hold).
     */
    default int direction() {
        return 0;
    }

    default boolean charges() {
        return direction() > 0;
    }

    default boolean discharges() {
        return direction() < 0;
    }

    /** Output off. */
    record Rest() implements Control {
    }

    /** Constant current, signed amperes, non-zero. */
    record ConstantCurrent(double currentA) implements Control {
        public ConstantCurrent {
            requireNonZero(currentA, "current");
        }

        @Override
        public int direction() {
            return (int) Math.signum(currentA);
        }
    }

    /** Constant current until {@code voltageV}, then hold it (CC-CV as one step). */
    record CcCv(double currentA, double voltageV) implements Control {
        public CcCv {
            requireNonZero(currentA, "current");
            requirePositive(voltageV, "voltage");
        }

        @Override
        public int direction() {
            return (int) Math.signum(currentA);
        }
    }

    /** Constant voltage; current limited in magnitude to {@code currentLimitA}. */
    record HoldVoltage(double voltageV, double currentLimitA) implements Control {
        public HoldVoltage {
            requirePositive(voltageV, "voltage");
            requirePositive(currentLimitA, "current limit");
        }
    }

    /** Constant power, signed watts, non-zero. */
    record ConstantPower(double powerW) implements Control {
        public ConstantPower {
            requireNonZero(powerW, "power");
        }

        @Override
        public int direction() {
            return (int) Math.signum(powerW);
        }
    }

    /** Discharge through a constant resistance, ohms. */
    record ConstantResistance(double resistanceOhm) implements Control {
        public ConstantResistance {
            requirePositive(resistanceOhm, "resistance");
        }

        @Override
        public int direction() {
            return -1;
        }
    }

    private static void requireNonZero(double value, String what) {
        if (value == 0 || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be finite and non-zero: " + value);
        }
    }

    private static void requirePositive(double value, String what) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be positive and finite: " + value);
        }
    }
}
