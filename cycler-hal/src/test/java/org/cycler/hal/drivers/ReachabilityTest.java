package org.cycler.hal.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.cycler.hal.transport.DeviceAddress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reachability opens a connection to every port a device uses and sends nothing. */
class ReachabilityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path temp;

    private static ServerSocket listening() throws IOException {
        return new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    /** A port that nothing listens on: one that was just listened on and closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = listening()) {
            return s.getLocalPort();
        }
    }

    @Test
    void aListeningPortIsReachableAndReceivesNothing() throws Exception {
        try (ServerSocket server = listening()) {
            assertEquals(Optional.empty(), Reachability.problem(DeviceAddress.parse("tcp:127.0.0.1:" + server.getLocalPort()),
                    TIMEOUT));
            try (Socket probe = server.accept(); InputStream in = probe.getInputStream()) {
                assertEquals(-1, in.read(), "the probe closed without sending a byte");
            }
        }
    }

    @Test
    void aClosedPortIsUnreachableAndNamed() throws Exception {
        int port = closedPort();
        Optional<String> problem = Reachability.problem(DeviceAddress.parse("tcp:127.0.0.1:" + port), TIMEOUT);
        assertTrue(problem.orElseThrow().startsWith("tcp:127.0.0.1:" + port + ": "), problem.get());
    }

    @Test
    void macnetIsReachableOnlyWhenItsBinaryPortIsToo() throws Exception {
        try (ServerSocket json = listening()) {
            int port = json.getLocalPort();
            int binary = port - DeviceAddress.MacNet.BINARY_PORT_OFFSET;
            try (ServerSocket other = new ServerSocket()) {
                other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), binary));
                assertEquals(Optional.empty(), Reachability.problem(DeviceAddress.parse("macnet:127.0.0.1:" + port), TIMEOUT));
            } catch (BindException taken) {
                Assumptions.abort("port " + binary + " is taken on this machine");
            }
            Optional<String> problem = Reachability.problem(DeviceAddress.parse("macnet:127.0.0.1:" + port), TIMEOUT);
            assertTrue(problem.orElseThrow().startsWith("tcp:127.0.0.1:" + binary + ": "), problem.get());
        }
    }

    @Test
    void aRackIsReachableOnlyWhenEveryInstrumentIs() throws Exception {
        try (ServerSocket first = listening()) {
            int missing = closedPort();
            Optional<String> problem = Reachability.problem(DeviceAddress.parse("smu:tcp:127.0.0.1:" + first.getLocalPort()
                    + ",tcp:127.0.0.1:" + missing), TIMEOUT);
            assertTrue(problem.orElseThrow().startsWith("tcp:127.0.0.1:" + missing + ": "), problem.get());
            assertTrue(!problem.get().contains(":" + first.getLocalPort() + ":"), problem.get());
        }
    }

    @Test
    void aSerialPortIsReachableWhenItsDeviceFileExists() throws Exception {
        Path port = Files.createFile(temp.resolve("ttyFAKE0"));
        assertEquals(Optional.empty(), Reachability.problem(DeviceAddress.parse("serial:" + port), TIMEOUT));
        Optional<String> problem = Reachability.problem(DeviceAddress.parse("serial:" + temp.resolve("ttyGONE")), TIMEOUT);
        assertTrue(problem.orElseThrow().endsWith("ttyGONE: no such port"), problem.get());
    }
}
