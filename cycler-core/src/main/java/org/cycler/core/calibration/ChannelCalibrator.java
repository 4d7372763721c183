package org.cycler.core.calibration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.cycler.core.BadInputException;
import org.cycler.core.schedule.RunClock;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Cycler;
import org.cycler.hal.Measurements;
import org.cycler.hal.calibration.ChannelCalibration;

/**
 * Calibrates one channel of a cycler against reference readings (docs/calibration.md). Each
 * reference point says what state the channel is held in while it is read: at rest (output off),
 * at a constant current, or at a constant voltage. The channel is put in that state, left to
 * settle, and read {@code samples} times one {@code interval} apart; the average of its raw
 * readings and the reference value make one point of {@link CalibrationFit}. The channel is left
 * at rest at the end. Points at the same state share one measurement.
 *
 * <p>The cycler must be the raw device (not a {@link org.cycler.hal.calibration.CalibratedCycler}).
 * Used on the calling thread, which it blocks for the measurements on a real clock.
 */
public final class ChannelCalibrator {

    /** How long a channel settles after a change of state before it is read, by default. */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(2);
    /** How many readings are averaged per point, by default. */
    public static final int DEFAULT_SAMPLES = 20;
    /** Time between the readings of one point, by default (the scheduler's default tick). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    /** Current limit of a constant-voltage point, amperes, by default. */
    public static final double DEFAULT_CURRENT_LIMIT_A = 1.0;

    /** The state the channel is held in while a point is read. */
    public sealed interface Hold {
        /** Output off. */
        record Rest() implements Hold {
        }

        /** Constant current, signed amperes, as sent to the channel (uncorrected). */
        record Current(double currentA) implements Hold {
        }

        /** Constant voltage, volts, as sent to the channel (uncorrected). */
        record Voltage(double voltageV) implements Hold {
        }
    }

    /**
     * A reference reading of voltage or current with the channel held in {@code hold}.
     *
     * @param reference what the reference meter read, volts or amperes
     */
    public record Reference(double reference, Hold hold) {
        public Reference {
            Objects.requireNonNull(hold, "hold");
            if (!Double.isFinite(reference)) {
                throw new IllegalArgumentException("a reference reading must be finite: " + reference);
            }
        }
    }

    /**
     * How points are measured.
     *
     * @param currentLimitA current limit of constant-voltage points, a magnitude
     */
    public record Procedure(Duration settle, int samples, Duration interval, double currentLimitA) {
        public static final Procedure DEFAULT = new Procedure(DEFAULT_SETTLE, DEFAULT_SAMPLES, DEFAULT_INTERVAL,
                DEFAULT_CURRENT_LIMIT_A);

        public Procedure {
            if (settle.isNegative() || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("settle must not be negative and the interval must be positive");
            }
            if (samples < 1) {
                throw new IllegalArgumentException("at least one sample per point: " + samples);
            }
            if (!(currentLimitA > 0) || !Double.isFinite(currentLimitA)) {
                throw new IllegalArgumentException("the current limit must be positive: " + currentLimitA);
            }
        }
    }

    /**
     * What a calibration found.
     *
     * @param voltagePoints the voltage points, reference beside raw average
     * @param currentPoints the current points
     */
    public record Result(ChannelCalibration calibration, List<CalibrationFit.Point> voltagePoints,
                         List<CalibrationFit.Point> currentPoints) {
    }

    private final Cycler cycler;
    private final RunClock clock;
    private final Procedure procedure;

    public ChannelCalibrator(Cycler cycler, RunClock clock, Procedure procedure) {
        this.cycler = Objects.requireNonNull(cycler, "cycler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.procedure = Objects.requireNonNull(procedure, "procedure");
    }

    /**
     * Measures the points on {@code channel} and fits its calibration, keeping from
     * {@code earlier} what the points do not fix.
     *
     * @throws BadInputException when a point cannot be read (the channel reports a fault or no
     *                           reading) or the points give no usable calibration
     */
    public Result calibrate(int channel, List<Reference> voltage, List<Reference> current, ChannelCalibration earlier)
            throws BadInputException {
        if (channel < 1 || channel > cycler.channelCount()) {
            throw new BadInputException("--channel " + channel + ": the device has channels 1.." + cycler.channelCount());
        }
        Map<Hold, double[]> measured = new HashMap<>();
        List<CalibrationFit.Point> v = new ArrayList<>();
        List<CalibrationFit.Point> i = new ArrayList<>();
        try {
            for (Reference r : voltage) {
                v.add(new CalibrationFit.Point(r.reference(), measured.computeIfAbsent(r.hold(), h -> measure(channel, h))[0]));
            }
            for (Reference r : current) {
                i.add(new CalibrationFit.Point(r.reference(), measured.computeIfAbsent(r.hold(), h -> measure(channel, h))[1]));
            }
        } catch (UnreadableChannel e) {
            throw new BadInputException(e.getMessage(), e);
        } finally {
            cycler.apply(List.of(new ChannelCommand.Rest(channel)));
        }
        try {
            CalibrationFit.Line vl = CalibrationFit.fit(v, new CalibrationFit.Line(earlier.voltageGain(),
                    earlier.voltageOffsetV()), "--reference-v");
            CalibrationFit.Line il = CalibrationFit.fit(i, new CalibrationFit.Line(earlier.currentGain(),
                    earlier.currentOffsetA()), "--reference-i");
            return new Result(new ChannelCalibration(vl.gain(), vl.offset(), il.gain(), il.offset()), List.copyOf(v),
                    List.copyOf(i));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("channel " + channel + ": " + e.getMessage()
                    + " (check the reference values and what the channel was connected to)", e);
        }
    }

    /** Holds the channel in {@code hold}, lets it settle, and averages its raw readings: {V, I}. */
    private double[] measure(int channel, Hold hold) {
        ChannelCommand command = switch (hold) {
            case Hold.Rest r -> new ChannelCommand.Rest(channel);
            case Hold.Current c -> new ChannelCommand.ConstantCurrent(channel, c.currentA());
            case Hold.Voltage u -> new ChannelCommand.ConstantVoltage(channel, u.voltageV(), procedure.currentLimitA());
        };
        cycler.apply(List.of(command));
        Measurements m = new Measurements(cycler.channelCount());
        long t = clock.awaitUntil(clock.ticker().nanos() + procedure.settle().toNanos());
        double sumV = 0;
        double sumI = 0;
        for (int k = 0; k < procedure.samples(); k++) {
            t = clock.awaitUntil(t + procedure.interval().toNanos());
            cycler.read(m);
            if (m.status(channel) != 0 || !Double.isFinite(m.voltage(channel)) || !Double.isFinite(m.current(channel))) {
                String why = cycler.lastProblem();
                throw new UnreadableChannel("channel " + channel + " gave no valid reading while held at " + describe(hold)
                        + " (status bits " + m.status(channel) + (why.isEmpty() ? "" : ", " + why) + ")");
            }
            sumV += m.voltage(channel);
            sumI += m.current(channel);
        }
        return new double[] {sumV / procedure.samples(), sumI / procedure.samples()};
    }

    static String describe(Hold hold) {
        return switch (hold) {
            case Hold.Rest r -> "rest";
            case Hold.Current c -> c.currentA() + " A";
            case Hold.Voltage v -> v.voltageV() + " V";
        };
    }

    private static final class UnreadableChannel extends RuntimeException {
        UnreadableChannel(String message) {
            super(message);
        }
    }
}
