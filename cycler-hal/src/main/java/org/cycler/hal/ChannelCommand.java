package org.cycler.hal;

/**
 * A setpoint for one channel, applied in a batch by {@link Cycler#apply}. Immutable.
 *
 * <p>Units are SI; current and power are signed, <b>positive = charge, negative = discharge</b>.
 * Channel numbers are 1-based, as on the hardware's front panel and in SCPI channel lists.
 * A command replaces whatever the channel was doing; {@link Rest} turns the output off.
 */
public sealed interface ChannelCommand {

    /** 1-based channel number. */
    int channel();

    /** The control mode this command puts the channel in. */
    Mode mode();

    /** Output off, accumulators elsewhere untouched. */
    record Rest(int channel) implements ChannelCommand {
        public Rest {
            checkChannel(channel);
        }

        @Override
        public Mode mode() {
            return Mode.REST;
        }
    }

    /** Constant current, signed amperes. */
    record ConstantCurrent(int channel, double currentA) implements ChannelCommand {
        public ConstantCurrent {
            checkChannel(channel);
            checkFinite(currentA, "current");
        }

        @Override
        public Mode mode() {
            return Mode.CC;
        }
    }

    /**
     * Constant voltage; the hardware sources or sinks whatever current holds the voltage, up to
     * {@code currentLimitA} in magnitude.
     */
    record ConstantVoltage(int channel, double voltageV, double currentLimitA) implements ChannelCommand {
        public ConstantVoltage {
            checkChannel(channel);
            checkPositive(voltageV, "voltage");
            checkPositive(currentLimitA, "current limit");
        }

        @Override
        public Mode mode() {
            return Mode.CV;
        }
    }

    /**
     * Constant current at {@code currentA} (signed) until the terminal voltage reaches
     * {@code voltageV}, then constant voltage with the current decaying; no gap between phases.
     */
    record CcCv(int channel, double currentA, double voltageV) implements ChannelCommand {
        public CcCv {
            checkChannel(channel);
            checkFinite(currentA, "current");
            if (currentA == 0) {
                throw new IllegalArgumentException("CC-CV current must not be zero");
            }
            checkPositive(voltageV, "voltage");
        }

        @Override
        public Mode mode() {
            return Mode.CCCV;
        }
    }

    /** Constant power, signed watts. */
    record ConstantPower(int channel, double powerW) implements ChannelCommand {
        public ConstantPower {
            checkChannel(channel);
            checkFinite(powerW, "power");
        }

        @Override
        public Mode mode() {
            return Mode.CP;
        }
    }

    /** Constant-resistance load: the cell discharges through {@code resistanceOhm}. */
    record ConstantResistance(int channel, double resistanceOhm) implements ChannelCommand {
        public ConstantResistance {
            checkChannel(channel);
            checkPositive(resistanceOhm, "resistance");
        }

        @Override
        public Mode mode() {
            return Mode.CR;
        }
    }

    private static void checkChannel(int channel) {
        if (channel < 1) {
            throw new IllegalArgumentException("channel numbers start at 1: " + channel);
        }
    }

    private static void checkFinite(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be finite: " + value);
        }
    }

    private static void checkPositive(double value, String what) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be positive and finite: " + value);
        }
    }
}
