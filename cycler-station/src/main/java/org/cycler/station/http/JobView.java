package org.cycler.station.http;

import java.util.List;
import java.util.Map;

import org.cycler.core.schedule.ChannelView;
import org.cycler.core.schedule.RunProgress;
import org.cycler.station.jobs.Job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A job as the API and {@code cycler jobs --format json} show it.
 *
 * @param channelStates each channel as its loop sees it now, while the job runs; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobView(long id, String state, String device, List<Integer> channels, String runDir, String recipe,
                      String recipeFile, Map<Integer, String> barcodes, String lot, String operator,
                      String submittedBy, String submittedAt, String message, Double testTimeS,
                      List<ChannelState> channelStates) {

    /**
     * One channel of a running job; SI units, positive current = charge.
     *
     * @param stepType       the BDF step type of the running step (REST, CC_CHG, ...)
     * @param stepCapacityAh charge plus discharge of the running step
     * @param faultReason    why an UNSAFE or FAULT channel stopped; null otherwise
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChannelState(int channel, String state, int stepId, int cycleCount, double voltageV,
                               double currentA, double testTimeS, String message, double temperatureC,
                               String stepType, double stepCapacityAh, String faultReason) {
        static ChannelState of(ChannelView v) {
            return new ChannelState(v.channel(), v.state().name(), v.stepId(), v.cycleCount(), finite(v.voltageV()),
                    finite(v.currentA()), v.testTimeS(), v.message(), finite(v.temperatureC()), v.stepType().name(),
                    finite(v.stepCapacityAh()), v.faultReason() == null ? null : v.faultReason().name());
        }

        private static double finite(double value) {
            return Double.isFinite(value) ? value : 0;
        }
    }

    static JobView of(Job job, RunProgress progress) {
        return new JobView(job.id(), job.state().name(), job.device(),
                java.util.Arrays.stream(job.channels()).boxed().toList(), job.runDir(), job.recipeName(),
                job.recipeFile(), job.barcodeMap(), job.lot(), job.operator(), job.submittedBy(), job.submittedAt(),
                job.message(), progress == null ? null : progress.testTimeS(),
                progress == null ? null : progress.channels().stream().map(ChannelState::of).toList());
    }
}
