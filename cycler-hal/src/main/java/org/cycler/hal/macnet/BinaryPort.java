package org.cycler.hal.macnet;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.TransportTimeoutException;

/**
 * The link to MacNet's binary port: fixed-size messages out, nothing back. A message is a few dozen
 * bytes, so a write never waits on a full send buffer in practice; connecting honours the address's
 * timeout.
 *
 * <p>Not thread-safe: one owner thread.
 */
public final class BinaryPort implements AutoCloseable {

    private final String description;
    private final Socket socket;
    private final OutputStream out;

    private BinaryPort(String description, Socket socket) throws IOException {
        this.description = description;
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Opens a fresh link: at connect time and again after a failure. */
    @FunctionalInterface
    public interface Opener {
        BinaryPort open() throws IOException;
    }

    /**
     * Connects to {@code address}, waiting at most its timeout.
     *
     * @throws TransportTimeoutException when the connection is not made in time
     * @throws IOException               when it is refused or the host is unknown
     */
    public static BinaryPort connect(DeviceAddress.Tcp address) throws IOException {
        String description = address.host() + ":" + address.port() + " (MacNet binary)";
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address.host(), address.port()), (int) address.timeout().toMillis());
            return new BinaryPort(description, socket);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new TransportTimeoutException("no connection to " + description + " within "
                    + address.timeout().toMillis() + " ms");
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + description + ": " + e.getMessage(), e);
        }
    }

    /** Sends the bytes from {@code message}'s position to its limit, all of them or an exception. */
    public void send(ByteBuffer message) throws IOException {
        out.write(message.array(), message.arrayOffset() + message.position(), message.remaining());
        out.flush();
    }

    public String description() {
        return description;
    }

    /** Releases the socket. Idempotent; never throws. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: the socket is gone either way
        }
    }
}
