package org.cycler.emulator.scpi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.cycler.hal.RealTimePriority;
import org.cycler.hal.scpi.ScpiError;
import org.cycler.hal.transport.LineBytes;
import org.cycler.hal.transport.LineFramer;
import org.cycler.hal.transport.LineTooLongException;

/**
 * Serves a {@link Device} (the {@link ScpiEmulator}, or one instrument of another SCPI emulator) on a TCP port, raw socket style (SCPI's port 5025 custom): each
 * received line is one program message, each reply one line, {@code \n}-terminated. Any number
 * of clients at once, each on its own thread, sharing the one instrument. A line longer than
 * {@link LineFramer#DEFAULT_MAX_LINE_LENGTH} is dropped and queues {@code -363,"Input buffer overrun"}.
 *
 * <p>A thread of its own checks the emulator's host watchdog every {@link #WATCHDOG_POLL_MS} ms of
 * wall time, so outputs go off while every client is silent.
 *
 * <p>Listens on the loopback interface only: the emulator is a test and demonstration device,
 * not something to expose on a lab network. Thread-safe.
 */
public final class ScpiServer implements AutoCloseable {

    /** An instrument that takes SCPI program messages; thread-safe, as several clients may share it. */
    public interface Device {
        /** Executes one line without its terminator; the reply line, or null for none. */
        String execute(String line);

        /** Queues an error from outside a command, e.g. a line too long for the input buffer. */
        void reportError(ScpiError error);

        /** Fires the device's host watchdog if it is due (called every {@link #WATCHDOG_POLL_MS} ms); a device without one does nothing. */
        default boolean checkWatchdog() {
            return false;
        }

        /**
         * The device as one client sees it while its connection lasts. A device that keeps registers
         * per connection (the SCPI emulator's event registers) gives each client its own; the default
         * is the device itself, the same to every client.
         */
        default Client connect() {
            Device device = this;
            return new Client() {
                @Override
                public String execute(String line) {
                    return device.execute(line);
                }

                @Override
                public void reportError(ScpiError error) {
                    device.reportError(error);
                }

                @Override
                public void close() {
                    // nothing kept per client
                }
            };
        }
    }

    /** One client's connection to a {@link Device}: its lines, its errors; closed when the client goes. */
    public interface Client extends AutoCloseable {
        /** Executes one of this client's lines without its terminator; the reply line, or null for none. */
        String execute(String line);

        /** Queues an error this client caused outside a command, e.g. a line too long for the input buffer. */
        void reportError(ScpiError error);

        /** Ends the client's view of the device. Idempotent. */
        @Override
        void close();
    }

    private static final int READ_CHUNK = 16 * 1024;
    /** How often the host watchdog is checked: its outputs go off at most this late. */
    public static final long WATCHDOG_POLL_MS = 20;

    private final Device emulator;
    private final ServerSocket server;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread acceptor;
    private final Thread watchdog;
    private volatile boolean realTime;
    private volatile String priority = "at normal priority";

    private ScpiServer(Device emulator, ServerSocket server) {
        this.emulator = emulator;
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("scpi-accept-" + server.getLocalPort()).unstarted(this::accept);
        this.watchdog = Thread.ofPlatform().daemon().name("scpi-watchdog-" + server.getLocalPort()).unstarted(this::watch);
    }

    /**
     * Starts serving on {@code port} of the loopback interface (0 picks a free port; see
     * {@link #port()}).
     *
     * @throws IOException when the port is taken or may not be used
     */
    public static ScpiServer start(Device emulator, int port) throws IOException {
        Objects.requireNonNull(emulator, "emulator");
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on TCP port " + port + ": " + e.getMessage(), e);
        }
        ScpiServer server = new ScpiServer(emulator, socket);
        server.acceptor.start();
        server.watchdog.start();
        return server;
    }

    /**
     * Serves each connection from now on at {@link RealTimePriority real-time priority}, as a
     * device's own processor answers whatever its host is doing: for benchmarks in which the
     * emulator shares the host's cores, where it would otherwise wait behind the host's other
     * programs and count that wait as the host's.
     */
    public ScpiServer atRealTimePriority() {
        realTime = true;
        return this;
    }

    /** The priority the last connection was served at, or why it could not be real time. */
    public String priority() {
        return priority;
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Fault injection: cuts every open client connection, as a device reboot or a pulled cable
     * does; the server goes on accepting new ones.
     */
    public void dropConnections() {
        for (Socket client : clients) {
            closeQuietly(client);
        }
    }

    /** Blocks until {@link #close()} has been called. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops listening and cuts every client. Idempotent. */
    @Override
    public void close() {
        closeQuietly(server);
        dropConnections();
        closed.countDown();
    }

    private void watch() {
        try {
            while (!closed.await(WATCHDOG_POLL_MS, TimeUnit.MILLISECONDS)) {
                emulator.checkWatchdog();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            clients.add(client);
            Thread.ofPlatform().daemon().name("scpi-client-" + client.getPort()).start(() -> {
                if (realTime) {
                    priority = RealTimePriority.raiseLoopThread();
                }
                serve(client);
            });
        }
    }

    private void serve(Socket client) {
        try (client; Client device = emulator.connect()) {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            LineFramer framer = new LineFramer();
            byte[] buffer = new byte[READ_CHUNK];
            byte[] replyBytes = new byte[READ_CHUNK];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                framer.feed(buffer, 0, n);
                while (true) {
                    String line;
                    try {
                        line = framer.nextLine();
                    } catch (LineTooLongException e) {
                        device.reportError(ScpiError.INPUT_OVERRUN);
                        continue;
                    }
                    if (line == null) {
                        break;
                    }
                    String reply = device.execute(line);
                    if (reply != null) {
                        replyBytes = LineBytes.withNewline(reply, replyBytes);
                        out.write(replyBytes, 0, reply.length() + 1);
                        out.flush();
                    }
                }
            }
        } catch (IOException e) {
            // the client went away or was cut; nothing to tell it
        } finally {
            clients.remove(client);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing on the way out: nothing more to do
        }
    }
}
