package org.cycler.core.schedule;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * What the control loop measures about itself (DESIGN section 8), recorded on the hot path
 * without allocation into HdrHistogram {@link SingleWriterRecorder}s (one thread writes, so the
 * multi-writer recorder's synchronisation would be paid for nothing) and read by other threads as snapshots.
 * All values are wall-clock nanoseconds, kept to three significant digits.
 *
 * <ul>
 *   <li><b>lateness</b>: how long after its fixed-rate deadline a tick started (0 on a virtual clock);
 *   <li><b>duration</b>: from the tick's start to the end of its batch apply;
 *   <li><b>round trip</b>: the batch read of the cycler (one device round trip on hardware);
 *   <li><b>end to command</b>: on ticks that changed a setpoint, from the reading that ended a step
 *       (or breached a limit) to the new setpoint applied.
 * </ul>
 * A tick is <b>missed</b> when it starts more than one tick period after its deadline: the loop
 * runs it late instead of dropping it, but its slot was lost.
 *
 * <p>Writers: the control thread only. Readers: any thread, through {@link #snapshot()}, which
 * accumulates everything recorded since the run began.
 */
public final class TickStats {

    /** Longest value tracked: one minute. */
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int DIGITS = 3;

    private final SingleWriterRecorder lateness = new SingleWriterRecorder(HIGHEST_NANOS, DIGITS);
    private final SingleWriterRecorder duration = new SingleWriterRecorder(HIGHEST_NANOS, DIGITS);
    private final SingleWriterRecorder roundTrip = new SingleWriterRecorder(HIGHEST_NANOS, DIGITS);
    private final SingleWriterRecorder endToCommand = new SingleWriterRecorder(HIGHEST_NANOS, DIGITS);
    private final LongAdder missed = new LongAdder();
    private final Histogram totalLateness = new Histogram(HIGHEST_NANOS, DIGITS);
    private final Histogram totalDuration = new Histogram(HIGHEST_NANOS, DIGITS);
    private final Histogram totalRoundTrip = new Histogram(HIGHEST_NANOS, DIGITS);
    private final Histogram totalEndToCommand = new Histogram(HIGHEST_NANOS, DIGITS);
    private Histogram recycle1;
    private Histogram recycle2;
    private Histogram recycle3;
    private Histogram recycle4;

    void record(long latenessNanos, long durationNanos, long roundTripNanos, long endToCommandNanos,
                boolean missedTick) {
        lateness.recordValue(clamp(latenessNanos));
        duration.recordValue(clamp(durationNanos));
        roundTrip.recordValue(clamp(roundTripNanos));
        if (endToCommandNanos >= 0) {
            endToCommand.recordValue(clamp(endToCommandNanos));
        }
        if (missedTick) {
            missed.increment();
        }
    }

    private static long clamp(long nanos) {
        return Math.max(0, Math.min(HIGHEST_NANOS, nanos));
    }

    /** Everything recorded so far. Thread-safe; allocates (readers are not on the hot path). */
    public synchronized Snapshot snapshot() {
        recycle1 = lateness.getIntervalHistogram(recycle1);
        totalLateness.add(recycle1);
        recycle2 = duration.getIntervalHistogram(recycle2);
        totalDuration.add(recycle2);
        recycle3 = roundTrip.getIntervalHistogram(recycle3);
        totalRoundTrip.add(recycle3);
        recycle4 = endToCommand.getIntervalHistogram(recycle4);
        totalEndToCommand.add(recycle4);
        return new Snapshot(totalLateness.getTotalCount(), missed.sum(), List.of(
                Distribution.of("tick start lateness", totalLateness),
                Distribution.of("tick duration", totalDuration),
                Distribution.of("device round trip", totalRoundTrip),
                Distribution.of("end condition to command", totalEndToCommand)));
    }

    /** The loop's figures at one moment. */
    public record Snapshot(long ticks, long missedTicks, List<Distribution> distributions) {
    }

    /** One measured quantity, milliseconds. */
    public record Distribution(String name, long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

        static Distribution of(String name, Histogram h) {
            return new Distribution(name, h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }
}
