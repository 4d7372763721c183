package org.cycler.emulator.serial;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.cycler.emulator.PtyBridge;
import org.cycler.hal.serial.SerialTransport;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.TransportTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * jSerialComm on a pseudo-terminal whose far end takes every byte and never answers: a silent
 * device. Needs socat, as the other pty tests.
 */
class SerialTransportIT {

    private static final Duration WAIT = Duration.ofMillis(250);

    @Test
    void aSilentDeviceTimesOutWithoutSpinningTheCallersCore() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofPlatform().daemon().start(() -> swallow(silent));
            try (PtyBridge pty = PtyBridge.start(silent.getLocalPort());
                 SerialTransport port = SerialTransport.open(
                         new DeviceAddress.Serial(pty.path(), DeviceAddress.DEFAULT_BAUD, WAIT))) {
                port.write("MEAS:ALL?");
                long wallStart = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                assertThrows(TransportTimeoutException.class, () -> port.readLine(WAIT.toNanos()));
                long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
                long wall = System.nanoTime() - wallStart;
                assertTrue(wall >= WAIT.toNanos(), "gave up after " + TimeUnit.NANOSECONDS.toMillis(wall) + " ms");
                // Waiting is sleeping: a few wake-ups, not a loop of reads that return nothing.
                assertTrue(cpu < wall / 5, "used " + TimeUnit.NANOSECONDS.toMillis(cpu) + " ms of CPU in "
                        + TimeUnit.NANOSECONDS.toMillis(wall) + " ms of waiting");
            }
        }
    }

    private static void swallow(ServerSocket server) {
        try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            // the test has ended
        }
    }
}
