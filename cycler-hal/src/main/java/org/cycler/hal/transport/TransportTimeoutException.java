package org.cycler.hal.transport;

import java.io.IOException;

/** A read or write did not complete before its deadline: the device is silent or not reading. */
public final class TransportTimeoutException extends IOException {

    public TransportTimeoutException(String message) {
        super(message);
    }
}
