package org.cycler.core.grading;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.FaultReason;

/**
 * How one channel's run ended, as its journal tells: the terminal state, the fault reason and the
 * message. A channel whose journal has no terminal state has not ended: the run is still going or
 * was cut off by a crash ({@link #finished()} false). Immutable.
 *
 * @param state   the terminal state, or {@link ChannelState#RUNNING} when the journal holds none
 * @param reason  why the channel went UNSAFE or FAULT
 * @param message the journal's message, empty when there is none
 * @param stepId    the step the channel was in when it ended, 0 when unknown
 * @param stepCount the {@code Step Count / 1} it was in when it ended, 0 when unknown: its data
 *                  file holds rows up to this step count unless it was cut short
 */
public record ChannelEnd(ChannelState state, Optional<FaultReason> reason, String message, int stepId, long stepCount) {

    /** A channel whose journal holds no end. */
    public static final ChannelEnd UNFINISHED = new ChannelEnd(ChannelState.RUNNING, Optional.empty(), "", 0, 0);

    public ChannelEnd {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** True when the channel reached a terminal state. */
    public boolean finished() {
        return state.isTerminal();
    }

    /** True when it ran its recipe to the end. */
    public boolean done() {
        return state == ChannelState.DONE;
    }

    /** True when a safety limit or the hardware stopped it: the cell is not to be trusted. */
    public boolean failed() {
        return state == ChannelState.UNSAFE || state == ChannelState.FAULT;
    }

    /**
     * How a reason tells it: {@code channel UNSAFE in step 12: voltage limit: voltage 2.3 V outside
     * [2.4, 4.25] V}, {@code channel STOPPED in step 5: stopped by operator}, {@code run not finished}.
     */
    public String describe() {
        if (!finished()) {
            return "run not finished";
        }
        StringBuilder out = new StringBuilder("channel ").append(state);
        if (stepId > 0 && state != ChannelState.DONE) {
            out.append(" in step ").append(stepId);
        }
        reason.ifPresent(r -> out.append(": ").append(r.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        if (!message.isEmpty()) {
            out.append(": ").append(message);
        }
        return out.toString();
    }
}
