package org.cycler.core.schedule;

/** Where a channel is in its run. The last four are terminal: the output is off for good. */
public enum ChannelState {
    /** Executing a step. */
    RUNNING,
    /** Held in REST by the operator; accumulators and step position kept. */
    PAUSED,
    /** The recipe ran to its end. */
    DONE,
    /** Stopped by the operator. */
    STOPPED,
    /** A recipe safety limit was breached; output off. */
    UNSAFE,
    /** The hardware reported a fault or could not be read; output off. */
    FAULT;

    public boolean isTerminal() {
        return this == DONE || this == STOPPED || this == UNSAFE || this == FAULT;
    }
}
