package org.cycler.grades.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.cycler.core.BadInputException;
import org.cycler.grades.db.CellJson;
import org.cycler.grades.db.CellQuery;
import org.cycler.grades.db.Claim;
import org.cycler.grades.db.ClaimRefusedException;
import org.cycler.grades.db.GradesDatabase;
import org.cycler.grades.db.StoredCell;
import org.cycler.core.grading.Figure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The grades HTTP JSON API (docs/api.md) on the JDK's HTTP server: lots and cells for any token,
 * claims and releases for {@link Role#CLAIM} tokens, the OpenAPI description for anyone. Every
 * answer is JSON; every error is {@code {"error": "..."}} with a 4xx status (a database failure is
 * a 503, anything unexpected a 500 and one line to the log, never a stack trace to the client).
 * Requests run on a fixed pool of {@link #THREADS} threads. Thread-safe; the caller owns the
 * database and closes it after this.
 */
public final class GradesApi implements AutoCloseable {

    /** The API's path prefix. */
    public static final String PREFIX = "/api/v1/";
    /** Largest request body accepted, in bytes; larger gets 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Most bytes of a refused (too large) body read and dropped before answering 413. */
    public static final long MAX_DRAINED_BYTES = 1024 * 1024;
    /** Threads serving requests. */
    public static final int THREADS = 16;
    /** Longest bin, lot or claimant name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final Set<String> CELL_PARAMETERS = Set.of("bin", "lot", "status");
    private static final Set<String> CLAIM_FIELDS = Set.of("bin", "lot", "count", "series", "parallel", "claimant");

    private final GradesDatabase db;
    private final Tokens tokens;
    private final Consumer<String> log;
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] openApi;

    /** An answer; a null body stands for the OpenAPI document. */
    private record Response(int status, JsonNode body, Map<String, String> headers) {
        Response(int status, JsonNode body) {
            this(status, body, Map.of());
        }
    }

    private GradesApi(GradesDatabase db, Tokens tokens, Consumer<String> log, HttpServer server, ExecutorService executor)
            throws IOException {
        this.db = db;
        this.tokens = tokens;
        this.log = log;
        this.server = server;
        this.executor = executor;
        try (InputStream in = GradesApi.class.getResourceAsStream("openapi.json")) {
            this.openApi = Objects.requireNonNull(in, "openapi.json is missing from the program").readAllBytes();
        }
    }

    /**
     * Serves {@code db} on {@code address} (port 0: any free port, see {@link #address()}).
     *
     * @param log where one line per unexpected failure goes
     */
    public static GradesApi start(GradesDatabase db, Tokens tokens, InetSocketAddress address, Consumer<String> log)
            throws IOException {
        HttpServer server = HttpServer.create(address, 128);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "grades-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        GradesApi api = new GradesApi(db, tokens, log, server, executor);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** The address it listens on, with the actual port. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting, lets running requests finish (at most a second), stops the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Response response;
            try {
                response = route(exchange);
            } catch (ApiError e) {
                response = error(e.status(), e.getMessage());
                if (e.status() == 401) {
                    response = new Response(401, response.body(), Map.of("WWW-Authenticate", "Bearer realm=\"cycler\""));
                }
            } catch (SQLException e) {
                log.accept("grades API: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        + ": database: " + e.getMessage());
                response = error(503, "the grades database failed; try again");
            } catch (RuntimeException e) {
                log.accept("grades API: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        + ": " + e);
                response = error(500, "internal error");
            }
            send(exchange, response);
        } catch (IOException e) {
            // The client went away before the answer was written: nothing to answer.
        }
    }

    private Response route(HttpExchange exchange) throws ApiError, SQLException, IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (!path.startsWith(PREFIX)) {
            throw new ApiError(404, "no such resource (the API is under " + PREFIX + ")");
        }
        List<String> parts = new ArrayList<>(List.of(path.substring(PREFIX.length()).split("/", -1)));
        if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        String resource = parts.get(0);
        if (resource.equals("openapi.json") && parts.size() == 1) {
            allow(method, "GET");
            return new Response(200, null);
        }
        Tokens.Principal principal = tokens.authenticate(exchange.getRequestHeaders().getFirst("Authorization"))
                .orElseThrow(() -> new ApiError(401, "missing or unknown bearer token"));
        return switch (resource) {
            case "lots" -> {
                only(parts, 1);
                allow(method, "GET");
                parameters(exchange, Set.of());
                yield new Response(200, CellJson.lots(db.lots()));
            }
            case "cells" -> {
                allow(method, "GET");
                if (parts.size() == 1) {
                    yield cells(parameters(exchange, CELL_PARAMETERS));
                }
                only(parts, 2);
                parameters(exchange, Set.of());
                yield cell(decode(parts.get(1)));
            }
            case "claims" -> {
                if (parts.size() == 1) {
                    allow(method, "POST");
                    need(principal, Role.CLAIM);
                    yield claim(principal, body(exchange));
                }
                only(parts, 2);
                allow(method, "DELETE");
                need(principal, Role.CLAIM);
                yield release(decode(parts.get(1)));
            }
            default -> throw new ApiError(404, "no such resource '" + resource + "'");
        };
    }

    private Response cells(Map<String, String> query) throws ApiError, SQLException {
        CellQuery.Filter status;
        try {
            status = CellQuery.Filter.parse(query.getOrDefault("status", "all"));
        } catch (BadInputException e) {
            throw new ApiError(400, e.getMessage());
        }
        CellQuery q = new CellQuery(Optional.ofNullable(query.get("bin")), Optional.ofNullable(query.get("lot")), status);
        return new Response(200, CellJson.cells(db.cells(q)));
    }

    private Response cell(String barcode) throws ApiError, SQLException {
        StoredCell cell = db.cell(barcode).orElseThrow(() -> new ApiError(404, "no graded cell '" + barcode + "'"));
        ObjectNode o = CellJson.cell(cell);
        o.set("history", CellJson.cells(db.history(barcode)));
        return new Response(200, o);
    }

    private Response claim(Tokens.Principal principal, byte[] body) throws ApiError, SQLException {
        JsonNode request;
        try {
            request = CellJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiError(400, "malformed JSON");
        }
        if (request == null || !request.isObject()) {
            throw new ApiError(400, "expected a JSON object, e.g. {\"bin\": \"A\", \"count\": 8}");
        }
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CLAIM_FIELDS.contains(name)) {
                throw new ApiError(400, "unknown field '" + name + "' (expected bin, count or series and parallel, "
                        + "lot, claimant)");
            }
        }
        String bin = text(request, "bin").orElseThrow(() -> new ApiError(400, "missing field 'bin'"));
        Optional<String> lot = text(request, "lot");
        String claimant = text(request, "claimant").orElse(principal.name());
        boolean byCount = request.has("count");
        boolean byPack = request.has("series") || request.has("parallel");
        if (byCount == byPack) {
            throw new ApiError(400, "give either 'count', or 'series' and 'parallel'");
        }
        int series = byPack ? positive(request, "series") : 0;
        int parallel = byPack ? positive(request, "parallel") : 0;
        long wanted = byCount ? positive(request, "count") : (long) series * parallel;
        if (wanted > GradesDatabase.MAX_CLAIM_CELLS) {
            throw new ApiError(400, "a claim takes at most " + GradesDatabase.MAX_CLAIM_CELLS + " cells, not " + wanted);
        }
        Claim claim;
        try {
            claim = db.claim(bin, lot, (int) wanted, claimant);
        } catch (ClaimRefusedException e) {
            throw new ApiError(switch (e.why()) {
                case UNKNOWN_BIN -> 404;
                case NOT_CLAIMABLE -> 400;
                case NOT_ENOUGH -> 409;
            }, e.getMessage());
        }
        ObjectNode o = CellJson.claim(claim);
        if (byPack) {
            o.put("series", series);
            o.put("parallel", parallel);
            o.set("groups", groups(claim.cells(), series));
        }
        return new Response(201, o, Map.of("Location", PREFIX + "claims/" + claim.claimId()));
    }

    /**
     * The claimed cells dealt into {@code series} parallel groups of equal size whose capacities
     * sum as evenly as a snake deal gives (largest first: 1..S, then S..1, ...); cells without a
     * capacity last. Each group a list of barcodes.
     */
    static ArrayNode groups(List<StoredCell> cells, int series) {
        List<StoredCell> sorted = new ArrayList<>(cells);
        sorted.sort(Comparator.comparingDouble((StoredCell c) -> c.grade().has(Figure.CAPACITY)
                ? -c.grade().value(Figure.CAPACITY) : Double.POSITIVE_INFINITY).thenComparing(StoredCell::barcode));
        List<ArrayNode> groups = new ArrayList<>();
        ArrayNode out = CellJson.MAPPER.createArrayNode();
        for (int i = 0; i < series; i++) {
            groups.add(out.addArray());
        }
        for (int i = 0; i < sorted.size(); i++) {
            int round = i / series;
            int slot = i % series;
            groups.get(round % 2 == 0 ? slot : series - 1 - slot).add(sorted.get(i).barcode());
        }
        return out;
    }

    private Response release(String claimId) throws ApiError, SQLException {
        OptionalInt released = db.release(claimId);
        if (released.isEmpty()) {
            throw new ApiError(404, "no active claim '" + claimId + "'");
        }
        ObjectNode o = CellJson.MAPPER.createObjectNode();
        o.put("claim_id", claimId);
        o.put("released", released.getAsInt());
        return new Response(200, o);
    }

    private static void need(Tokens.Principal principal, Role role) throws ApiError {
        if (!principal.role().allows(role)) {
            throw new ApiError(403, "token of '" + principal.name() + "' has role " + principal.role().text()
                    + "; this needs a " + role.text() + " token");
        }
    }

    private static void allow(String method, String allowed) throws ApiError {
        if (!method.equals(allowed)) {
            throw new ApiError(405, "method " + method + " not allowed here (expected " + allowed + ")");
        }
    }

    private static void only(List<String> parts, int size) throws ApiError {
        if (parts.size() != size || parts.stream().anyMatch(String::isEmpty)) {
            throw new ApiError(404, "no such resource '" + String.join("/", parts) + "'");
        }
    }

    private static Optional<String> text(JsonNode request, String field) throws ApiError {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > MAX_NAME_LENGTH) {
            throw new ApiError(400, "'" + field + "' must be a non-empty string of at most " + MAX_NAME_LENGTH
                    + " characters");
        }
        return Optional.of(v.asText().strip());
    }

    private static int positive(JsonNode request, String field) throws ApiError {
        JsonNode v = request.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw new ApiError(400, "'" + field + "' must be a whole number of 1 or more");
        }
        return v.asInt();
    }

    private static Map<String, String> parameters(HttpExchange exchange, Set<String> allowed) throws ApiError {
        Map<String, String> out = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            if (!allowed.contains(name)) {
                throw new ApiError(400, "unknown parameter '" + name + "'"
                        + (allowed.isEmpty() ? "" : " (expected " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
            if (out.put(name, value) != null) {
                throw new ApiError(400, "parameter '" + name + "' given twice");
            }
        }
        return out;
    }

    private static String decodeQuery(String text) throws ApiError {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "malformed query: " + e.getMessage());
        }
    }

    /** A path segment: percent-decoded, '+' kept as itself. */
    private static String decode(String segment) throws ApiError {
        return decodeQuery(segment.replace("+", "%2B"));
    }

    private static byte[] body(HttpExchange exchange) throws ApiError, IOException {
        InputStream in = exchange.getRequestBody();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new ApiError(400, "malformed Content-Length");
            }
            if (declared > MAX_BODY_BYTES) {
                drain(in);
                throw new ApiError(413, "request body over " + MAX_BODY_BYTES + " bytes");
            }
        }
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            drain(in);
            throw new ApiError(413, "request body over " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    /**
     * Reads and drops what is left of a refused body, up to {@link #MAX_DRAINED_BYTES}, so that a
     * client still sending it reads the 413 instead of a reset connection; beyond that the
     * connection is closed after the answer.
     */
    private static void drain(InputStream in) throws IOException {
        long left = MAX_DRAINED_BYTES;
        byte[] buffer = new byte[8192];
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }

    private static Response error(int status, String message) {
        ObjectNode o = CellJson.MAPPER.createObjectNode();
        o.put("error", message);
        return new Response(status, o);
    }

    private void send(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes = response.body() == null ? openApi
                : (response.body().toString() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON_TYPE);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
