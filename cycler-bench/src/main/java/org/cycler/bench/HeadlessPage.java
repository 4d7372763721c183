package org.cycler.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.cycler.core.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One headless Chromium with one page, steered over the DevTools protocol on the JDK's own
 * WebSocket client, so a benchmark needs no browser driver library. Each page is its own browser
 * process with its own profile folder, so no page is a background tab that the browser throttles.
 *
 * <p>Not thread-safe: one thread steers a page. {@link #close()} ends the browser's processes.
 */
final class HeadlessPage implements AutoCloseable {

    /** How long a browser may take to start and a script to answer on a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Process browser;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> replies;

    private HeadlessPage(Process browser, WebSocket socket, Map<Long, CompletableFuture<JsonNode>> replies) {
        this.browser = browser;
        this.socket = socket;
        this.replies = replies;
    }

    /**
     * Starts {@code chromium} headless on a blank page with its profile in {@code profile}.
     *
     * @throws IOException when the browser does not start or offers no page to steer
     */
    static HeadlessPage open(Path chromium, Path profile) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "about:blank").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
                if (!browser.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException(chromium + " did not start (exit "
                            + (browser.isAlive() ? "none, still running" : browser.exitValue()) + ")");
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
            URI target = pageTarget(port);
            Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(target, new Replies(pending)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            return new HeadlessPage(browser, socket, pending);
        } catch (IOException | InterruptedException | RuntimeException e) {
            end(browser);
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            end(browser);
            throw new IOException(chromium + ": no DevTools connection: " + e.getMessage(), e);
        }
    }

    private static URI pageTarget(int port) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode t : Json.MAPPER.readTree(body)) {
                if ("page".equals(t.path("type").asText())) {
                    return URI.create(t.path("webSocketDebuggerUrl").asText());
                }
            }
        }
        throw new IOException("the browser on port " + port + " offers no page");
    }

    /** Loads {@code url} and waits until its document has loaded. */
    void load(URI url) throws IOException, InterruptedException {
        call("Page.navigate", Map.of("url", url.toString()));
        await("document.readyState === 'complete' && location.href === " + quote(url.toString()));
    }

    /** The value of a JavaScript expression (a promise is awaited); JSON null when it has none. */
    JsonNode evaluate(String expression) throws IOException, InterruptedException {
        JsonNode reply = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (reply.has("exceptionDetails")) {
            throw new IOException("the page threw: " + reply.path("exceptionDetails").path("exception")
                    .path("description").asText(reply.path("exceptionDetails").toString()));
        }
        return reply.path("result").path("value");
    }

    /** Waits until a JavaScript expression is true, or fails after a minute. */
    void await(String condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!evaluate("Boolean(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the page never came to: " + condition);
            }
            Thread.sleep(100);
        }
    }

    /** A JavaScript string literal of {@code text}. */
    static String quote(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException("a string always writes as JSON", e);
        }
    }

    private JsonNode call(String method, Map<String, Object> params) throws IOException, InterruptedException {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        socket.sendText(Json.MAPPER.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .join();
        try {
            JsonNode answer = reply.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IOException(method + ": " + answer.path("error").path("message").asText());
            }
            return answer.path("result");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(method + ": no answer from the browser", e);
        } finally {
            replies.remove(id);
        }
    }

    /** CPU time the browser's processes have used so far (those still running). */
    Duration cpu() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(browser.toHandle()), browser.descendants())
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public void close() {
        socket.abort();
        end(browser);
    }

    private static void end(Process browser) {
        List<ProcessHandle> children = browser.descendants().toList();
        browser.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
        } catch (InterruptedException e) {
            browser.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Hands each answer to the call waiting on its id; events (no id) are not used. */
    private static final class Replies implements WebSocket.Listener {

        private final Map<Long, CompletableFuture<JsonNode>> pending;
        /** A message's parts so far; the client calls a listener for one message part at a time. */
        private final StringBuilder text = new StringBuilder();

        Replies(Map<Long, CompletableFuture<JsonNode>> pending) {
            this.pending = pending;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = Json.MAPPER.readTree(text.toString());
                    CompletableFuture<JsonNode> waiting = pending.get(message.path("id").asLong(-1));
                    if (waiting != null) {
                        waiting.complete(message);
                    }
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                }
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}
