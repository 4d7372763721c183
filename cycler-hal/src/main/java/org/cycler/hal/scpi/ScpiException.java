package org.cycler.hal.scpi;

/**
 * A command the emulator cannot execute; carries the {@link ScpiError} that goes to the error
 * queue. Never leaves the emulator: the command is skipped and the client reads the error with
 * {@code SYST:ERR?}, as on an instrument.
 */
public final class ScpiException extends Exception {

    private final transient ScpiError error;

    public ScpiException(ScpiError error) {
        super(error.toString(), null, false, false);
        this.error = error;
    }

    public ScpiError error() {
        return error;
    }
}
