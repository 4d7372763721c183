package org.cycler.core.schedule;

/**
 * Something that happened to one channel and goes into the run's journal: a step started or
 * ended, the channel changed state, or a periodic checkpoint. Carries the test-level totals at
 * that moment and, on every event but a STEP_END while the channel is live, the
 * {@link ChannelCheckpoint} its step machine can be rebuilt from, so a run on a device can be
 * continued from the journal alone. Journals written before checkpoints existed have none; they
 * still resume on the simulator, by replay. Immutable.
 *
 * @param message    human-readable detail, empty when there is none
 * @param checkpoint the machine's state after the event, or null (a STEP_END, a terminal state,
 *                   an older journal)
 */
public record ChannelEvent(Kind kind, int channel, double testTimeS, int stepId, long stepCount, int cycleCount,
                           ChannelState state, FaultReason reason, String message,
                           double chargeAh, double dischargeAh, double chargeWh, double dischargeWh,
                           ChannelCheckpoint checkpoint) {

    /** An event without a checkpoint. */
    public ChannelEvent(Kind kind, int channel, double testTimeS, int stepId, long stepCount, int cycleCount,
                        ChannelState state, FaultReason reason, String message,
                        double chargeAh, double dischargeAh, double chargeWh, double dischargeWh) {
        this(kind, channel, testTimeS, stepId, stepCount, cycleCount, state, reason, message, chargeAh, dischargeAh,
                chargeWh, dischargeWh, null);
    }

    public enum Kind {
        STEP_START, STEP_END, STATE,
        /** Nothing happened but time: the machine's state, at most one logging period after the last one (device runs). */
        CHECKPOINT
    }
}
