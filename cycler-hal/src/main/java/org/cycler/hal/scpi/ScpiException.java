package org.cycler.hal.scpi;

/**
 * A command the emulator cannot execute; carries the {@link ScpiError} that goes to the error
 * queue. Never leaves the emulator: the command is skipped and the client reads the error with
 * {@code SYST:ERR?}, as on an instrument.
 */
final class ScpiException extends Exception {

    private final transient ScpiError error;

    ScpiException(ScpiError error) {
        super(error.toString(), null, false, false);
        this.error = error;
    }

    ScpiError error() {
        return error;
    }
}
