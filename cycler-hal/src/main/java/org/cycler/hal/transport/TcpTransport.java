package org.cycler.hal.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A raw TCP socket to an instrument ({@code tcp:HOST:PORT}, port 5025 by SCPI custom). Non-blocking
 * under a selector so that connecting, writing and reading all honour a deadline; Nagle is off,
 * since every write is a whole command line that should leave at once.
 *
 * <p>Not thread-safe: one owner thread.
 */
public final class TcpTransport implements Transport {

    private static final int READ_CHUNK = 64 * 1024;
    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final String description;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final LineFramer framer;
    private final long writeTimeoutNanos;
    private final ByteBuffer in = ByteBuffer.allocate(READ_CHUNK);
    private ByteBuffer out = ByteBuffer.allocate(4096);
    private boolean closed;

    private TcpTransport(String description, SocketChannel channel, Selector selector, LineFramer framer,
                         long writeTimeoutNanos) throws IOException {
        this.description = description;
        this.channel = channel;
        this.selector = selector;
        this.key = channel.register(selector, SelectionKey.OP_READ);
        this.framer = framer;
        this.writeTimeoutNanos = writeTimeoutNanos;
    }

    /**
     * Connects to {@code address}, waiting at most its timeout for the connection.
     *
     * @throws TransportTimeoutException when the connection is not made in time
     * @throws IOException               when it is refused or the host is unknown
     */
    public static TcpTransport connect(DeviceAddress.Tcp address, int maxLineLength) throws IOException {
        long timeoutNanos = address.timeout().toNanos();
        SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            selector = Selector.open();
            InetSocketAddress target = new InetSocketAddress(address.host(), address.port());
            if (target.isUnresolved()) {
                throw new IOException("unknown host " + address.host());
            }
            if (!channel.connect(target)) {
                SelectionKey connecting = channel.register(selector, SelectionKey.OP_CONNECT);
                long deadline = System.nanoTime() + timeoutNanos;
                while (!channel.finishConnect()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TransportTimeoutException("no connection to " + address + " within "
                                + millis(timeoutNanos) + " ms");
                    }
                    selector.select(Math.max(1, left / NANOS_PER_MILLI));
                    selector.selectedKeys().clear();
                }
                connecting.cancel();
                selector.selectNow();
            }
            return new TcpTransport(address.toString(), channel, selector, new LineFramer(maxLineLength),
                    timeoutNanos);
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    public static TcpTransport connect(DeviceAddress.Tcp address) throws IOException {
        return connect(address, LineFramer.DEFAULT_MAX_LINE_LENGTH);
    }

    @Override
    public void write(CharSequence line) throws IOException {
        requireOpen();
        byte[] bytes = LineBytes.withNewline(line, out.array());
        if (bytes != out.array()) {
            out = ByteBuffer.wrap(bytes);
        }
        out.clear().limit(line.length() + 1);
        channel.write(out);
        if (!out.hasRemaining()) {
            return;
        }
        long deadline = System.nanoTime() + writeTimeoutNanos;
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        try {
            while (out.hasRemaining()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TransportTimeoutException(description + " did not take a command within "
                            + millis(writeTimeoutNanos) + " ms");
                }
                selector.select(Math.max(1, left / NANOS_PER_MILLI));
                selector.selectedKeys().clear();
                channel.write(out);
            }
        } finally {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    @Override
    public String readLine(long timeoutNanos) throws IOException {
        requireOpen();
        String line = framer.nextLine();
        if (line != null) {
            return line;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            if (fill() < 0) {
                throw new IOException(description + " closed the connection");
            }
            line = framer.nextLine();
            if (line != null) {
                return line;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TransportTimeoutException("no reply from " + description + " within "
                        + millis(timeoutNanos) + " ms");
            }
            selector.select(Math.max(1, (left + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI));
            selector.selectedKeys().clear();
        }
    }

    /** Moves whatever the socket holds into the framer; -1 at end of stream. */
    private int fill() throws IOException {
        int total = 0;
        while (true) {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                return total > 0 ? total : -1;
            }
            if (n == 0) {
                return total;
            }
            framer.feed(in.array(), 0, n);
            total += n;
        }
    }

    @Override
    public void discardInput() throws IOException {
        requireOpen();
        fill();
        framer.clear();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with the selector
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: the socket is gone either way
        }
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException(description + " is closed");
        }
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
