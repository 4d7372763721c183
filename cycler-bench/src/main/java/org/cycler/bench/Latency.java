package org.cycler.bench;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A latency distribution in milliseconds, as benchmarks report it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Latency(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

    static Latency ofNanos(Histogram h) {
        return new Latency(h.getTotalCount(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
    }

    static Latency of(org.cycler.core.schedule.TickStats.Distribution d) {
        return new Latency(d.count(), d.p50Ms(), d.p99Ms(), d.p999Ms(), d.maxMs());
    }

    /** DESIGN section 10's lateness targets at 10 Hz: p99 <= 2 ms, p99.9 <= 5 ms, max <= 25 ms. */
    public boolean meetsTickTargets() {
        return p99Ms <= 2 && p999Ms <= 5 && maxMs <= 25;
    }
}
