package org.cycler.station.jobs;

/** Where a job is. The last four are terminal: the job will not run again. */
public enum JobState {
    /** Waiting for its device's channels (FIFO per device). */
    QUEUED,
    /** Its channels run its recipe. */
    RUNNING,
    /** Every channel of it is paused by an operator. */
    PAUSED,
    /** Every channel ended on its own (a channel that ended UNSAFE or FAULT ended too: its cell is graded so). */
    DONE,
    /** Stopped by an operator or by the station shutting down. */
    STOPPED,
    /** Could not run or go on: the data could not be written, the device was lost, or it cannot be continued. */
    FAILED,
    /** Taken out of the queue before it started. */
    CANCELLED;

    public boolean isTerminal() {
        return this == DONE || this == STOPPED || this == FAILED || this == CANCELLED;
    }
}
