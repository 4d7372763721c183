package org.cycler.core.control;

import java.util.List;
import java.util.Locale;

import org.cycler.core.schedule.TickStats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The JSON messages of the control endpoint: one request line, one response line. */
public final class ControlMessages {

    private ControlMessages() {
    }

    /** What a client asks of a live run; on the wire in lower case ({@code "stop"}). */
    public enum Command {
        STATUS, PAUSE, RESUME, STOP;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The command a wire name stands for (any case), or null for one there is not. */
        @JsonCreator
        public static Command fromWire(String name) {
            for (Command c : values()) {
                if (c.wireName().equalsIgnoreCase(name)) {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * @param command  what is asked; null when the request named none this run knows
     * @param channels the channels it applies to; null or empty for all
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Request(Command command, List<Integer> channels) {
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
