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
import org.cycler.core.auth.Tokens;
import org.cycler.core.grading.Figure;
import org.cycler.core.grading.GradedCell;
import org.cycler.core.grading.GradingSpec;
import org.cycler.core.json.Json;
import org.cycler.grades.api.GradesApi;
import org.cycler.grades.api.Role;
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
    static final String OTHER_TOKEN = "other-token-0123456789abcdef";
    static final String ADMIN_TOKEN = "admin-token-0123456789abcdef";

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
        Claim first = db.claim("A", Optional.empty(), 3, "line-1", "line-1");
        assertEquals(List.of("X-001", "X-002", "X-003"), first.cells().stream().map(StoredCell::barcode).toList());
        assertTrue(first.cells().stream().allMatch(c -> c.claim().orElseThrow().claimedBy().equals("line-1")));
        ClaimRefusedException tooMany = assertThrows(ClaimRefusedException.class,
                () -> db.claim("A", Optional.empty(), 3, "line-2", "line-2"));
        assertEquals(ClaimRefusedException.Why.NOT_ENOUGH, tooMany.why());
        assertEquals(2, db.cells(new CellQuery(Optional.of("A"), Optional.empty(), CellQuery.Filter.AVAILABLE)).size());
        assertEquals(ClaimRefusedException.Why.NOT_CLAIMABLE, assertThrows(ClaimRefusedException.class,
                () -> db.claim(GradingSpec.REJECT, Optional.empty(), 1, "line-2", "line-2")).why());
        assertEquals(ClaimRefusedException.Why.UNKNOWN_BIN, assertThrows(ClaimRefusedException.class,
                () -> db.claim("Z", Optional.empty(), 1, "line-2", "line-2")).why());
        assertEquals(ClaimRefusedException.Why.UNKNOWN_BIN, assertThrows(ClaimRefusedException.class,
                () -> db.claim("A", Optional.of("lot-9"), 1, "line-2", "line-2")).why());
        StoredCell held = db.cell("X-002").orElseThrow();
        assertEquals(first.claimId(), held.claim().orElseThrow().claimId());
        assertEquals(CellStatus.CLAIMED, held.status());
        db.record("run-1", "lot-1", "regraded", cells);
        assertEquals(first.claimId(), db.cell("X-002").orElseThrow().claim().orElseThrow().claimId(),
                "regrading keeps who holds a cell");
        assertEquals(3, db.release(first.claimId(), "line-1", false).orElseThrow());
        assertTrue(db.release(first.claimId(), "line-1", false).isEmpty());
        assertEquals(5, db.cells(new CellQuery(Optional.of("A"), Optional.empty(), CellQuery.Filter.AVAILABLE)).size());
        assertNotEquals(first.claimId(), db.claim("A", Optional.of("lot-1"), 5, "line-2", "line-2").claimId());
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsCells() throws Exception {
        db.record("run-1", "lot-1", "spec", lot("X", 2, "A"));
        try (GradesDatabase again = GradesDatabase.open(db.location())) {
            assertEquals(2, again.cells(CellQuery.ALL).size());
        }
    }

    /** Tokens file with a read and a claim token. */
    Tokens<Role> tokens() throws Exception {
        Path file = temp.resolve("tokens");
        Files.writeString(file, "# test tokens\n" + READ_TOKEN + " read viewer\n" + CLAIM_TOKEN + " claim line\n"
                + OTHER_TOKEN + " claim line-b\n" + ADMIN_TOKEN + " admin plant\n");
        return Tokens.read(file, Role.class);
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
                JsonNode error = Json.MAPPER.readTree(r.body());
                assertTrue(error.get("error").isTextual(), what + ": " + r.body());
                assertFalse(r.body().contains("Exception"), r.body());
                if (c.status() == 401) {
                    assertEquals("Bearer realm=\"cycler\"", r.headers().firstValue("WWW-Authenticate").orElse(""));
                }
            }
            HttpResponse<String> openApi = send(client, base.resolve("openapi.json"), "GET", null, null);
            assertEquals(200, openApi.statusCode());
            assertEquals("3.0.3", Json.MAPPER.readTree(openApi.body()).get("openapi").asText());
            HttpResponse<String> pack = send(client, claims, CLAIM_TOKEN, "{\"bin\":\"A\",\"series\":2,\"parallel\":2}");
            assertEquals(201, pack.statusCode(), pack.body());
            JsonNode claim = Json.MAPPER.readTree(pack.body());
            assertEquals(4, claim.get("cells").size());
            assertEquals("line", claim.get("claimant").asText());
            assertEquals(2, claim.get("groups").size());
            JsonNode held = Json.MAPPER.readTree(send(client, base.resolve("cells/X-001"), "GET", READ_TOKEN, null).body());
            assertEquals(claim.get("claim_id").asText(), held.get("claim_id").asText());
            assertEquals("claimed", held.get("status").asText());
            assertEquals(1, held.get("history").size());
            HttpResponse<String> released = send(client, base.resolve("claims/" + claim.get("claim_id").asText()),
                    "DELETE", CLAIM_TOKEN, null);
            assertEquals(200, released.statusCode(), released.body());
            assertEquals(4, Json.MAPPER.readTree(released.body()).get("released").asInt());
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
                        JsonNode claim = Json.MAPPER.readTree(r.body());
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
                            claim = mine.claim("A", Optional.empty(), 2, name, name);
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

    /** The API on loopback over this test's database; fails the test on any unexpected failure it logs. */
    GradesApi api() throws Exception {
        return GradesApi.start(db, tokens(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> {
            throw new AssertionError("unexpected failure logged: " + line);
        });
    }

    static URI base(GradesApi api) {
        return URI.create("http://127.0.0.1:" + api.address().getPort() + GradesApi.PREFIX);
    }

    @Test
    void aClaimIsReleasedOnlyByItsTokenOrAnAdminAndRecordsWhoMadeIt() throws Exception {
        db.record("run-1", "lot-1", "spec", lot("X", 6, "A"));
        try (GradesApi api = api()) {
            HttpClient client = HttpClient.newHttpClient();
            URI claims = base(api).resolve("claims");
            HttpResponse<String> made = send(client, claims, CLAIM_TOKEN, "{\"bin\":\"A\",\"count\":2,\"claimant\":\"cart-4\"}");
            assertEquals(201, made.statusCode(), made.body());
            JsonNode claim = Json.MAPPER.readTree(made.body());
            assertEquals("cart-4", claim.get("claimant").asText());
            assertEquals("line", claim.get("acted_by").asText());
            URI mine = base(api).resolve("claims/" + claim.get("claim_id").asText());
            HttpResponse<String> stolen = send(client, mine, "DELETE", OTHER_TOKEN, null);
            assertEquals(403, stolen.statusCode(), stolen.body());
            assertEquals(2, db.cells(new CellQuery(Optional.of("A"), Optional.empty(), CellQuery.Filter.CLAIMED)).size());
            HttpResponse<String> impostor = send(client, claims, OTHER_TOKEN, "{\"bin\":\"A\",\"count\":1,\"claimant\":\"line\"}");
            assertEquals(403, impostor.statusCode(), impostor.body());
            assertTrue(Json.MAPPER.readTree(impostor.body()).get("error").asText().contains("another token's name"));
            HttpResponse<String> shown = send(client, mine, "GET", READ_TOKEN, null);
            assertEquals(200, shown.statusCode(), shown.body());
            assertEquals("line", Json.MAPPER.readTree(shown.body()).get("acted_by").asText());
            assertEquals(200, send(client, mine, "DELETE", CLAIM_TOKEN, null).statusCode());
            HttpResponse<String> other = send(client, claims, OTHER_TOKEN, "{\"bin\":\"A\",\"count\":1}");
            URI theirs = base(api).resolve("claims/" + Json.MAPPER.readTree(other.body()).get("claim_id").asText());
            assertEquals(403, send(client, theirs, "DELETE", CLAIM_TOKEN, null).statusCode());
            HttpResponse<String> byAdmin = send(client, theirs, "DELETE", ADMIN_TOKEN, null);
            assertEquals(200, byAdmin.statusCode(), byAdmin.body());
            assertEquals(1, Json.MAPPER.readTree(byAdmin.body()).get("released").asInt());
        }
    }

    @Test
    void looseJsonAndControlCharactersAreRefusedWithJsonErrors() throws Exception {
        db.record("run-1", "lot-1", "spec", lot("X", 4, "A"));
        try (GradesApi api = api()) {
            HttpClient client = HttpClient.newHttpClient();
            URI claims = base(api).resolve("claims");
            List<String> bodies = List.of(
                    "{\"bin\":\"A\",\"count\":1} junk",
                    "{\"bin\":\"A\",\"count\":1}{\"bin\":\"A\",\"count\":1}",
                    "{\"bin\":\"A\",\"count\":1,\"count\":2}",
                    "{\"bin\":\"A\",\"bin\":\"B\",\"count\":1}",
                    "{\"bin\":\"A\",\"count\":1,\"claimant\":\"line\\u001b[2J\"}",
                    "{\"bin\":\"A\",\"count\":1,\"claimant\":\"a\\rb\"}",
                    "{\"bin\":\"A\",\"count\":1,\"claimant\":\"a\\u0000b\"}",
                    "{\"bin\":\"A\",\"lot\":\"lot\\u001b1\",\"count\":1}");
            for (String body : bodies) {
                HttpResponse<String> r = send(client, claims, CLAIM_TOKEN, body);
                assertEquals(400, r.statusCode(), body + ": " + r.body());
                assertTrue(Json.MAPPER.readTree(r.body()).get("error").isTextual(), r.body());
                assertFalse(r.body().contains("jackson") || r.body().contains("Feature") || r.body().contains("Exception"),
                        r.body());
            }
            assertEquals(0, db.cells(new CellQuery(Optional.of("A"), Optional.empty(), CellQuery.Filter.CLAIMED)).size());
        }
    }

    /** One raw HTTP/1.1 exchange on a new connection; the whole answer as text. */
    static String raw(GradesApi api, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), api.address().getPort())) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void requestsTheServerRefusesGetJsonErrorsNamingNoLibrary() throws Exception {
        try (GradesApi api = api()) {
            List<String> requests = List.of(
                    "GET /api/v1/cells/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    "POST /api/v1/claims HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n",
                    "GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    "GET /api/v1/lots HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
            for (String request : requests) {
                String answer = raw(api, request);
                String what = request.lines().findFirst().orElseThrow();
                int split = answer.indexOf("\r\n\r\n");
                assertTrue(split > 0, what + ": " + answer);
                String head = answer.substring(0, split).toLowerCase(java.util.Locale.ROOT);
                String body = answer.substring(split + 4);
                assertTrue(head.startsWith("http/1.1 4"), what + ": " + head);
                assertTrue(head.contains("content-type: application/json"), what + ": " + head);
                assertTrue(Json.MAPPER.readTree(body).get("error").isTextual(), what + ": " + body);
                for (String internal : List.of("Exception", "jetty", "Jetty", "javalin", "Javalin", "<html")) {
                    assertFalse(answer.contains(internal), what + " names " + internal + ": " + answer);
                }
            }
        }
    }

    static GradedCell matched(String barcode, int channel, double capacityAh, double dcirOhm, double ocvV) {
        Map<Figure, Double> values = new EnumMap<>(Figure.class);
        values.put(Figure.CAPACITY, capacityAh);
        values.put(Figure.DCIR, dcirOhm);
        values.put(Figure.OCV, ocvV);
        return new GradedCell(barcode, channel, values, "A", "");
    }

    /**
     * A 2S2P claim over HTTP is the pack {@code cycler match}'s matcher makes: its worst DCIR spread
     * within a parallel group is no worse than the best pack PackMatcher makes of the same free cells
     * (in barcode order the cells alternate low and high DCIR, which a deal by barcode pairs badly).
     */
    @Test
    void aPackClaimOverHttpIsMatchedAsCyclerMatchMatchesIt() throws Exception {
        List<GradedCell> cells = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            double dcir = (i % 2 == 0 ? 0.030 : 0.018) + i * 1e-5;
            cells.add(matched(String.format(java.util.Locale.ROOT, "P-%03d", i), i, 5.0 + (i % 3) * 0.01, dcir,
                    3.60 + i * 1e-4));
        }
        db.record("run-1", "lot-1", "spec", cells);
        List<org.cycler.core.grading.PackMatcher.Cell> pool = cells.stream()
                .map(org.cycler.core.grading.PackMatcher.Cell::of).toList();
        double cyclerMatch = org.cycler.core.grading.PackMatcher.bestPack(pool, 2, 2,
                org.cycler.core.grading.PackMatcher.DEFAULT_SEED).orElseThrow().series().stream()
                .mapToDouble(org.cycler.core.grading.PackMatcher.Group::dcirSpreadOhm).max().orElseThrow();
        try (GradesApi api = api()) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> r = send(client, base(api).resolve("claims"), CLAIM_TOKEN,
                    "{\"bin\":\"A\",\"series\":2,\"parallel\":2}");
            assertEquals(201, r.statusCode(), r.body());
            JsonNode claim = Json.MAPPER.readTree(r.body());
            Map<String, Double> dcir = new java.util.HashMap<>();
            cells.forEach(c -> dcir.put(c.barcode(), c.value(Figure.DCIR)));
            double worst = 0;
            for (JsonNode group : claim.get("groups")) {
                assertEquals(2, group.size());
                double a = dcir.get(group.get(0).asText());
                double b = dcir.get(group.get(1).asText());
                worst = Math.max(worst, Math.abs(a - b));
            }
            assertTrue(worst <= cyclerMatch + 1e-12, "API pack DCIR spread " + worst + " ohm, cycler match " + cyclerMatch);
            assertTrue(worst < 0.001, "parallel groups of like DCIR: " + worst + " ohm");
            URI shown = base(api).resolve("claims/" + claim.get("claim_id").asText());
            assertEquals(claim.get("groups"), Json.MAPPER.readTree(send(client, shown, "GET", READ_TOKEN, null).body())
                    .get("groups"));
        }
    }

    @Test
    void aRegradeThatRejectsAClaimedCellIsVisibleToItsHolder() throws Exception {
        db.record("run-1", "lot-1", "spec", lot("X", 3, "A"));
        try (GradesApi api = api()) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> made = send(client, base(api).resolve("claims"), CLAIM_TOKEN, "{\"bin\":\"A\",\"count\":2}");
            String claimId = Json.MAPPER.readTree(made.body()).get("claim_id").asText();
            List<GradedCell> regraded = new ArrayList<>(lot("X", 3, "A"));
            regraded.set(0, cell("X-001", 1, 4.0, GradingSpec.REJECT));
            db.record("run-1", "lot-1", "spec-2", regraded);
            HttpResponse<String> shown = send(client, base(api).resolve("claims/" + claimId), "GET", CLAIM_TOKEN, null);
            assertEquals(200, shown.statusCode(), shown.body());
            JsonNode claim = Json.MAPPER.readTree(shown.body());
            assertEquals(2, claim.get("cells").size());
            assertEquals(GradingSpec.REJECT, claim.get("cells").get(0).get("bin").asText());
            assertEquals("[\"X-001\"]", claim.get("rejected").toString());
            assertTrue(claim.get("released_at").isNull());
            assertEquals(404, send(client, base(api).resolve("claims/no-such"), "GET", READ_TOKEN, null).statusCode());
        }
    }

    /**
     * 500 connections that send nothing or half a request, from other loopback addresses, and 16
     * half-sent requests from one more: the API still answers a real request (from 127.0.0.1).
     */
    @Test
    @Timeout(120)
    void slowAndIdleClientsDoNotStopTheApiAnswering() throws Exception {
        db.record("run-1", "lot-1", "spec", lot("X", 2, "A"));
        List<java.net.Socket> slow = new ArrayList<>();
        try (GradesApi api = api()) {
            int port = api.address().getPort();
            try {
                for (int i = 0; i < 500; i++) {
                    java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port,
                            InetAddress.getByName("127.0.0." + (2 + i % 10)), 0);
                    if (i % 2 == 1) {
                        s.getOutputStream().write("GET /api/v1/lots HTTP/1.1\r\nHost: x\r\nAuthorizat".getBytes(
                                java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                    slow.add(s);
                }
                for (int i = 0; i < 16; i++) {
                    java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port,
                            InetAddress.getByName("127.0.0.20"), 0);
                    s.getOutputStream().write(("POST /api/v1/claims HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                            + CLAIM_TOKEN + "\r\nContent-Length: 100\r\n\r\n{\"bin\"").getBytes(
                            java.nio.charset.StandardCharsets.ISO_8859_1));
                    slow.add(s);
                }
                String answer = raw(api, "GET /api/v1/lots HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + READ_TOKEN
                        + "\r\nConnection: close\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertTrue(answer.contains("\"lot\":\"lot-1\""), answer);
            } finally {
                for (java.net.Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aDatabaseMadeBeforeFlywayIsBaselinedAndKeepsItsCellsAndClaims() throws Exception {
        DbLocation old = newDatabase();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(old.url());
             java.sql.Statement s = c.createStatement()) {
            String v1 = new String(GradesDatabase.class.getResourceAsStream("/db/migration/V1__grades.sql").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
            for (String sql : v1.split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
            s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, script VARCHAR(200) NOT NULL, "
                    + "installed_at VARCHAR(24) NOT NULL)");
            s.execute("INSERT INTO schema_version VALUES (1, 'V1__grades.sql', '2026-11-01T00:00:00.000Z')");
            s.execute("INSERT INTO gradings VALUES ('g-1', 'run-0', 'lot-0', 'spec', '2026-11-01T00:00:00.000Z', 2)");
            for (String barcode : List.of("OLD-1", "OLD-2")) {
                s.execute("INSERT INTO grades (grading_id, channel, barcode, run_id, lot, spec_name, graded_at, capacity_ah, "
                        + "bin, reason, superseded) VALUES ('g-1', " + barcode.charAt(4) + ", '" + barcode + "', 'run-0', "
                        + "'lot-0', 'spec', '2026-11-01T00:00:00.000Z', 5.0, 'A', '', 0)");
            }
            s.execute("INSERT INTO claims VALUES ('c-1', 'line', 'A', 1, '2026-11-02T00:00:00.000Z', NULL)");
            s.execute("INSERT INTO cells VALUES ('OLD-1', 'A', 'lot-0', 'c-1', 'line', '2026-11-02T00:00:00.000Z')");
            s.execute("INSERT INTO cells VALUES ('OLD-2', 'A', 'lot-0', NULL, NULL, NULL)");
        }
        try (GradesDatabase migrated = GradesDatabase.open(old)) {
            assertEquals(2, migrated.cells(CellQuery.ALL).size());
            Claim claim = migrated.claim("c-1").orElseThrow();
            assertEquals("line", claim.actedBy());
            assertEquals(List.of("OLD-1"), claim.cells().stream().map(StoredCell::barcode).toList());
            assertThrows(ClaimRefusedException.class, () -> migrated.release("c-1", "line-b", false));
            assertEquals(1, migrated.release("c-1", "line", false).orElseThrow());
            assertEquals(1, migrated.claim("A", Optional.empty(), 1, "line", "line").cells().size());
        }
        try (GradesDatabase again = GradesDatabase.open(old)) {
            assertEquals(2, again.cells(CellQuery.ALL).size());
        }
    }

    @Test
    void aDatabaseNewerThanThisProgramIsRefused() throws Exception {
        db.close();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.location().url());
             java.sql.Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    + "installed_by, execution_time, success) VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 0, "
                    + "'x', 0, " + (db.location().vendor() == DbLocation.Vendor.POSTGRESQL ? "true" : "1") + ")");
        }
        BadInputException e = assertThrows(BadInputException.class, () -> GradesDatabase.open(db.location()));
        assertTrue(e.getMessage().startsWith("grades database "), e.getMessage());
        db = GradesDatabase.open(newDatabase());
    }
}
