package org.cycler.core.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.cycler.core.json.Json;

/**
 * Talks to a live run's {@link ControlServer}: one request, one response, within
 * {@link #TIMEOUT} from connecting to the last byte of the answer, so a controller that is
 * wedged (or a socket that accepts and never answers) gives an error instead of a hang.
 */
public final class ControlClient {

    /** How long connecting, sending the request and reading the answer may take together. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ControlClient() {
    }

    /** A response as one line of JSON, snake_case like the wire format. */
    public static String toJson(ControlMessages.Response response) throws IOException {
        return Json.MAPPER.writeValueAsString(response);
    }

    /**
     * Sends {@code command} to the run in {@code runDir}.
     *
     * @return the response, or empty when no controller answers (the run is not live)
     */
    public static Optional<ControlMessages.Response> send(Path runDir, ControlMessages.Command command, int[] channels)
            throws IOException {
        return send(runDir, command, channels, TIMEOUT);
    }

    /**
     * {@link #send(Path, String, int[])} with the time limit given.
     *
     * @throws IOException naming the run and the limit when the controller does not answer in time
     */
    static Optional<ControlMessages.Response> send(Path runDir, ControlMessages.Command command, int[] channels, Duration limit)
            throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(ControlSocket.of(runDir));
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        try (socket; ChannelDeadline deadline = new ChannelDeadline(socket, limit)) {
            try {
                socket.connect(address);
            } catch (IOException e) {
                if (deadline.expired()) {
                    throw noAnswer(runDir, limit, e);
                }
                return Optional.empty();
            }
            try {
                return Optional.of(exchange(socket, command, channels));
            } catch (IOException e) {
                throw deadline.expired() ? noAnswer(runDir, limit, e) : e;
            }
        }
    }

    private static IOException noAnswer(Path runDir, Duration limit, IOException cause) {
        String within = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
        return new IOException(runDir + ": the run's controller did not answer within " + within
                + " (it may be wedged; its process still holds the run)", cause);
    }

    private static ControlMessages.Response exchange(SocketChannel socket, ControlMessages.Command command, int[] channels)
            throws IOException {
        OutputStream out = Channels.newOutputStream(socket);
        List<Integer> list = channels == null ? null : java.util.Arrays.stream(channels).boxed().toList();
        out.write(Json.MAPPER.writeValueAsBytes(new ControlMessages.Request(command, list)));
        out.write('\n');
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(socket),
                StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the controller closed the connection without answering");
        }
        return Json.MAPPER.readValue(line, ControlMessages.Response.class);
    }
}
