package org.cycler.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.HdrHistogram.Histogram;
import org.cycler.core.BadInputException;
import org.cycler.core.auth.Tokens;
import org.cycler.core.grading.Figure;
import org.cycler.core.grading.GradedCell;
import org.cycler.core.json.Json;
import org.cycler.grades.api.GradesApi;
import org.cycler.grades.api.Role;
import org.cycler.grades.db.DbLocation;
import org.cycler.grades.db.GradesDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Claims per second through the grades API as pack lines make them: a bin of {@code cells}
 * synthetic cells (a bin and lot of its own, so a database in use is not mixed up), the API on a
 * loopback port, and {@code clients} threads each POSTing claims of {@code cellsPerClaim} cells
 * until the bin is empty. Checks on the way that no cell went to two claims. Not thread-safe.
 */
public final class ClaimBench {

    /** What a run measured; {@code claimsPerS} counts granted claims over the wall time of all of them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String database, int cells, int clients, int cellsPerClaim, long claims, long refused,
                         double seconds, double claimsPerS, double cellsPerS, Latency latency, boolean noCellTwice) {
    }

    private ClaimBench() {
    }

    public static Result run(DbLocation location, int cells, int clients, int cellsPerClaim)
            throws IOException, InterruptedException, BadInputException, SQLException {
        if (cells < 1 || clients < 1 || cellsPerClaim < 1) {
            throw new BadInputException("cells, clients and cells per claim must be 1 or more");
        }
        String bin = "BENCH-" + UUID.randomUUID().toString().substring(0, 8);
        List<GradedCell> graded = new ArrayList<>();
        for (int i = 1; i <= cells; i++) {
            Map<Figure, Double> values = new EnumMap<>(Figure.class);
            values.put(Figure.CAPACITY, 5.0);
            graded.add(new GradedCell(String.format(Locale.ROOT, "%s-%06d", bin, i), i, values, bin, ""));
        }
        Path tokensFile = Files.createTempFile("cycler-bench", ".tokens");
        String token = UUID.randomUUID().toString();
        try (GradesDatabase db = GradesDatabase.open(location)) {
            db.record(bin, bin, "bench", graded);
            Files.writeString(tokensFile, token + " claim bench\n", StandardCharsets.UTF_8);
            Tokens<Role> tokens = Tokens.read(tokensFile, Role.class);
            Histogram latency = new Histogram(3);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            long[] counts = new long[2];
            boolean[] twice = {false};
            long start;
            long end;
            try (GradesApi api = GradesApi.start(db, tokens, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    line -> { });
                 ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                URI claims = URI.create("http://127.0.0.1:" + api.address().getPort() + GradesApi.PREFIX + "claims");
                HttpClient client = HttpClient.newHttpClient();
                String body = "{\"bin\":\"" + bin + "\",\"count\":" + cellsPerClaim + "}";
                HttpRequest request = HttpRequest.newBuilder(claims).header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                List<Future<?>> done = new ArrayList<>();
                start = System.nanoTime();
                for (int c = 0; c < clients; c++) {
                    done.add(pool.submit(() -> {
                        while (true) {
                            long t0 = System.nanoTime();
                            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                            long t1 = System.nanoTime();
                            synchronized (counts) {
                                if (r.statusCode() == 201) {
                                    latency.recordValue(t1 - t0);
                                    counts[0]++;
                                } else {
                                    counts[1]++;
                                }
                            }
                            if (r.statusCode() != 201) {
                                return null;
                            }
                            for (JsonNode cell : Json.MAPPER.readTree(r.body()).get("cells")) {
                                if (!seen.add(cell.get("barcode").asText())) {
                                    twice[0] = true;
                                }
                            }
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                end = System.nanoTime();
            } catch (ExecutionException e) {
                throw new IOException("a bench client failed: " + e.getCause(), e.getCause());
            }
            double seconds = (end - start) / 1e9;
            return new Result(location.vendor().name().toLowerCase(Locale.ROOT), cells, clients, cellsPerClaim, counts[0],
                    counts[1], seconds, counts[0] / seconds, seen.size() / seconds, Latency.ofNanos(latency),
                    !twice[0] && seen.size() == counts[0] * cellsPerClaim);
        } finally {
            Files.deleteIfExists(tokensFile);
        }
    }
}
