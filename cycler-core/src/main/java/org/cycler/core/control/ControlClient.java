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
import java.util.List;
import java.util.Optional;

import org.cycler.core.json.Json;

/** Talks to a live run's {@link ControlServer}: one request, one response. */
public final class ControlClient {

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
    public static Optional<ControlMessages.Response> send(Path runDir, String command, int[] channels)
            throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(ControlSocket.of(runDir));
        SocketChannel socket;
        try {
            socket = SocketChannel.open(StandardProtocolFamily.UNIX);
            socket.connect(address);
        } catch (IOException e) {
            return Optional.empty();
        }
        try (socket) {
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
            return Optional.of(Json.MAPPER.readValue(line, ControlMessages.Response.class));
        }
    }
}
