package org.cycler.hal.transport;

import java.io.IOException;

/** A received line grew beyond the framer's maximum length: garbage, or a device in a loop. */
public final class LineTooLongException extends IOException {

    public LineTooLongException(String message) {
        super(message);
    }
}
