package org.cycler.core.control;

import java.util.List;

import org.cycler.core.schedule.TickStats;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The JSON messages of the control endpoint: one request line, one response line. */
public final class ControlMessages {

    private ControlMessages() {
    }

    /**
     * @param command  {@code status}, {@code pause}, {@code resume} or {@code stop}
     * @param channels the channels it applies to; null or empty for all
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Request(String command, List<Integer> channels) {
    }

    /** One channel as {@code cycler status} shows it. SI units; current positive = charge. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChannelStatus(int channel, String barcode, String state, int stepId, long stepCount,
                                int cycleCount, Double voltageV, Double currentA, Double temperatureC,
                                double testTimeS, String fault, String message) {
    }

    /**
     * @param error why the request was refused; null when {@code ok}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Response(boolean ok, String error, String runId, String recipe, double testTimeS,
                           List<ChannelStatus> channels, TickStats.Snapshot stats) {

        public static Response refused(String error) {
            return new Response(false, error, null, null, 0, null, null);
        }
    }
}
