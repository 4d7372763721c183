package org.cycler.hal.serial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fazecast.jSerialComm.SerialPort;

/** The serial ports the operating system shows (USB-serial adapters, built-in UARTs), as jSerialComm sees them. */
public final class SerialPorts {

    private SerialPorts() {
    }

    /**
     * One port.
     *
     * @param path        what to write after {@code serial:} in a device address
     * @param description the port's own description (adapter, driver), may be empty
     */
    public record Port(String path, String description) {
    }

    /** The ports present now, sorted by path; empty when there are none or the native part cannot load. */
    public static List<Port> list() {
        List<Port> ports = new ArrayList<>();
        SerialPort[] found;
        try {
            found = SerialPort.getCommPorts();
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
        for (SerialPort port : found) {
            String description = port.getPortDescription();
            String name = port.getDescriptivePortName();
            ports.add(new Port(port.getSystemPortPath(),
                    description == null || description.isBlank() ? (name == null ? "" : name) : description));
        }
        ports.sort(Comparator.comparing(Port::path));
        return List.copyOf(ports);
    }
}
