package org.cycler.hal.sim;

import java.util.Objects;

/**
 * How well a simulated channel measures and sources: the errors a real instrument's datasheet
 * gives. Errors fixed for a channel (gain and offset) are bounds: each channel draws its own,
 * uniformly within them ({@link SimulatedInstrument}); noise and jitter are standard deviations
 * drawn afresh for every reading. SI units; gains are fractions of the reading.
 *
 * <p>The shipped classes assume a channel of {@value #CABINET_CURRENT_FULL_SCALE_A} A and
 * {@value #CABINET_VOLTAGE_FULL_SCALE_V} V full scale. {@link #CABINET} is a typical formation
 * cabinet, accurate to +-0.05 % of full scale on current (gain 0.04 % of reading plus offset
 * 0.01 % FS = 0.5 mA) and +-0.02 % of full scale on voltage (gain 0.01 % plus offset 0.01 % FS =
 * 0.5 mV). {@link #SMU} is a laboratory source-measure unit, every figure ten times smaller.
 * {@link #IDEAL} is exact: readings are the model's truth and setpoints are met exactly.
 *
 * @param name               how run.json and messages name the class
 * @param currentGainError   bound of a channel's current gain error, fraction (0.0004 = 0.04 %)
 * @param currentOffsetA     bound of a channel's current offset, amperes
 * @param voltageGainError   bound of a channel's voltage gain error, fraction
 * @param voltageOffsetV     bound of a channel's voltage offset, volts
 * @param currentNoiseA      white noise on every current reading, one standard deviation, amperes
 * @param voltageNoiseV      white noise on every voltage reading, one standard deviation, volts
 * @param currentResolutionA ADC step of the current reading, amperes; 0 for none
 * @param voltageResolutionV ADC step of the voltage reading, volts; 0 for none
 * @param temperatureNoiseC  white noise on the temperature sensor, one standard deviation, degC
 * @param sampleJitterS      spread of the instant a reading is taken around its nominal time,
 *                           one standard deviation, seconds
 */
public record AccuracyClass(String name, double currentGainError, double currentOffsetA, double voltageGainError,
                            double voltageOffsetV, double currentNoiseA, double voltageNoiseV,
                            double currentResolutionA, double voltageResolutionV, double temperatureNoiseC,
                            double sampleJitterS) {

    /** Current full scale the shipped classes are specified against, amperes. */
    public static final double CABINET_CURRENT_FULL_SCALE_A = 5.0;
    /** Voltage full scale the shipped classes are specified against, volts. */
    public static final double CABINET_VOLTAGE_FULL_SCALE_V = 5.0;
    /** Largest gain error a class may give, fraction: beyond it an instrument is broken, not inaccurate. */
    public static final double MAX_GAIN_ERROR = 0.01;
    /** Largest sample jitter a class may give, seconds (a reading belongs to its tick). */
    public static final double MAX_JITTER_S = 0.01;

    /** Exact readings and setpoints: the simulator as it was before accuracy classes. */
    public static final AccuracyClass IDEAL = new AccuracyClass("ideal", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** A typical formation cabinet channel (5 V, 5 A full scale). */
    public static final AccuracyClass CABINET = new AccuracyClass("cabinet",
            0.0004, 0.0005, 0.0001, 0.0005,
            0.0005, 0.0001, 0.0001, 0.0001, 0.1, 0.002);

    /** A laboratory source-measure unit: every figure of {@link #CABINET} ten times smaller. */
    public static final AccuracyClass SMU = new AccuracyClass("smu",
            0.00004, 0.00005, 0.00001, 0.00005,
            0.00005, 0.00001, 0.00001, 0.00001, 0.01, 0.0002);

    public AccuracyClass {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an accuracy class needs a name");
        }
        gain("current gain error", currentGainError);
        gain("voltage gain error", voltageGainError);
        nonNegative("current offset", currentOffsetA);
        nonNegative("voltage offset", voltageOffsetV);
        nonNegative("current noise", currentNoiseA);
        nonNegative("voltage noise", voltageNoiseV);
        nonNegative("current resolution", currentResolutionA);
        nonNegative("voltage resolution", voltageResolutionV);
        nonNegative("temperature noise", temperatureNoiseC);
        nonNegative("sample jitter", sampleJitterS);
        if (sampleJitterS > MAX_JITTER_S) {
            throw new IllegalArgumentException("sample jitter must be at most " + MAX_JITTER_S + " s: " + sampleJitterS);
        }
    }

    /** The shipped class of that name ({@code ideal}, {@code cabinet}, {@code smu}), or null. */
    public static AccuracyClass named(String name) {
        return switch (name) {
            case "ideal" -> IDEAL;
            case "cabinet" -> CABINET;
            case "smu" -> SMU;
            default -> null;
        };
    }

    /** True when the class changes nothing: readings are the truth and setpoints exact. */
    public boolean isIdeal() {
        return currentGainError == 0 && currentOffsetA == 0 && voltageGainError == 0 && voltageOffsetV == 0
                && currentNoiseA == 0 && voltageNoiseV == 0 && currentResolutionA == 0 && voltageResolutionV == 0
                && temperatureNoiseC == 0 && sampleJitterS == 0;
    }

    private static void gain(String what, double value) {
        nonNegative(what, value);
        if (value > MAX_GAIN_ERROR) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_GAIN_ERROR + ": " + value);
        }
    }

    private static void nonNegative(String what, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be zero or positive: " + value);
        }
    }
}
