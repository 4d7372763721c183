package org.cycler.station.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Something a person on the floor must see: listed in the web view until someone acknowledges it,
 * and POSTed to the station's webhooks. Immutable; as JSON in snake case.
 *
 * @param id       the alarm's number in the station's table (0 before it is stored)
 * @param channel  the channel it is about, 0 when it is about the whole job
 * @param barcode  the cell on that channel, empty for a whole job
 * @param raisedAt ISO-8601 instant
 * @param ackedBy  the name of the token that acknowledged it, null while it is open
 * @param ackedAt  ISO-8601 instant of the acknowledgement, null while it is open
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Alarm(long id, Kind kind, String device, long jobId, int channel, String barcode, String message,
                    String raisedAt, String ackedBy, String ackedAt) {

    /** What happened. */
    public enum Kind {
        /** A recipe safety limit tripped: the channel's output is off. */
        UNSAFE,
        /** The hardware reported a fault or gave an invalid reading. */
        FAULT,
        /**
         * A channel's output was found off, in another mode or at another setpoint than commanded
         * (another program, a front-panel key, a device reset): the channel is FAULT.
         */
        OUTPUT_CHANGED,
        /** The device stopped answering. */
        DEVICE_LOST,
        /** A job ran to its end. */
        JOB_DONE
    }

    public Alarm {
        if (kind == null || device == null || barcode == null || message == null || raisedAt == null) {
            throw new IllegalArgumentException("an alarm names its kind, device, cell, message and time");
        }
    }

    public boolean acknowledged() {
        return ackedBy != null;
    }

    /** This alarm as stored under {@code number}. */
    Alarm numbered(long number) {
        return new Alarm(number, kind, device, jobId, channel, barcode, message, raisedAt, ackedBy, ackedAt);
    }
}
