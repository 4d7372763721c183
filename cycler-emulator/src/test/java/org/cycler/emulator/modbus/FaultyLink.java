package org.cycler.emulator.modbus;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Modbus TCP proxy between a client and a server that spoils replies on request, for the link
 * tests: replies that go missing, arrive garbled (a function code nobody sent) or short (fewer
 * registers than asked for, consistently framed), and a server that stops answering. Requests
 * always pass. Thread-safe.
 */
final class FaultyLink implements AutoCloseable {

    private static final int MBAP = 6;

    private final ServerSocket listener;
    private final int upstreamPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean silent;
    private int drop;
    private int garble;
    private int truncate;
    private final long[] requests = new long[256];

    private FaultyLink(ServerSocket listener, int upstreamPort) {
        this.listener = listener;
        this.upstreamPort = upstreamPort;
    }

    static FaultyLink to(int upstreamPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        FaultyLink link = new FaultyLink(s, upstreamPort);
        Thread.ofPlatform().daemon().name("faulty-link").start(link::accept);
        return link;
    }

    int port() {
        return listener.getLocalPort();
    }

    void setSilent(boolean silent) {
        this.silent = silent;
    }

    synchronized void dropReplies(int n) {
        drop = n;
    }

    synchronized void garbleReplies(int n) {
        garble = n;
    }

    synchronized void truncateReplies(int n) {
        truncate = n;
    }

    /** Replies seen so far that answer function code {@code function}, spoiled or not. */
    synchronized long replies(int function) {
        return requests[function & 0xFF];
    }

    /** Cuts every open connection, as a pulled cable does. */
    void dropConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        dropConnections();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                Thread.ofPlatform().daemon().start(() -> pipe(client, server));
                Thread.ofPlatform().daemon().start(() -> replies(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void replies(Socket server, Socket client) {
        try {
            DataInputStream in = new DataInputStream(server.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                byte[] header = new byte[MBAP];
                in.readFully(header);
                int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
                byte[] body = new byte[length];
                in.readFully(body);
                byte[] reply = spoil(header, body);
                if (reply != null) {
                    out.write(reply);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(server);
            closeQuietly(client);
        }
    }

    /** The reply to pass on, or null to swallow it. {@code body}: unit id, function code, data. */
    private synchronized byte[] spoil(byte[] header, byte[] body) {
        if (body.length > 1) {
            requests[body[1] & 0xFF]++;
        }
        if (silent) {
            return null;
        }
        if (drop > 0) {
            drop--;
            return null;
        }
        if (garble > 0) {
            garble--;
            for (int k = 1; k < body.length; k++) {
                body[k] = 0x7F;
            }
        } else if (truncate > 0 && body.length > 3 && (body[1] == 3 || body[1] == 4)) {
            truncate--;
            int registers = (body[2] & 0xFF) / 2;
            int keep = registers / 2;
            byte[] cut = new byte[3 + 2 * keep];
            System.arraycopy(body, 0, cut, 0, cut.length);
            cut[2] = (byte) (2 * keep);
            body = cut;
        }
        header[4] = (byte) (body.length >> 8);
        header[5] = (byte) body.length;
        byte[] reply = new byte[MBAP + body.length];
        System.arraycopy(header, 0, reply, 0, MBAP);
        System.arraycopy(body, 0, reply, MBAP, body.length);
        return reply;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // on the way out
        }
    }
}
