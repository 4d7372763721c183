package org.cycler.hal.drivers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cycler.hal.serial.SerialPorts;
import org.cycler.hal.transport.DeviceAddress;

/**
 * Whether a device can be reached, without disturbing it: a TCP connection opened and closed on
 * every port its protocol uses, or a serial port that is present. Nothing is sent, so a device
 * that a run or a station is driving carries on as it was (connecting a driver would not: it
 * configures the device and arms its watchdog).
 *
 * <p>Stateless and thread-safe.
 */
public final class Reachability {

    private Reachability() {
    }

    /** Why {@code address} cannot be reached within {@code timeout} per port, or empty when it can. */
    public static Optional<String> problem(DeviceAddress address, Duration timeout) {
        List<String> problems = new ArrayList<>();
        for (DeviceAddress link : links(address)) {
            String problem = switch (link) {
                case DeviceAddress.Tcp tcp -> tcpProblem(tcp, timeout);
                case DeviceAddress.Serial serial -> serialProblem(serial);
                default -> "not a link address: " + link;
            };
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The TCP sockets and serial ports behind {@code address}. */
    static List<DeviceAddress> links(DeviceAddress address) {
        return switch (address) {
            case DeviceAddress.Tcp tcp -> List.of(tcp);
            case DeviceAddress.Serial serial -> List.of(serial);
            case DeviceAddress.Smu smu -> smu.instruments();
            case DeviceAddress.MacNet macnet -> List.of(macnet.json(), macnet.binary());
            case DeviceAddress.Modbus modbus -> List.of(modbus.link());
        };
    }

    private static String tcpProblem(DeviceAddress.Tcp tcp, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(tcp.host(), tcp.port()), (int) Math.max(1, timeout.toMillis()));
            return null;
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return "tcp:" + tcp.host() + ":" + tcp.port() + ": " + why;
        }
    }

    private static String serialProblem(DeviceAddress.Serial serial) {
        Path path = Path.of(serial.path());
        if (path.isAbsolute()) {
            return Files.exists(path) ? null : "serial:" + serial.path() + ": no such port";
        }
        boolean listed = SerialPorts.list().stream().anyMatch(p -> p.path().equalsIgnoreCase(serial.path()));
        return listed ? null : "serial:" + serial.path() + ": no such port";
    }
}
