package org.cycler.hal.calibration;

/**
 * How one channel's readings relate to the truth, as a calibration against a reference meter found
 * it: the channel reads {@code raw = gain * true + offset}, for voltage and for current alike.
 * Immutable; validates itself.
 *
 * <p><b>Readings</b> are corrected as {@code true = (raw - offset) / gain}.
 * <b>Setpoints</b> are pre-corrected the inverse way, {@code sent = gain * wanted + offset}: the
 * hardware regulates on its own (raw) reading, so a channel told {@code sent} delivers
 * {@code wanted}. A current limit is a magnitude and is scaled by the current gain only; a power
 * setpoint is scaled by both gains, a resistance by {@code voltageGain / currentGain} (the offsets
 * are left out of both, being negligible beside the values they act on, and not separable from a
 * product or a ratio).
 *
 * @param voltageGain    raw volts per true volt, near 1
 * @param voltageOffsetV raw reading at a true 0 V, volts
 * @param currentGain    raw amperes per true ampere, near 1
 * @param currentOffsetA raw reading at a true 0 A, amperes (positive = charge)
 */
public record ChannelCalibration(double voltageGain, double voltageOffsetV, double currentGain,
                                 double currentOffsetA) {

    /** Largest gain deviation from 1 a calibration may hold: beyond it a channel is broken, not off. */
    public static final double MAX_GAIN_DEVIATION = 0.05;

    /** No correction: readings and setpoints pass unchanged. */
    public static final ChannelCalibration IDENTITY = new ChannelCalibration(1, 0, 1, 0);

    public ChannelCalibration {
        gain("voltage gain", voltageGain);
        gain("current gain", currentGain);
        finite("voltage offset", voltageOffsetV);
        finite("current offset", currentOffsetA);
    }

    /** The true voltage of a raw voltage reading. */
    public double voltage(double rawV) {
        return (rawV - voltageOffsetV) / voltageGain;
    }

    /** The true current of a raw current reading. */
    public double current(double rawA) {
        return (rawA - currentOffsetA) / currentGain;
    }

    /** The voltage setpoint to send so that the channel holds {@code wantedV}. */
    public double voltageSetpoint(double wantedV) {
        return voltageGain * wantedV + voltageOffsetV;
    }

    /** The current setpoint to send so that the channel delivers {@code wantedA}. */
    public double currentSetpoint(double wantedA) {
        return currentGain * wantedA + currentOffsetA;
    }

    /** True when nothing is corrected. */
    public boolean isIdentity() {
        return equals(IDENTITY);
    }

    private static void gain(String what, double value) {
        if (!(Math.abs(value - 1) <= MAX_GAIN_DEVIATION)) {
            throw new IllegalArgumentException(what + " must be within " + MAX_GAIN_DEVIATION + " of 1: " + value);
        }
    }

    private static void finite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be finite: " + value);
        }
    }
}
