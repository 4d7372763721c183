package org.cycler.core.recipe;

/**
 * What a step asks the hardware to do. SI units; current and power signed, positive = charge.
 */
public sealed interface Control {

    /** True when the step puts charge into the cell (a hold is neither until it runs). */
    default boolean charges() {
        return false;
    }

    /** True when the step takes charge out of the cell. */
    default boolean discharges() {
        return false;
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
        public boolean charges() {
            return currentA > 0;
        }

        @Override
        public boolean discharges() {
            return currentA < 0;
        }
    }

    /** Constant current until {@code voltageV}, then hold it (CC-CV as one step). */
    record CcCv(double currentA, double voltageV) implements Control {
        public CcCv {
            requireNonZero(currentA, "current");
            requirePositive(voltageV, "voltage");
        }

        @Override
        public boolean charges() {
            return currentA > 0;
        }

        @Override
        public boolean discharges() {
            return currentA < 0;
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
        public boolean charges() {
            return powerW > 0;
        }

        @Override
        public boolean discharges() {
            return powerW < 0;
        }
    }

    /** Discharge through a constant resistance, ohms. */
    record ConstantResistance(double resistanceOhm) implements Control {
        public ConstantResistance {
            requirePositive(resistanceOhm, "resistance");
        }

        @Override
        public boolean discharges() {
            return true;
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
