package org.cycler.emulator.macnet;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.cycler.hal.macnet.MacNet;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.LineFramer;
import org.cycler.hal.transport.LineTooLongException;

/**
 * Serves a {@link MacNetEmulator} as a MacNet server does: JSON-RPC requests, one per line, on the
 * JSON port, each reply a line ending in {@code \r\n}; binary (6,8) messages on the port
 * {@value DeviceAddress.MacNet#BINARY_PORT_OFFSET} below it, with no reply. Any number of clients
 * at once, each on its own thread, sharing the one device. A line longer than
 * {@link LineFramer#DEFAULT_MAX_LINE_LENGTH} is dropped unanswered.
 *
 * <p>Listens on the loopback interface only: the emulator is a test and demonstration device.
 * Thread-safe.
 */
public final class MacNetServer implements AutoCloseable {

    private static final int READ_CHUNK = 16 * 1024;
    private static final int FREE_PORT_TRIES = 50;
    private static final byte[] CRLF = {'\r', '\n'};

    private final MacNetEmulator emulator;
    private final ServerSocket json;
    private final ServerSocket binary;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);

    private MacNetServer(MacNetEmulator emulator, ServerSocket json, ServerSocket binary) {
        this.emulator = emulator;
        this.json = json;
        this.binary = binary;
    }

    /**
     * Starts serving JSON on {@code port} of the loopback interface and binary on {@code port - 10}
     * (0 picks a free pair; see {@link #port()}).
     *
     * @throws IOException when a port is taken or may not be used
     */
    public static MacNetServer start(MacNetEmulator emulator, int port) throws IOException {
        Objects.requireNonNull(emulator, "emulator");
        if (port != 0 && (port <= DeviceAddress.MacNet.BINARY_PORT_OFFSET || port > 65_535)) {
            throw new IOException("MacNet JSON port " + port + " leaves no binary port "
                    + DeviceAddress.MacNet.BINARY_PORT_OFFSET + " below it (expected "
                    + (DeviceAddress.MacNet.BINARY_PORT_OFFSET + 1) + "..65535)");
        }
        for (int tries = 0; ; tries++) {
            ServerSocket j = bind(port);
            int binaryPort = j.getLocalPort() - DeviceAddress.MacNet.BINARY_PORT_OFFSET;
            try {
                if (binaryPort < 1) {
                    throw new IOException("no port below " + j.getLocalPort());
                }
                MacNetServer server = new MacNetServer(emulator, j, bind(binaryPort));
                server.listen(server.json, "json", server::serveJson);
                server.listen(server.binary, "binary", server::serveBinary);
                return server;
            } catch (IOException e) {
                j.close();
                if (port != 0 || tries == FREE_PORT_TRIES) {
                    throw e;
                }
            }
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on TCP port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The JSON port clients connect to. */
    public int port() {
        return json.getLocalPort();
    }

    /** The binary port, {@link #port()} - 10. */
    public int binaryPort() {
        return binary.getLocalPort();
    }

    public MacNetEmulator emulator() {
        return emulator;
    }

    /** Fault injection: cuts every open client connection on both ports; new ones are accepted. */
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
        closeQuietly(json);
        closeQuietly(binary);
        dropConnections();
        closed.countDown();
    }

    private interface Session {
        void serve(Socket client) throws IOException;
    }

    private void listen(ServerSocket server, String kind, Session session) {
        Thread.ofPlatform().daemon().name("macnet-" + kind + "-accept-" + server.getLocalPort()).start(() -> {
            while (!server.isClosed()) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return;
                }
                clients.add(client);
                Thread.ofPlatform().daemon().name("macnet-" + kind + "-client-" + client.getPort()).start(() -> {
                    try (client) {
                        client.setTcpNoDelay(true);
                        session.serve(client);
                    } catch (IOException e) {
                        // the client went away or was cut; nothing to tell it
                    } finally {
                        clients.remove(client);
                    }
                });
            }
        });
    }

    private void serveJson(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        LineFramer framer = new LineFramer();
        byte[] buffer = new byte[READ_CHUNK];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            framer.feed(buffer, 0, n);
            while (true) {
                String line;
                try {
                    line = framer.nextLine();
                } catch (LineTooLongException e) {
                    continue;
                }
                if (line == null) {
                    break;
                }
                if (line.isBlank()) {
                    continue;
                }
                String reply = emulator.execute(line);
                if (reply != null) {
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                    out.write(CRLF);
                }
            }
            out.flush();
        }
    }

    private void serveBinary(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        byte[] header = new byte[MacNet.BINARY_HEADER_BYTES];
        ByteBuffer message = ByteBuffer.allocate(MacNet.BINARY_MESSAGE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (true) {
                in.readFully(header);
                int length = Short.toUnsignedInt(ByteBuffer.wrap(header, 6, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
                byte[] payload = new byte[length];
                in.readFully(payload);
                if (length == MacNet.BINARY_PAYLOAD_BYTES) {
                    message.clear();
                    message.put(header).put(payload).flip();
                    emulator.executeBinary(message);
                }
            }
        } catch (EOFException e) {
            // the client closed the connection
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
