package org.cycler.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pseudo-terminal wired to a TCP port on this machine, so that a device served over TCP is also
 * a serial device ({@code /dev/pts/N}) for the driver's serial transport and for other people's
 * serial clients. Java cannot create a pseudo-terminal itself, so this runs
 * {@code socat -d -d pty,raw,echo=0 tcp:127.0.0.1:PORT,nodelay} (without {@code nodelay} Nagle holds a query behind an unanswered setpoint line for a delayed ACK, 40 ms); socat stays up when a client closes the
 * terminal and opens it again, and ends when the TCP side goes away.
 *
 * <p>Thread-safe; {@link #close()} ends socat.
 */
public final class PtyBridge implements AutoCloseable {

    /** How long socat may take to create the terminal and connect. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** The program that makes the terminal. */
    public static final String SOCAT = "socat";

    private static final Pattern PTY_LINE = Pattern.compile("PTY is (\\S+)");
    private static final String CONNECTED = "starting data transfer loop";

    private final Process process;
    private final String path;

    private PtyBridge(Process process, String path) {
        this.process = process;
        this.path = path;
    }

    /**
     * Starts socat and waits until the terminal exists and is connected to {@code tcpPort}.
     *
     * @throws IOException with a one-line message when socat is not installed, fails, or does not
     *                     come up within {@link #START_TIMEOUT}
     */
    public static PtyBridge start(int tcpPort) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(SOCAT, "-d", "-d", "pty,raw,echo=0", "tcp:127.0.0.1:" + tcpPort + ",nodelay"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new IOException("a pseudo-terminal needs socat, which is not installed "
                    + "(Debian/Ubuntu: apt-get install socat; macOS: brew install socat)", e);
        }
        BufferedReader log = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("socat-log-" + tcpPort).start(() -> watch(log, ready));
        try {
            String path = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new PtyBridge(process, path);
        } catch (ExecutionException e) {
            process.destroy();
            throw new IOException("socat could not create the pseudo-terminal: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            process.destroy();
            throw new IOException("socat did not create the pseudo-terminal within " + START_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting socat", e);
        }
    }

    /** Reads socat's log: the terminal's path, then the connection; keeps draining it after. */
    private static void watch(BufferedReader log, CompletableFuture<String> ready) {
        String path = null;
        String last = "socat ended before the terminal was ready";
        try {
            String line;
            while ((line = log.readLine()) != null) {
                if (ready.isDone()) {
                    continue;
                }
                Matcher m = PTY_LINE.matcher(line);
                if (m.find()) {
                    path = m.group(1);
                } else if (line.contains(CONNECTED) && path != null) {
                    ready.complete(path);
                } else if (line.contains(" E ")) {
                    last = line.substring(line.indexOf(" E ") + 3);
                }
            }
        } catch (IOException e) {
            last = e.getMessage();
        }
        ready.completeExceptionally(new IOException(last));
    }

    /** The terminal's path, e.g. {@code /dev/pts/3}. */
    public String path() {
        return path;
    }

    /** True while socat runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends socat, which removes the terminal. Idempotent. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
