package org.cycler.core.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

import org.cycler.core.NumberRanges;
import org.cycler.core.json.Json;
import org.cycler.core.schedule.ChannelView;
import org.cycler.core.schedule.RunProgress;
import org.cycler.core.schedule.Scheduler;
import org.cycler.core.store.CellRoster;

/**
 * The control endpoint a live run owns ({@link ControlSocket}): answers {@code status} from the
 * scheduler's published progress and turns {@code pause}, {@code resume} and {@code stop} into
 * scheduler requests, which take effect at the next tick. One request per connection; each
 * connection is served on a virtual thread of its own, at most {@link #MAX_CONNECTIONS} at once
 * (more are closed at once), and closed when its request and answer take longer than the read
 * timeout, so a client that connects and says nothing delays no one. Nothing here can stall the
 * control loop.
 */
public final class ControlServer implements AutoCloseable {

    /** How long one connection may take to send its request and receive the answer. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    /** Connections served at once; a further one is closed without an answer. */
    static final int MAX_CONNECTIONS = 32;

    /** Longest request line accepted; a status request is a few dozen bytes. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Path socket;
    private final ServerSocketChannel server;
    private final Scheduler scheduler;
    private final CellRoster roster;
    private final String runId;
    private final String recipe;
    private final Duration readTimeout;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);

    private ControlServer(Path socket, ServerSocketChannel server, Scheduler scheduler, CellRoster roster, String runId,
                          String recipe, Duration readTimeout) {
        this.readTimeout = readTimeout;
        this.socket = socket;
        this.server = server;
        this.scheduler = scheduler;
        this.roster = roster;
        this.runId = runId;
        this.recipe = recipe;
        Thread.ofPlatform().daemon(true).name("control").start(this::serve);
    }

    /**
     * Listens for the run in {@code runDir}. The caller must hold the run's {@link RunLock}: a
     * socket file left by a crashed controller is removed first.
     */
    public static ControlServer start(Path runDir, Scheduler scheduler, CellRoster roster, String runId, String recipe)
            throws IOException {
        return start(runDir, scheduler, roster, runId, recipe, READ_TIMEOUT);
    }

    /** {@link #start(Path, Scheduler, CellRoster, String, String)} with the read timeout given. */
    static ControlServer start(Path runDir, Scheduler scheduler, CellRoster roster, String runId, String recipe,
                               Duration readTimeout) throws IOException {
        Path socket = ControlSocket.of(runDir);
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        ControlSocket.ownerOnly(socket);
        return new ControlServer(socket, server, scheduler, roster, runId, recipe, readTimeout);
    }

    private void serve() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().name("control-client").start(() -> {
                try (client; ChannelDeadline deadline = new ChannelDeadline(client, readTimeout)) {
                    handle(client);
                } catch (IOException | RuntimeException e) {
                    // the client went away or ran out of time; the next one is served as usual
                } finally {
                    slots.release();
                }
            });
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // refused either way
        }
    }

    private void handle(SocketChannel client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
        OutputStream out = Channels.newOutputStream(client);
        ControlMessages.Response response;
        String line = readBoundedLine(in);
        if (line == null) {
            response = ControlMessages.Response.refused("request too long or empty");
        } else {
            try {
                response = answer(Json.MAPPER.readValue(line, ControlMessages.Request.class));
            } catch (IOException e) {
                response = ControlMessages.Response.refused("malformed request (expected one JSON object with 'command')");
            }
        }
        out.write(Json.MAPPER.writeValueAsBytes(response));
        out.write('\n');
        out.flush();
    }

    private static String readBoundedLine(BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.length() >= MAX_REQUEST_BYTES) {
                return null;
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    ControlMessages.Response answer(ControlMessages.Request request) {
        if (request.command() == null) {
            return ControlMessages.Response.refused("unknown or missing command (expected status, pause, resume or stop)");
        }
        int[] channels = null;
        if (request.channels() != null && !request.channels().isEmpty()) {
            channels = request.channels().stream().mapToInt(Integer::intValue).toArray();
            for (int ch : channels) {
                if (!roster.barcodes().containsKey(ch)) {
                    return ControlMessages.Response.refused("channel " + ch + " is not in this run (channels "
                            + NumberRanges.format(roster.channels()) + ")");
                }
            }
        }
        switch (request.command()) {
            case STATUS -> {
            }
            case PAUSE -> scheduler.pause(channels);
            case RESUME -> scheduler.resume(channels);
            case STOP -> scheduler.stop(channels);
        }
        return status();
    }

    private ControlMessages.Response status() {
        RunProgress progress = scheduler.progress();
        List<ControlMessages.ChannelStatus> channels = new ArrayList<>();
        for (ChannelView c : progress.channels()) {
            channels.add(new ControlMessages.ChannelStatus(c.channel(), roster.barcode(c.channel()), c.state().name(),
                    c.stepId(), c.stepCount(), c.cycleCount(), finite(c.voltageV()), finite(c.currentA()),
                    finite(c.temperatureC()), c.testTimeS(),
                    c.faultReason() == null ? null : c.faultReason().name(), c.message().isEmpty() ? null : c.message()));
        }
        return new ControlMessages.Response(true, null, runId, recipe, progress.testTimeS(), channels,
                scheduler.stats().snapshot());
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * Stops listening and removes the socket file. A request being answered is answered in full
     * (the thread is not interrupted, which would close the client's channel mid-reply).
     */
    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
