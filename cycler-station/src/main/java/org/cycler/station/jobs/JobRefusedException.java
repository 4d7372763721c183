package org.cycler.station.jobs;

/** A request about jobs the station refuses; the message is the one line the client sees. */
public final class JobRefusedException extends Exception {

    /** Why, so the HTTP API can answer with the right status. */
    public enum Why {
        /** No job of that number. */
        UNKNOWN_JOB,
        /** The request cannot be carried out as written (unknown device, channel, bad recipe). */
        BAD_REQUEST,
        /** The job is not in a state that allows it (cancel a running job, pause a finished one). */
        CONFLICT
    }

    private final Why why;

    public JobRefusedException(Why why, String message) {
        super(message, null, false, false);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
