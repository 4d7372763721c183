package org.cycler.hal.transport;

import java.io.IOException;

/**
 * A file that a device address names (a Modbus register map) cannot be used: the user's input is
 * wrong, not the device. The message is one line naming the file, line and column and what was
 * expected there.
 */
public final class DeviceFileException extends IOException {

    public DeviceFileException(String message) {
        super(message);
    }
}
