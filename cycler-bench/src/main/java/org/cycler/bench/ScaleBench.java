package org.cycler.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cycler.core.BadInputException;
import org.cycler.core.run.RunLimits;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The largest channel count that holds DESIGN section 10's real-time targets: {@link TickBench} at
 * each count in turn, smallest first. Every count is run (a shared machine's noise can make one
 * count miss and a larger one hold), and the largest that held is reported.
 */
public final class ScaleBench {

    /** DESIGN section 10: the whole load may use at most half of the machine's CPU. */
    public static final double MAX_CPU_PERCENT = 50;

    private ScaleBench() {
    }

    /** @param largestHolding the largest count that met every target; null when none did */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(List<TickBench.Result> runs, Integer largestHolding) {
    }

    public static boolean holds(TickBench.Result r) {
        return r.meetsTargets() && r.cpuPercent() <= MAX_CPU_PERCENT && r.rowsDropped() == 0;
    }

    public static Result run(List<Integer> counts, Duration tick, Duration each)
            throws IOException, InterruptedException, BadInputException {
        // the largest count first: a limit it breaks is said before minutes of smaller counts
        RunLimits.check(counts.stream().mapToInt(Integer::intValue).max().orElse(0));
        List<TickBench.Result> runs = new ArrayList<>();
        Integer largest = null;
        for (int channels : counts.stream().sorted().toList()) {
            TickBench.Result r = TickBench.run(channels, tick, each);
            runs.add(r);
            if (holds(r)) {
                largest = channels;
            }
        }
        return new Result(runs, largest);
    }
}
