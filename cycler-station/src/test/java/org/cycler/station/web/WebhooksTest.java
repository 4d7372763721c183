package org.cycler.station.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cycler.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

class WebhooksTest {

    private static final Alarm ALARM = new Alarm(7, Alarm.Kind.UNSAFE, "rack", 3, 2, "C-002",
            "VOLTAGE_LIMIT: voltage 4.3 V above 4.25 V", "2025-01-01T00:00:00Z", null, null);

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.stop(0));
    }

    /** A hook that answers the given statuses in turn, then 200, and records each body it was sent. */
    private URI hook(List<String> bodies, CountDownLatch delivered, int... statuses) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int k = calls.getAndIncrement();
            int status = k < statuses.length ? statuses[k] : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            if (status == 200) {
                delivered.countDown();
            }
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    void anAlarmIsPostedAsJsonAndRetriedUntilTheHookTakesIt() throws Exception {
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch delivered = new CountDownLatch(1);
        URI url = hook(bodies, delivered, 500, 503);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (Webhooks hooks = new Webhooks(List.of(url), Duration.ofMillis(5), log::add)) {
            hooks.send(ALARM);
            assertTrue(delivered.await(1, TimeUnit.MINUTES), "the hook never took the alarm");
        }
        assertEquals(3, bodies.size(), "two refusals, then the delivery");
        JsonNode sent = Json.MAPPER.readTree(bodies.get(2));
        assertEquals("UNSAFE", sent.get("kind").asText());
        assertEquals(3, sent.get("job_id").asLong());
        assertEquals("C-002", sent.get("barcode").asText());
        assertEquals(bodies.get(0), bodies.get(2), "each attempt sends the same alarm");
        assertEquals(List.of(), log);
    }

    @Test
    void aHookThatIsDownNeverHoldsTheCallerAndIsGivenUpOnWithOneLine() throws Exception {
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch delivered = new CountDownLatch(1);
        URI good = hook(bodies, delivered);
        CountDownLatch gaveUp = new CountDownLatch(1);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        URI down = URI.create("http://127.0.0.1:1/hook");
        try (Webhooks hooks = new Webhooks(List.of(down, good), Duration.ofMillis(1), line -> {
            log.add(line);
            gaveUp.countDown();
        })) {
            hooks.send(ALARM);
            assertTrue(delivered.await(1, TimeUnit.MINUTES), "the working hook did not get the alarm");
            assertTrue(gaveUp.await(1, TimeUnit.MINUTES), "the dead hook was never given up on");
        }
        assertEquals(1, bodies.size());
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith("webhook " + down + ": alarm 7 dropped after " + Webhooks.ATTEMPTS + " attempts"),
                log.get(0));
    }
}
