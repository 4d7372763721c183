package org.cycler.grades.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.cycler.core.BadInputException;
import org.cycler.core.auth.Tokens;
import org.cycler.core.json.Json;
import org.cycler.grades.db.CellQuery;
import org.cycler.grades.db.CellView;
import org.cycler.grades.db.Claim;
import org.cycler.grades.db.ClaimRefusedException;
import org.cycler.grades.db.ClaimView;
import org.cycler.grades.db.GradesDatabase;
import org.cycler.grades.db.LotView;
import org.cycler.grades.db.StoredCell;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;

/**
 * The grades HTTP JSON API (docs/api.md) on Javalin and Jetty: lots, cells and claims for any
 * token, claims and releases for {@link Role#CLAIM} tokens (a claim is released only by the token
 * that made it, or an {@link Role#ADMIN} token), the OpenAPI description for anyone. Every answer is
 * JSON through the program's one mapper ({@link Json}); every error is {@code {"error": "..."}},
 * Jetty's own refusals of malformed requests included ({@link JsonErrorHandler}); a database failure
 * is a 503, anything unexpected a 500 and one line to the log, never a stack trace or a library's
 * name to the client.
 *
 * <p>Slow and idle clients cost no thread: Jetty parses requests on its selectors, a connection that
 * sends nothing for {@link Limits#idleTimeout} is closed, a client (one remote address) holds at most
 * {@link Limits#connectionsPerClient} connections and the server {@link Limits#connections}.
 * Requests run on at most {@link Limits#threads} threads. Thread-safe; the caller owns the database
 * and closes it after this.
 */
public final class GradesApi implements AutoCloseable {

    /** The API's path prefix. */
    public static final String PREFIX = "/api/v1/";
    /** Largest request body accepted, in bytes; larger gets 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Longest bin, lot or claimant name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    /**
     * What the server gives its clients.
     *
     * @param idleTimeout          how long a connection may send nothing (mid-header, mid-body or between requests)
     * @param connectionsPerClient most connections one remote address holds open; more are closed at once
     * @param connections          most connections in all; beyond that the server stops accepting until one closes
     * @param threads              most requests handled at once
     */
    public record Limits(Duration idleTimeout, int connectionsPerClient, int connections, int threads) {
        /** 10 s idle, 64 connections a client, 1,024 in all, 32 threads. */
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), 64, 1_024, 32);

        public Limits {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.isNegative() || idleTimeout.isZero() || connectionsPerClient < 1
                    || connections < connectionsPerClient || threads < 8) {
                throw new IllegalArgumentException("limits out of range: " + idleTimeout + ", " + connectionsPerClient
                        + " per client, " + connections + " connections, " + threads + " threads");
            }
        }
    }

    private static final Set<String> CELL_PARAMETERS = Set.of("bin", "lot", "status");
    private static final Set<String> CLAIM_FIELDS = Set.of("bin", "lot", "count", "series", "parallel", "claimant");

    private final GradesDatabase db;
    private final Tokens<Role> tokens;
    private final Consumer<String> log;
    private final byte[] openApi;
    private final Set<String> routes = new TreeSet<>();
    private final Javalin app;
    private final ServerConnector connector;

    private GradesApi(GradesDatabase db, Tokens<Role> tokens, InetSocketAddress address, Limits limits, Consumer<String> log)
            throws IOException {
        this.db = db;
        this.tokens = tokens;
        this.log = log;
        try (InputStream in = GradesApi.class.getResourceAsStream("openapi.json")) {
            this.openApi = Objects.requireNonNull(in, "openapi.json is missing from the program").readAllBytes();
        }
        ServerConnector[] made = new ServerConnector[1];
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.defaultContentType = JsonErrorHandler.JSON_TYPE;
            config.http.disableCompression();
            QueuedThreadPool threads = new QueuedThreadPool(limits.threads(), Math.min(8, limits.threads()));
            threads.setName("grades-api");
            threads.setDaemon(true);
            config.jetty.threadPool = threads;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                server.addBean(new ConnectionLimit(limits.connections(), server));
            });
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            config.jetty.addConnector((server, http) -> {
                ServerConnector c = new ServerConnector(server,
                        new HttpConnectionFactory(http));
                c.setHost(address.getAddress().getHostAddress());
                c.setPort(address.getPort());
                c.setIdleTimeout(limits.idleTimeout().toMillis());
                c.addBean(new PerClientLimit(limits.connectionsPerClient()));
                made[0] = c;
                return c;
            });
            config.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod() && h.getHttpMethod() != HandlerType.HEAD
                        && h.getHttpMethod() != HandlerType.OPTIONS) {
                    routes.add(h.getHttpMethod() + " " + h.getPath());
                }
            });
            config.router.mount(router -> {
                router.get(PREFIX + "openapi.json", ctx -> ctx.result(openApi));
                router.get(PREFIX + "lots", ctx -> answer(ctx, this::lots));
                router.get(PREFIX + "cells", ctx -> answer(ctx, this::cells));
                router.get(PREFIX + "cells/{barcode}", ctx -> answer(ctx, this::cell));
                router.post(PREFIX + "claims", ctx -> answer(ctx, this::claim));
                router.get(PREFIX + "claims/{claimId}", ctx -> answer(ctx, this::showClaim));
                router.delete(PREFIX + "claims/{claimId}", ctx -> answer(ctx, this::release));
            });
        });
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), switch (e.getStatus()) {
            case 404 -> "no such resource '" + ctx.path() + "' (the API is under " + PREFIX + ")";
            case 405 -> "method " + ctx.method() + " not allowed on " + ctx.path();
            case 413 -> "request body over " + MAX_BODY_BYTES + " bytes";
            default -> "request refused";
        }));
        app.exception(Exception.class, (e, ctx) -> {
            this.log.accept("grades API: " + ctx.method() + " " + ctx.path() + ": " + e);
            error(ctx, 500, "internal error");
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException bind) {
                    throw bind;
                }
            }
            throw e;
        }
        this.connector = made[0];
    }

    /**
     * Serves {@code db} on {@code address} (port 0: any free port, see {@link #address()}) with
     * {@link Limits#DEFAULT}.
     *
     * @param log where one line per unexpected failure goes
     */
    public static GradesApi start(GradesDatabase db, Tokens<Role> tokens, InetSocketAddress address, Consumer<String> log)
            throws IOException {
        return start(db, tokens, address, Limits.DEFAULT, log);
    }

    /**
     * Serves {@code db} on {@code address} with {@code limits}.
     *
     * @throws BindException when the address is taken or not this machine's
     */
    public static GradesApi start(GradesDatabase db, Tokens<Role> tokens, InetSocketAddress address, Limits limits,
                                  Consumer<String> log) throws IOException {
        return new GradesApi(db, tokens, address, limits, log);
    }

    /** The address it listens on, with the actual port. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    /** Every route served, as {@code METHOD /path/{param}}: what the OpenAPI description must document. */
    public Set<String> routes() {
        return Set.copyOf(routes);
    }

    /** Stops accepting, lets running requests finish, stops the threads. */
    @Override
    public void close() {
        app.stop();
    }

    /** Work a route does: its answer, or an {@link ApiError}. */
    @FunctionalInterface
    private interface Route {
        Answer handle(Context ctx) throws ApiError, SQLException, IOException;
    }

    private record Answer(int status, Object body, Map<String, String> headers) {
        Answer(int status, Object body) {
            this(status, body, Map.of());
        }
    }

    private void answer(Context ctx, Route route) throws IOException {
        Answer a;
        try {
            a = route.handle(ctx);
        } catch (ApiError e) {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"cycler\"");
            }
            error(ctx, e.status(), e.getMessage());
            return;
        } catch (SQLException e) {
            log.accept("grades API: " + ctx.method() + " " + ctx.path() + ": database: " + e.getMessage());
            error(ctx, 503, "the grades database failed; try again");
            return;
        }
        a.headers().forEach(ctx::header);
        ctx.status(a.status()).header("Cache-Control", "no-store").contentType(JsonErrorHandler.JSON_TYPE)
                .result(Json.MAPPER.writeValueAsBytes(a.body()));
    }

    private static void error(Context ctx, int status, String message) {
        try {
            ctx.status(status).header("Cache-Control", "no-store").contentType(JsonErrorHandler.JSON_TYPE)
                    .result(Json.MAPPER.writeValueAsBytes(Map.of("error", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error message is always JSON", e);
        }
    }

    private Tokens.Principal<Role> principal(Context ctx, Role needed) throws ApiError {
        Tokens.Principal<Role> principal = tokens.authenticate(ctx.header("Authorization"))
                .orElseThrow(() -> new ApiError(401, "missing or unknown bearer token"));
        if (!principal.role().allows(needed)) {
            throw new ApiError(403, "token of '" + principal.name() + "' has role " + principal.role().text()
                    + "; this needs a " + needed.text() + " token");
        }
        return principal;
    }

    private Answer lots(Context ctx) throws ApiError, SQLException {
        principal(ctx, Role.READ);
        parameters(ctx, Set.of());
        return new Answer(200, db.lots().stream().map(LotView::of).toList());
    }

    private Answer cells(Context ctx) throws ApiError, SQLException {
        principal(ctx, Role.READ);
        Map<String, String> query = parameters(ctx, CELL_PARAMETERS);
        CellQuery.Filter status;
        try {
            status = CellQuery.Filter.parse(query.getOrDefault("status", "all"));
        } catch (BadInputException e) {
            throw new ApiError(400, e.getMessage());
        }
        CellQuery q = new CellQuery(Optional.ofNullable(query.get("bin")), Optional.ofNullable(query.get("lot")), status);
        return new Answer(200, CellView.of(db.cells(q)));
    }

    private Answer cell(Context ctx) throws ApiError, SQLException {
        principal(ctx, Role.READ);
        parameters(ctx, Set.of());
        String barcode = lastSegment(ctx);
        StoredCell cell = db.cell(barcode).orElseThrow(() -> new ApiError(404, "no graded cell '" + barcode + "'"));
        return new Answer(200, CellView.of(cell).withHistory(db.history(barcode)));
    }

    private Answer showClaim(Context ctx) throws ApiError, SQLException {
        principal(ctx, Role.READ);
        parameters(ctx, Set.of());
        String claimId = lastSegment(ctx);
        Claim claim = db.claim(claimId).orElseThrow(() -> new ApiError(404, "no claim '" + claimId + "'"));
        return new Answer(200, ClaimView.of(claim));
    }

    private Answer claim(Context ctx) throws ApiError, SQLException, IOException {
        Tokens.Principal<Role> principal = principal(ctx, Role.CLAIM);
        parameters(ctx, Set.of());
        JsonNode request = parse(body(ctx));
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CLAIM_FIELDS.contains(name)) {
                throw new ApiError(400, "unknown field '" + name + "' (expected bin, count or series and parallel, "
                        + "lot, claimant)");
            }
        }
        String bin = text(request, "bin").orElseThrow(() -> new ApiError(400, "missing field 'bin'"));
        Optional<String> lot = text(request, "lot");
        Optional<String> named = text(request, "claimant");
        if (named.isPresent() && !named.get().equals(principal.name()) && tokens.names().contains(named.get())) {
            throw new ApiError(403, "'claimant' " + named.get() + " is another token's name; a token claims in its "
                    + "own name or a name no token has");
        }
        String claimant = named.orElse(principal.name());
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
            claim = byPack ? db.claimPack(bin, lot, series, parallel, claimant, principal.name())
                    : db.claim(bin, lot, (int) wanted, claimant, principal.name());
        } catch (ClaimRefusedException e) {
            throw refused(e);
        }
        return new Answer(201, ClaimView.of(claim), Map.of("Location", PREFIX + "claims/" + claim.claimId()));
    }

    private Answer release(Context ctx) throws ApiError, SQLException {
        Tokens.Principal<Role> principal = principal(ctx, Role.CLAIM);
        parameters(ctx, Set.of());
        String claimId = lastSegment(ctx);
        OptionalInt released;
        try {
            released = db.release(claimId, principal.name(), principal.role() == Role.ADMIN);
        } catch (ClaimRefusedException e) {
            throw refused(e);
        }
        if (released.isEmpty()) {
            throw new ApiError(404, "no active claim '" + claimId + "'");
        }
        return new Answer(200, Map.of("claim_id", claimId, "released", released.getAsInt()));
    }

    private static ApiError refused(ClaimRefusedException e) {
        return new ApiError(switch (e.why()) {
            case UNKNOWN_BIN -> 404;
            case NOT_CLAIMABLE -> 400;
            case NOT_ENOUGH -> 409;
            case NOT_YOURS -> 403;
        }, e.getMessage());
    }

    /**
     * The one JSON object of a request body, strictly: a duplicate key, anything after the object
     * (junk, a second object) or anything but an object is a 400 naming what is wrong.
     */
    static JsonNode parse(byte[] body) throws ApiError {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (MismatchedInputException e) {
            throw new ApiError(400, "malformed JSON: text after the JSON object (send exactly one object)");
        } catch (StreamReadException e) {
            String original = Objects.requireNonNullElse(e.getOriginalMessage(), "");
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiError(400, original.startsWith("Duplicate field")
                    ? "malformed JSON: " + original.replace("Duplicate field", "field") + " given twice" + where
                    : "malformed JSON" + where);
        } catch (IOException e) {
            throw new ApiError(400, "malformed JSON");
        }
        if (request == null || !request.isObject()) {
            throw new ApiError(400, "expected a JSON object, e.g. {\"bin\": \"A\", \"count\": 8}");
        }
        return request;
    }

    /**
     * A name field: a non-empty string of at most {@link #MAX_NAME_LENGTH} characters with no
     * control character (ESC, CR, NUL, ...), which would reach terminals and files raw.
     */
    static Optional<String> text(JsonNode request, String field) throws ApiError {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > MAX_NAME_LENGTH) {
            throw new ApiError(400, "'" + field + "' must be a non-empty string of at most " + MAX_NAME_LENGTH
                    + " characters");
        }
        if (v.asText().chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(400, "'" + field + "' holds a control character (such as ESC, CR or NUL); names are "
                    + "printable text");
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

    private static Map<String, String> parameters(Context ctx, Set<String> allowed) throws ApiError {
        Map<String, String> out = new HashMap<>();
        String raw = ctx.queryString();
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
                        + (allowed.isEmpty() ? "" : " (expected " + String.join(", ", new TreeSet<>(allowed)) + ")"));
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
            throw new ApiError(400, "malformed query (a '%' must be followed by two hex digits)");
        }
    }

    /** The last path segment as sent: percent-decoded, '+' kept as itself (a barcode may hold one). */
    private static String lastSegment(Context ctx) throws ApiError {
        String raw = ctx.req().getRequestURI();
        if (raw.endsWith("/")) {
            raw = raw.substring(0, raw.length() - 1);
        }
        return decodeQuery(raw.substring(raw.lastIndexOf('/') + 1).replace("+", "%2B"));
    }

    private static byte[] body(Context ctx) throws ApiError, IOException {
        if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
            throw new ApiError(413, "request body over " + MAX_BODY_BYTES + " bytes");
        }
        byte[] body = ctx.req().getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiError(413, "request body over " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }
}
