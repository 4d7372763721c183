package org.cycler.grades.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.cycler.core.BadInputException;
import org.cycler.grades.api.GradesApi;
import org.cycler.grades.api.Tokens;
import org.cycler.core.grading.Figure;
import org.cycler.core.grading.GradedCell;
import org.cycler.core.grading.GradingSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The grades database and its HTTP API, one contract for every database it runs on (SQLite and
 * PostgreSQL subclasses): recording, history, queries, claims, and claims raced over real HTTP.
 */
abstract class GradesDatabaseContract {

    static final String READ_TOKEN = "read-token-0123456789abcdef";
    static final String CLAIM_TOKEN = "claim-token-0123456789abcdef";

    @TempDir
    Path temp;
    GradesDatabase db;

    /** A new, empty database. */
    abstract DbLocation newDatabase() throws Exception;

    /** A clock that moves one second on every reading, so gradings and claims have distinct times. */
    static final class SteppingClock extends Clock {
        private final AtomicLong seconds = new AtomicLong(1_795_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.incrementAndGet());
        }
    }

    @BeforeEach
    void open() throws Exception {
        db = GradesDatabase.open(newDatabase(), new SteppingClock(), GradesDatabase.DEFAULT_CONNECTIONS);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static GradedCell cell(String barcode, int channel, double capacityAh, String bin) {
        Map<Figure, Double> values = new EnumMap<>(Figure.class);
        values.put(Figure.CAPACITY, capacityAh);
        values.put(Figure.DCIR, 0.018);
        return new GradedCell(barcode, channel, values, bin, bin.equals(GradingSpec.REJECT) ? "low capacity" : "");
    }

    /** {@code n} cells {@code prefix-001}... in {@code bin}. */
    static List<GradedCell> lot(String prefix, int n, String bin) {
        List<GradedCell> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            cells.add(cell(String.format(java.util.Locale.ROOT, "%s-%03d", prefix, i), i, 5.0 + i * 1e-3, bin));
        }
        return cells;
    }

    @Test
    void recordedCellsAreListedByBinLotAndStatus() throws Exception {
        List<GradedCell> cells = new ArrayList<>(lot("X", 5, "A"));
        cells.add(cell("X-REJ", 6, 4.1, GradingSpec.REJECT));
        db.record("run-1", "lot-1", "spec", cells);
        db.record("run-2", "lot-2", "spec", lot("Y", 3, "B"));
        assertEquals(9, db.cells(CellQuery.ALL).size());
        assertEquals(5, db.cells(new CellQuery(Optional.of("A"), Optional.empty(), CellQuery.Filter.ALL)).size());
        assertEquals(8, db.cells(new CellQuery(Optional.empty(), Optional.empty(), CellQuery.Filter.AVAILABLE)).size());
        assertEquals(0, db.cells(new CellQuery(Optional.of("A"), Optional.of("lot-2"), CellQuery.Filter.ALL)).size());
        StoredCell stored = db.cell("X-003").orElseThrow();
        assertEquals(5.003, stored.grade().value(Figure.CAPACITY), 1e-12);
        assertEquals("lot-1", stored.lot());
        assertEquals(CellStatus.AVAILABLE, stored.status());
        assertEquals(CellStatus.REJECTED, db.cell("X-REJ").orElseThrow().status());
        assertFalse(db.cell("nope").isPresent());
        List<LotSummary> lots = db.lots();
        assertEquals(List.of("lot-1", "lot-2"), lots.stream().map(LotSummary::lot).toList());
        assertEquals(Map.of("A", 5, GradingSpec.REJECT, 1), lots.get(0).cellsByBin());
        assertEquals(5, lots.get(0).available());
    }

    @Test
    void regradingARunSupersedesItsRowsAndKeepsThemAsHistory() throws Exception {
        db.record("run-1", "run-1", "first", lot("X", 4, "A"));
        db.record("run-1", "run-1", "second", lot("X", 4, "B"));
        assertEquals(4, db.cells(CellQuery.ALL).size());
        assertTrue(db.cells(CellQuery.ALL).stream().allMatch(c -> c.bin().equals("B") && c.specName().equals("second")));
        List<StoredCell> history = db.history("X-001");
        assertEquals(List.of("first", "second"), history.stream().map(StoredCell::specName).toList());
        assertEquals(List.of(false, true), history.stream().map(StoredCell::current).toList());
    }

    @Test
    void aBarcodeGradedInTwoRunsKeepsBothAndTheLatestIsCurrent() throws Exception {
        db.record("run-1", "lot-1", "spec", lot("X", 2, "A"));
        db.record("run-2", "lot-2", "spec", List.of(cell("X-001", 7, 4.9, "B")));
        StoredCell current = db.cell("X-001").orElseThrow();
        assertEquals("run-2", current.runId());
        assertEquals("B", current.bin());
        assertEquals(List.of("run-1", "run-2"), db.history("X-001").stream().map(StoredCell::runId).toList());
        assertEquals("run-1", db.cell("X-002").orElseThrow().runId());
    }

    @Test
    void aRunWithARepeatedOrBlankBarcodeIsRefused() throws Exception {
        BadInputException twice = assertThrows(BadInputException.class,
                () -> db.record("run-1", "l", "s", List.of(cell("X", 1, 5, "A"), cell("X", 2, 5, "A"))));
        assertEquals("run run-1: barcode X on channels 1 and 2", twice.getMessage());
        assertThrows(BadInputException.class, () -> db.record("run-1", "l", "s", List.of(cell(" ", 1, 5, "A"))));
        assertTrue(db.cells(CellQuery.ALL).isEmpty());
    }

    @Test
    void claimsAreAllOrNothingAndReleaseGivesTheCellsBack() throws Exception {
        List<GradedCell> cells = new ArrayList<>(lot("X", 5, "A"));
        cells.add(cell("X-REJ", 6, 4.1, GradingSpec.REJECT));
        db.record("run-1", "lot-1", "spec", cells);
        Claim first = db.claim("A", Optional.empty(), 3, "line-1");
        assertEquals(List.of("X-001", "X-002", "X-003"), first.cells().stream().map(StoredCell::barcode).toList());
        assertTrue(first.cells().stream().allMatch(c -> c.claim().orElseThrow().claimedBy().equals("line-1")));
        ClaimRefusedException tooMany = assertThrows(ClaimRefusedException.class,
                () -> db.claim("A", Optional.empty(), 3, "line-2"));
        assertEquals(ClaimRefusedException.Why.NOT_ENOUGH, tooMany.why());
        assertEquals(2, db.cells(new CellQuery(Optional.of("A"), Optional.empty(), CellQuery.Filter.AVAILABLE)).size());
        assertEquals(ClaimRefusedException.Why.NOT_CLAIMABLE, assertThrows(ClaimRefusedException.class,
                () -> db.claim(GradingSpec.REJECT, Optional.empty(), 1, "line-2")).why());
        assertEquals(ClaimRefusedException.Why.UNKNOWN_BIN, assertThrows(ClaimRefusedException.class,
                () -> db.claim("Z", Optional.empty(), 1, "line-2")).why());
        assertEquals(ClaimRefusedException.Why.UNKNOWN_BIN, assertThrows(ClaimRefusedException.class,
                () -> db.claim("A", Optional.of("lot-9"), 1, "line-2")).why());
        StoredCell held = db.cell("X-002").orElseThrow();
        assertEquals(first.claimId(), held.claim().orElseThrow().claimId());
        assertEquals(CellStatus.CLAIMED, held.status());
        db.record("run-1", "lot-1", "regraded", cells);
        assertEquals(first.claimId(), db.cell("X-002").orElseThrow().claim().orElseThrow().claimId(),
                "regrading keeps who holds a cell");
        assertEquals(3, db.release(first.claimId()).orElseThrow());
        assertTrue(db.release(first.claimId()).isEmpty());
        assertEquals(5, db.cells(new CellQuery(Optional.of("A"), Optional.empty(), CellQuery.Filter.AVAILABLE)).size());
        assertNotEquals(first.claimId(), db.claim("A", Optional.of("lot-1"), 5, "line-2").claimId());
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsCells() throws Exception {
        db.record("run-1", "lot-1", "spec", lot("X", 2, "A"));
        try (GradesDatabase again = GradesDatabase.open(db.location())) {
            assertEquals(2, again.cells(CellQuery.ALL).size());
        }
    }

    /** Tokens file with a read and a claim token. */
    Tokens tokens() throws Exception {
        Path file = temp.resolve("tokens");
        Files.writeString(file, "# test tokens\n" + READ_TOKEN + " read viewer\n" + CLAIM_TOKEN + " claim line\n");
        return Tokens.read(file);
    }

    static HttpResponse<String> send(HttpClient client, URI uri, String method, String token, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiRefusesMissingAndWrongTokensAndBadInputWithJsonErrors() throws Exception {
        db.record("run-1", "lot-1", "spec", lot("X", 4, "A"));
        try (GradesApi api = GradesApi.start(db, tokens(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                line -> {
                    throw new AssertionError("unexpected failure logged: " + line);
                })) {
            URI base = URI.create("http://127.0.0.1:" + api.address().getPort() + GradesApi.PREFIX);
            HttpClient client = HttpClient.newHttpClient();
            URI claims = base.resolve("claims");
            record Case(String method, URI uri, String token, String body, int status) {
            }
            List<Case> cases = List.of(
                    new Case("GET", base.resolve("lots"), null, null, 401),
                    new Case("GET", base.resolve("lots"), "wrong-token-0123456789", null, 401),
                    new Case("POST", claims, READ_TOKEN, "{\"bin\":\"A\",\"count\":1}", 403),
                    new Case("POST", claims, CLAIM_TOKEN, "{\"bin\":\"A\",", 400),
                    new Case("POST", claims, CLAIM_TOKEN, "[1]", 400),
                    new Case("POST", claims, CLAIM_TOKEN, "{\"bin\":\"A\",\"count\":0}", 400),
                    new Case("POST", claims, CLAIM_TOKEN, "{\"bin\":\"A\",\"count\":-2}", 400),
                    new Case("POST", claims, CLAIM_TOKEN, "{\"bin\":\"A\",\"count\":1.5}", 400),
                    new Case("POST", claims, CLAIM_TOKEN, "{\"bin\":\"A\",\"count\":1,\"x\":1}", 400),
                    new Case("POST", claims, CLAIM_TOKEN, "{\"bin\":\"Z\",\"count\":1}", 404),
                    new Case("POST", claims, CLAIM_TOKEN, "{\"bin\":\"A\",\"count\":5}", 409),
                    new Case("POST", claims, CLAIM_TOKEN, "{\"bin\":\"" + "A".repeat(70_000) + "\",\"count\":1}", 413),
                    new Case("DELETE", base.resolve("claims/no-such-claim"), CLAIM_TOKEN, null, 404),
                    new Case("DELETE", base.resolve("claims/x"), READ_TOKEN, null, 403),
                    new Case("GET", base.resolve("cells?status=maybe"), READ_TOKEN, null, 400),
                    new Case("GET", base.resolve("cells?colour=red"), READ_TOKEN, null, 400),
                    new Case("GET", base.resolve("cells/nope"), READ_TOKEN, null, 404),
                    new Case("GET", base.resolve("nothing"), READ_TOKEN, null, 404),
                    new Case("PUT", base.resolve("lots"), READ_TOKEN, null, 405));
            for (Case c : cases) {
                HttpResponse<String> r = send(client, c.uri(), c.method(), c.token(), c.body());
                String what = c.method() + " " + c.uri().getPath() + " " + c.body();
                assertEquals(c.status(), r.statusCode(), what + ": " + r.body());
                JsonNode error = CellJson.MAPPER.readTree(r.body());
                assertTrue(error.get("error").isTextual(), what + ": " + r.body());
                assertFalse(r.body().contains("Exception"), r.body());
                if (c.status() == 401) {
                    assertEquals("Bearer realm=\"cycler\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
                }
            }
            HttpResponse<String> openApi = send(client, base.resolve("openapi.json"), "GET", null, null);
            assertEquals(200, openApi.statusCode());
            assertEquals("3.0.3", CellJson.MAPPER.readTree(openApi.body()).get("openapi").asText());
            HttpResponse<String> pack = send(client, claims, CLAIM_TOKEN, "{\"bin\":\"A\",\"series\":2,\"parallel\":2}");
            assertEquals(201, pack.statusCode(), pack.body());
            JsonNode claim = CellJson.MAPPER.readTree(pack.body());
            assertEquals(4, claim.get("cells").size());
            assertEquals("line", claim.get("claimant").asText());
            assertEquals(2, claim.get("groups").size());
            JsonNode held = CellJson.MAPPER.readTree(send(client, base.resolve("cells/X-001"), "GET", READ_TOKEN, null).body());
            assertEquals(claim.get("claim_id").asText(), held.get("claim_id").asText());
            assertEquals("claimed", held.get("status").asText());
            assertEquals(1, held.get("history").size());
            HttpResponse<String> released = send(client, base.resolve("claims/" + claim.get("claim_id").asText()),
                    "DELETE", CLAIM_TOKEN, null);
            assertEquals(200, released.statusCode(), released.body());
            assertEquals(4, CellJson.MAPPER.readTree(released.body()).get("released").asInt());
        }
    }

    private static HttpResponse<String> send(HttpClient client, URI uri, String token, String body) throws Exception {
        return send(client, uri, "POST", token, body);
    }

    /**
     * 16 pack lines race 20 claims each of 1 to 3 cells against one bin of 200 cells over HTTP:
     * no cell is in two claims, every granted claim got what it asked, and claimed plus
     * available is every cell.
     */
    @Test
    @Timeout(60)
    void concurrentClaimsOverHttpNeverShareACellAndLoseNone() throws Exception {
        int cellsInBin = 200;
        int lines = 16;
        int claimsPerLine = 20;
        db.record("run-1", "lot-1", "spec", lot("C", cellsInBin, "A"));
        Map<String, String> owner = new ConcurrentHashMap<>();
        List<String> doubles = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger claimedCells = new AtomicInteger();
        try (GradesApi api = GradesApi.start(db, tokens(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                line -> doubles.add("logged: " + line));
             ExecutorService pool = Executors.newFixedThreadPool(lines)) {
            URI claims = URI.create("http://127.0.0.1:" + api.address().getPort() + GradesApi.PREFIX + "claims");
            HttpClient client = HttpClient.newHttpClient();
            List<Future<?>> done = new ArrayList<>();
            for (int l = 0; l < lines; l++) {
                Random random = new Random(l);
                String name = "line-" + l;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < claimsPerLine; i++) {
                        int count = 1 + random.nextInt(3);
                        HttpResponse<String> r = send(client, claims, CLAIM_TOKEN,
                                "{\"bin\":\"A\",\"count\":" + count + ",\"claimant\":\"" + name + "\"}");
                        if (r.statusCode() == 409) {
                            refused.incrementAndGet();
                            continue;
                        }
                        assertEquals(201, r.statusCode(), r.body());
                        JsonNode claim = CellJson.MAPPER.readTree(r.body());
                        assertEquals(count, claim.get("cells").size());
                        granted.incrementAndGet();
                        for (JsonNode c : claim.get("cells")) {
                            claimedCells.incrementAndGet();
                            String before = owner.putIfAbsent(c.get("barcode").asText(), claim.get("claim_id").asText());
                            if (before != null) {
                                doubles.add(c.get("barcode").asText());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals(List.of(), doubles);
        int available = db.cells(new CellQuery(Optional.of("A"), Optional.empty(), CellQuery.Filter.AVAILABLE)).size();
        List<StoredCell> claimed = db.cells(new CellQuery(Optional.of("A"), Optional.empty(), CellQuery.Filter.CLAIMED));
        assertEquals(claimedCells.get(), claimed.size());
        assertEquals(cellsInBin, claimed.size() + available);
        assertTrue(available < 3, "claims stop only when fewer than 3 cells are left: " + available);
        Set<String> byDb = new HashSet<>();
        claimed.forEach(c -> byDb.add(c.barcode() + "=" + c.claim().orElseThrow().claimId()));
        Set<String> byClients = new HashSet<>();
        owner.forEach((barcode, claim) -> byClients.add(barcode + "=" + claim));
        assertEquals(byClients, byDb);
        assertEquals(lines * claimsPerLine, granted.get() + refused.get());
    }

    /**
     * Two databases opened on the same store (as two controllers' servers would) race claims
     * directly: the database itself, not a lock in one process, keeps every cell to one claim.
     */
    @Test
    @Timeout(60)
    void twoServersOnOneDatabaseNeverShareACell() throws Exception {
        int cellsInBin = 120;
        db.record("run-1", "lot-1", "spec", lot("D", cellsInBin, "A"));
        Set<String> taken = ConcurrentHashMap.newKeySet();
        List<String> doubles = Collections.synchronizedList(new ArrayList<>());
        try (GradesDatabase other = GradesDatabase.open(db.location(), new SteppingClock(), 4);
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                GradesDatabase mine = t % 2 == 0 ? db : other;
                String name = "line-" + t;
                done.add(pool.submit(() -> {
                    while (true) {
                        Claim claim;
                        try {
                            claim = mine.claim("A", Optional.empty(), 2, name);
                        } catch (ClaimRefusedException e) {
                            assertEquals(ClaimRefusedException.Why.NOT_ENOUGH, e.why());
                            return null;
                        }
                        claim.cells().forEach(c -> {
                            if (!taken.add(c.barcode())) {
                                doubles.add(c.barcode());
                            }
                        });
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals(List.of(), doubles);
        assertEquals(cellsInBin, taken.size());
        assertEquals(cellsInBin, db.cells(new CellQuery(Optional.of("A"), Optional.empty(), CellQuery.Filter.CLAIMED)).size());
    }
}
