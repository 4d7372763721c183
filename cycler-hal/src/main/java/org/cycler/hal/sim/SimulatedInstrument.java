package org.cycler.hal.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.cycler.hal.Measurements;

/**
 * What stands between the simulated cells and the scheduler: the channels' measuring and sourcing
 * electronics, with the errors of an {@link AccuracyClass}. The cell model keeps the truth; this
 * class turns it into what the instrument reports, and turns a setpoint into what the output
 * really delivers.
 *
 * <p><b>Fixed errors.</b> Each channel has a current and a voltage gain error and offset, drawn
 * once from the lot's seed, uniformly within the class's bounds ({@link #errors}). A reading is
 * {@code gain * truth + offset}, {@code gain = 1 + gainError}. The output regulates on its own
 * reading, as real hardware does: a CC setpoint {@code I} delivers the true current
 * {@code (I - offset) / gain}, a CV setpoint the true voltage {@code (V - offset) / gain}, so the
 * reported value meets the setpoint and the truth carries the error (a power setpoint is met
 * within both gains, a resistance within their ratio; a CV current limit within the current gain).
 *
 * <p><b>Per-reading errors</b>, drawn from their own seeded stream in reading order (so a run is
 * deterministic for its seeds, replayed runs included): the reading is taken at its nominal
 * instant plus a Gaussian jitter (the model's value is interpolated along its change since the
 * previous reading, unless a command came in between), then white Gaussian noise is added and the
 * result is rounded to the ADC step. The temperature sensor adds its own noise.
 *
 * <p>Not thread-safe: owned by the {@link SimulatedCycler} that calls it, on its control thread.
 * Allocates nothing per reading.
 */
public final class SimulatedInstrument {

    /** Mixed into the lot's seed so the channel errors do not repeat the cells' own random streams. */
    private static final long ERROR_STREAM_SALT = 0x5DEECE66DL * 0x9E3779B97F4A7C15L;
    private static final double NANOS_PER_SECOND = 1e9;

    /**
     * One channel's fixed errors, signed: a reading is {@code (1 + gainError) * truth + offset}.
     *
     * @param currentGainError fraction of the reading
     * @param currentOffsetA   amperes
     * @param voltageGainError fraction of the reading
     * @param voltageOffsetV   volts
     */
    public record ChannelErrors(double currentGainError, double currentOffsetA, double voltageGainError,
                                double voltageOffsetV) {

        /** No error. */
        public static final ChannelErrors NONE = new ChannelErrors(0, 0, 0, 0);
    }

    private final AccuracyClass accuracy;
    private final List<ChannelErrors> errors;
    private final double[] currentGain;
    private final double[] currentOffset;
    private final double[] voltageGain;
    private final double[] voltageOffset;
    private final double[] previousV;
    private final double[] previousI;
    private final boolean[] commanded;
    private final SplittableRandom noise;
    private long previousNanos;
    private double gapS;
    private boolean primed;

    /**
     * @param accuracy  the class the channels are built to
     * @param count     channels
     * @param seed      the lot's seed: the channels' fixed errors ({@link #errors})
     * @param noiseSeed the stream of per-reading noise and jitter
     */
    public SimulatedInstrument(AccuracyClass accuracy, int count, long seed, long noiseSeed) {
        this.accuracy = Objects.requireNonNull(accuracy, "accuracy");
        this.errors = errors(accuracy, count, seed);
        currentGain = new double[count];
        currentOffset = new double[count];
        voltageGain = new double[count];
        voltageOffset = new double[count];
        previousV = new double[count];
        previousI = new double[count];
        commanded = new boolean[count];
        for (int i = 0; i < count; i++) {
            ChannelErrors e = errors.get(i);
            currentGain[i] = 1 + e.currentGainError();
            currentOffset[i] = e.currentOffsetA();
            voltageGain[i] = 1 + e.voltageGainError();
            voltageOffset[i] = e.voltageOffsetV();
        }
        noise = new SplittableRandom(noiseSeed);
    }

    /**
     * The fixed errors of {@code count} channels built to {@code accuracy}, channel {@code i + 1}
     * at index {@code i}: each channel draws from its own stream split off {@code seed}, so a
     * channel's errors do not depend on the channel count. All {@link ChannelErrors#NONE} for an
     * ideal class.
     */
    public static List<ChannelErrors> errors(AccuracyClass accuracy, int count, long seed) {
        List<ChannelErrors> out = new ArrayList<>(count);
        SplittableRandom root = new SplittableRandom(seed ^ ERROR_STREAM_SALT);
        for (int i = 0; i < count; i++) {
            SplittableRandom r = root.split();
            out.add(accuracy.isIdeal() ? ChannelErrors.NONE : new ChannelErrors(
                    within(r, accuracy.currentGainError()), within(r, accuracy.currentOffsetA()),
                    within(r, accuracy.voltageGainError()), within(r, accuracy.voltageOffsetV())));
        }
        return List.copyOf(out);
    }

    public AccuracyClass accuracy() {
        return accuracy;
    }

    /** The channels' fixed errors, in channel order. */
    public List<ChannelErrors> errors() {
        return errors;
    }

    /** The true current a current setpoint delivers on channel index {@code i}, amperes. */
    double sourceCurrent(int i, double setpointA) {
        commanded[i] = true;
        return (setpointA - currentOffset[i]) / currentGain[i];
    }

    /** The true voltage a voltage setpoint holds on channel index {@code i}, volts. */
    double sourceVoltage(int i, double setpointV) {
        commanded[i] = true;
        return (setpointV - voltageOffset[i]) / voltageGain[i];
    }

    /** The true magnitude a current limit allows, amperes. */
    double currentLimit(int i, double limitA) {
        return limitA / currentGain[i];
    }

    /** The true power a power setpoint delivers, watts. */
    double sourcePower(int i, double setpointW) {
        commanded[i] = true;
        return setpointW / (currentGain[i] * voltageGain[i]);
    }

    /** The true load a resistance setpoint presents, ohms. */
    double sourceResistance(int i, double setpointOhm) {
        commanded[i] = true;
        return setpointOhm * currentGain[i] / voltageGain[i];
    }

    /** Marks channel index {@code i} as commanded since the last reading (output off included). */
    void commanded(int i) {
        commanded[i] = true;
    }

    /** Starts a batch of readings at {@code nanos}: the gap since the previous one sets the jitter's reach. */
    void startReading(long nanos) {
        gapS = primed ? (nanos - previousNanos) / NANOS_PER_SECOND : 0;
        previousNanos = nanos;
        primed = true;
    }

    /** Writes what channel index {@code i} reports for the model's true values into {@code into}. */
    void report(Measurements into, int i, double trueV, double trueI, double trueT, int status) {
        double v = trueV;
        double c = trueI;
        if (gapS > 0 && !commanded[i] && accuracy.sampleJitterS() > 0) {
            double early = Math.max(-gapS, Math.min(gapS, accuracy.sampleJitterS() * noise.nextGaussian())) / gapS;
            v -= (trueV - previousV[i]) * early;
            c -= (trueI - previousI[i]) * early;
        }
        commanded[i] = false;
        previousV[i] = trueV;
        previousI[i] = trueI;
        v = quantise(voltageGain[i] * v + voltageOffset[i] + gaussian(accuracy.voltageNoiseV()),
                accuracy.voltageResolutionV());
        c = quantise(currentGain[i] * c + currentOffset[i] + gaussian(accuracy.currentNoiseA()),
                accuracy.currentResolutionA());
        into.set(i + 1, v, c, trueT + gaussian(accuracy.temperatureNoiseC()), status);
    }

    private double gaussian(double sigma) {
        return sigma == 0 ? 0 : sigma * noise.nextGaussian();
    }

    private static double quantise(double value, double step) {
        return step == 0 ? value : Math.rint(value / step) * step;
    }

    private static double within(SplittableRandom r, double bound) {
        return bound == 0 ? 0 : bound * (2 * r.nextDouble() - 1);
    }
}
