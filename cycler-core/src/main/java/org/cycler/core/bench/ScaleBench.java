package org.cycler.core.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The largest channel count that holds DESIGN section 10's real-time targets: {@link TickBench} at
 * each count in turn (smallest first), stopping at the first count that misses them.
 */
public final class ScaleBench {

    /** DESIGN section 10: the whole load may use at most half of the machine's CPU. */
    public static final double MAX_CPU_PERCENT = 50;

    private ScaleBench() {
    }

    /** @param largestHolding the largest count that met every target, if any */
    public record Result(List<TickBench.Result> runs, Optional<Integer> largestHolding) {
    }

    public static boolean holds(TickBench.Result r) {
        return r.meetsTargets() && r.cpuPercent() <= MAX_CPU_PERCENT && r.rowsDropped() == 0;
    }

    public static Result run(List<Integer> counts, Duration tick, Duration each) throws IOException, InterruptedException {
        List<TickBench.Result> runs = new ArrayList<>();
        Integer largest = null;
        for (int channels : counts.stream().sorted().toList()) {
            TickBench.Result r = TickBench.run(channels, tick, each);
            runs.add(r);
            if (!holds(r)) {
                break;
            }
            largest = channels;
        }
        return new Result(runs, Optional.ofNullable(largest));
    }
}
