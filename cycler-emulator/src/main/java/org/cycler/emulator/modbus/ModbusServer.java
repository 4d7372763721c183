package org.cycler.emulator.modbus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/**
 * Serves a {@link ModbusEmulator} on a TCP port of the loopback interface with j2mod's server
 * side: Modbus TCP (MBAP header) by default, or RTU frames with their CRC over the socket, which a
 * pseudo-terminal wired to the port ({@code org.cycler.emulator.PtyBridge}) turns into Modbus RTU
 * on a serial line. Answers the map's unit id only; several clients at once.
 *
 * <p>Listens on the loopback interface only: the emulator is a test and demonstration device.
 * Thread-safe.
 */
public final class ModbusServer implements AutoCloseable {

    /** Connections served at once. */
    static final int POOL_SIZE = 8;
    private static final int FREE_PORT_TRIES = 5;

    private final ModbusEmulator emulator;
    private final ModbusSlave slave;
    private final int port;
    private final CountDownLatch closed = new CountDownLatch(1);

    private ModbusServer(ModbusEmulator emulator, ModbusSlave slave, int port) {
        this.emulator = emulator;
        this.slave = slave;
        this.port = port;
    }

    /**
     * Starts serving on {@code port} (0 picks a free one; see {@link #port()}).
     *
     * @param rtuFrames RTU frames (address, PDU, CRC) instead of Modbus TCP's MBAP header
     * @throws IOException when the port is taken or may not be used
     */
    public static ModbusServer start(ModbusEmulator emulator, int port, boolean rtuFrames) throws IOException {
        Objects.requireNonNull(emulator, "emulator");
        IOException last = null;
        for (int attempt = 0; attempt < (port == 0 ? FREE_PORT_TRIES : 1); attempt++) {
            int p = port == 0 ? freePort() : port;
            try {
                ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), p, POOL_SIZE,
                        rtuFrames);
                slave.addProcessImage(emulator.map().unitId(), emulator);
                slave.open();
                return new ModbusServer(emulator, slave, p);
            } catch (ModbusException e) {
                ModbusSlaveFactory.close(ModbusSlaveFactory.getSlave(com.ghgande.j2mod.modbus.slave.ModbusSlaveType.TCP, p));
                last = new IOException("cannot listen on TCP port " + p + ": " + e.getMessage(), e);
            }
        }
        throw last;
    }

    /** A port nobody listens on now (another process could take it before j2mod binds: start retries). */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return probe.getLocalPort();
        }
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    public ModbusEmulator emulator() {
        return emulator;
    }

    /** Blocks until {@link #close()} has been called. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops listening and cuts every client. Idempotent. */
    @Override
    public void close() {
        slave.close();
        closed.countDown();
    }
}
