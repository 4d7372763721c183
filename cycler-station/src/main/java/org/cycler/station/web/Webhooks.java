package org.cycler.station.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.cycler.core.json.Json;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * POSTs each alarm as JSON to every webhook URL of the station config, on a thread of its own: a
 * hook that is slow, refuses or is down never holds a device loop or the API. A delivery that
 * fails (no answer, or a status other than 2xx) is tried again after {@code firstRetry}, then
 * twice as long each time, {@value #ATTEMPTS} attempts in all; then it is dropped with one log
 * line. Thread-safe.
 */
public final class Webhooks implements AutoCloseable {

    /** Attempts per alarm and URL. */
    public static final int ATTEMPTS = 5;
    /** The wait before the first retry when the station does not say. */
    public static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    /** Deliveries waiting at most; past that an alarm is not sent (it stays listed in the page). */
    static final int MAX_PENDING = 10_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final List<URI> urls;
    private final Duration firstRetry;
    private final Consumer<String> log;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor sender = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "station-webhooks");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param firstRetry the wait before the first retry ({@link #FIRST_RETRY} in a station)
     * @param log        where a dropped delivery is reported
     */
    public Webhooks(List<URI> urls, Duration firstRetry, Consumer<String> log) {
        this.urls = List.copyOf(urls);
        this.firstRetry = firstRetry;
        this.log = log;
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    }

    /** Queues {@code alarm} for every URL and returns at once. */
    public void send(Alarm alarm) {
        if (urls.isEmpty()) {
            return;
        }
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(alarm);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alarm is always JSON", e);
        }
        for (URI url : urls) {
            if (sender.getQueue().size() >= MAX_PENDING) {
                log.accept("webhook " + url + ": " + MAX_PENDING + " deliveries waiting; alarm " + alarm.id()
                        + " not sent");
                continue;
            }
            schedule(url, body, alarm.id(), 1, Duration.ZERO);
        }
    }

    private void schedule(URI url, byte[] body, long alarmId, int attempt, Duration delay) {
        try {
            sender.schedule(() -> deliver(url, body, alarmId, attempt), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.accept("webhook " + url + ": alarm " + alarmId + " not sent: the station is stopping");
        }
    }

    private void deliver(URI url, byte[] body, long alarmId, int attempt) {
        String why;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                return;
            }
            why = "answered " + response.statusCode();
        } catch (IOException e) {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (sender.isShutdown()) {
            return;
        }
        if (attempt >= ATTEMPTS) {
            log.accept("webhook " + url + ": alarm " + alarmId + " dropped after " + ATTEMPTS + " attempts (" + why + ")");
            return;
        }
        schedule(url, body, alarmId, attempt + 1, firstRetry.multipliedBy(1L << (attempt - 1)));
    }

    /** Stops sending; deliveries still waiting are dropped. */
    @Override
    public void close() {
        sender.shutdownNow();
        http.shutdownNow();
    }
}
