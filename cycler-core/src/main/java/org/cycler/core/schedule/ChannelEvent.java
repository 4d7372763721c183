package org.cycler.core.schedule;

/**
 * Something that happened to one channel and goes into the run's journal: a step started or
 * ended, or the channel changed state. Carries the accumulator snapshot at that moment so a run
 * can be continued from the journal. Immutable.
 *
 * @param message human-readable detail, empty when there is none
 */
public record ChannelEvent(Kind kind, int channel, double testTimeS, int stepId, long stepCount, int cycleCount,
                           ChannelState state, FaultReason reason, String message,
                           double chargeAh, double dischargeAh, double chargeWh, double dischargeWh) {

    public enum Kind {
        STEP_START, STEP_END, STATE
    }
}
