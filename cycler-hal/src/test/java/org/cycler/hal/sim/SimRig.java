package org.cycler.hal.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Measurements;
import org.cycler.hal.VirtualTicker;

/**
 * A minimal test bench around a {@link SimulatedCycler} on a virtual clock: ticks of one second,
 * steps that end per channel on their own condition, and charge counted from the measured
 * current (exact here, because the current is constant over each one-second sub-step).
 */
final class SimRig {

    static final double AMBIENT_C = 25.0;
    static final long TICK_NANOS = 1_000_000_000L;
    static final double TICK_S = 1.0;
    static final Duration LONGEST_STEP = Duration.ofHours(100);

    /** When a channel's step ends, from its latest reading and the step's elapsed time. */
    @FunctionalInterface
    interface End {
        boolean reached(Measurements m, int channel, double stepSeconds);
    }

    final VirtualTicker ticker = new VirtualTicker();
    final SimulatedCycler cycler;
    final Measurements m;

    SimRig(List<CellParameters> cells) {
        cycler = new SimulatedCycler(ticker, cells, AMBIENT_C);
        m = new Measurements(cells.size());
        cycler.read(m);
    }

    SimRig(CellParameters cell) {
        this(List.of(cell));
    }

    int channels() {
        return cycler.channelCount();
    }

    void apply(ChannelCommand... commands) {
        cycler.apply(List.of(commands));
    }

    Measurements read() {
        cycler.read(m);
        return m;
    }

    /** Advances the clock by one tick and reads. */
    Measurements tick() {
        ticker.advanceNanos(TICK_NANOS);
        return read();
    }

    /** Rests every channel for {@code duration}, in one clock jump. */
    void rest(Duration duration) {
        List<ChannelCommand> rests = new ArrayList<>();
        for (int ch = 1; ch <= channels(); ch++) {
            rests.add(new ChannelCommand.Rest(ch));
        }
        cycler.apply(rests);
        ticker.advance(duration);
        read();
    }

    /**
     * Runs one step on every channel at once, ticking each second; a channel whose end is reached
     * rests until every channel has ended. Returns each channel's signed charge over its step, Ah.
     */
    double[] step(IntFunction<ChannelCommand> command, End end) {
        int n = channels();
        List<ChannelCommand> start = new ArrayList<>();
        for (int ch = 1; ch <= n; ch++) {
            start.add(command.apply(ch));
        }
        cycler.apply(start);
        double[] ah = new double[n];
        boolean[] done = new boolean[n];
        int running = n;
        double seconds = 0;
        while (running > 0) {
            if (seconds > LONGEST_STEP.toSeconds()) {
                throw new AssertionError("step did not end within " + LONGEST_STEP);
            }
            tick();
            seconds += TICK_S;
            List<ChannelCommand> stops = new ArrayList<>();
            for (int ch = 1; ch <= n; ch++) {
                if (done[ch - 1]) {
                    continue;
                }
                ah[ch - 1] += m.current(ch) * TICK_S / 3600.0;
                if (end.reached(m, ch, seconds)) {
                    done[ch - 1] = true;
                    running--;
                    stops.add(new ChannelCommand.Rest(ch));
                }
            }
            if (!stops.isEmpty()) {
                cycler.apply(stops);
            }
        }
        return ah;
    }

    /** CC-CV charge of every channel at {@code currentA} to {@code voltage} until {@code cutoffA}. */
    double[] chargeCcCv(double currentA, double voltage, double cutoffA) {
        return step(ch -> new ChannelCommand.CcCv(ch, currentA, voltage),
                (m, ch, s) -> m.current(ch) < cutoffA);
    }

    /** CC discharge of every channel at {@code currentA} (a magnitude) until {@code cutoffV}; positive Ah. */
    double[] dischargeCc(double currentA, double cutoffV) {
        double[] ah = step(ch -> new ChannelCommand.ConstantCurrent(ch, -currentA),
                (m, ch, s) -> m.voltage(ch) <= cutoffV);
        return Arrays.stream(ah).map(Math::abs).toArray();
    }

    double capacity(int channel) {
        return cycler.cells().get(channel - 1).capacityAh();
    }
}
