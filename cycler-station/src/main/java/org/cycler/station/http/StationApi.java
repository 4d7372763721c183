package org.cycler.station.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.cycler.core.BadInputException;
import org.cycler.core.NumberRanges;
import org.cycler.core.auth.Tokens;
import org.cycler.core.json.Json;
import org.cycler.core.schedule.OperatorAction;
import org.cycler.station.Station;
import org.cycler.station.jobs.Job;
import org.cycler.station.jobs.JobRefusedException;
import org.cycler.station.jobs.Submission;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;

/**
 * The station's HTTP JSON API (docs/station.md) on Javalin, in the grades API's style: bearer
 * tokens ({@link StationRole#READ} may GET, {@link StationRole#OPERATOR} may also POST), every
 * answer JSON through the program's one mapper, every error {@code {"error": "..."}}, idle
 * connections closed after {@link #IDLE_TIMEOUT}; every POST of an operator token also carries
 * the {@link Csrf} token that {@code GET /api/v1/session} gives. {@code GET /api/v1/events} is a server-sent
 * event stream: a {@code snapshot} of every running job's channels each {@link #SNAPSHOT_PERIOD}
 * and a {@code job} event whenever a job changes state. Thread-safe; the caller owns the station.
 */
public final class StationApi implements AutoCloseable {

    public static final String PREFIX = "/api/v1/";
    /** Largest request body accepted (a recipe travels in it), bytes. */
    public static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** How often the event stream carries a snapshot of the running jobs. */
    public static final Duration SNAPSHOT_PERIOD = Duration.ofMillis(500);
    private static final int THREADS = 32;
    private static final String JSON = "application/json; charset=utf-8";
    private static final Set<String> SUBMIT_FIELDS = Set.of("recipe", "recipe_file", "device", "channels", "barcodes",
            "lot", "operator");

    private final Station station;
    private final Tokens<StationRole> tokens;
    private final Consumer<String> log;
    private final Javalin app;
    private final ServerConnector connector;
    private final List<SseClient> listeners = new CopyOnWriteArrayList<>();
    private final Addition addition;
    private final Csrf csrf = new Csrf();
    private final ScheduledExecutorService snapshots = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "station-events");
        t.setDaemon(true);
        return t;
    });

    /**
     * What a module above this one serves on the same server (the web view): it adds its files and
     * routes to the server's config, may publish events once the server runs, and is closed with it.
     */
    public interface Addition extends AutoCloseable {
        /** Adds files, routes and before-handlers; called once while the server is made. */
        void configure(JavalinConfig config);

        /** Called once the server listens; {@code api} publishes events to the event stream. */
        void started(StationApi api);

        @Override
        void close();
    }

    private StationApi(Station station, Tokens<StationRole> tokens, InetSocketAddress address, Consumer<String> log,
                       Addition addition) throws IOException {
        this.station = station;
        this.tokens = tokens;
        this.log = log;
        this.addition = addition;
        ServerConnector[] made = new ServerConnector[1];
        app = Javalin.create(config -> {
            addition.configure(config);
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.defaultContentType = JSON;
            QueuedThreadPool threads = new QueuedThreadPool(THREADS, 8);
            threads.setName("station-api");
            threads.setDaemon(true);
            config.jetty.threadPool = threads;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            config.jetty.addConnector((server, http) -> {
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
                c.setHost(address.getAddress().getHostAddress());
                c.setPort(address.getPort());
                c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                made[0] = c;
                return c;
            });
            config.router.mount(router -> {
                router.before(PREFIX + "*", ctx -> {
                    if (refusedForCsrf(ctx)) {
                        ctx.skipRemainingHandlers();
                    }
                });
                router.get(PREFIX + "session", ctx -> answer(ctx, StationRole.READ, c -> session(c)));
                router.get(PREFIX + "devices", ctx -> answer(ctx, StationRole.READ, c -> station.devices()));
                router.get(PREFIX + "jobs", ctx -> answer(ctx, StationRole.READ, c -> views(station.jobs())));
                router.post(PREFIX + "jobs", ctx -> answer(ctx, StationRole.OPERATOR, this::submit));
                router.get(PREFIX + "jobs/{id}", ctx -> answer(ctx, StationRole.READ, c -> view(station.job(id(c)))));
                router.post(PREFIX + "jobs/{id}/pause", ctx -> answer(ctx, StationRole.OPERATOR,
                        c -> steer(c, OperatorAction.Kind.PAUSE)));
                router.post(PREFIX + "jobs/{id}/resume", ctx -> answer(ctx, StationRole.OPERATOR,
                        c -> steer(c, OperatorAction.Kind.RESUME)));
                router.post(PREFIX + "jobs/{id}/stop", ctx -> answer(ctx, StationRole.OPERATOR,
                        c -> steer(c, OperatorAction.Kind.STOP)));
                router.post(PREFIX + "jobs/{id}/cancel", ctx -> answer(ctx, StationRole.OPERATOR,
                        c -> view(station.cancel(id(c), principal(c, StationRole.OPERATOR).name()))));
                router.before(PREFIX + "events", ctx -> {
                    try {
                        principal(ctx, StationRole.READ);
                    } catch (ApiError e) {
                        error(ctx, e.status, e.getMessage());
                        ctx.skipRemainingHandlers();
                    }
                });
                router.sse(PREFIX + "events", client -> {
                    client.keepAlive();
                    client.onClose(() -> listeners.remove(client));
                    listeners.add(client);
                });
            });
        });
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), switch (e.getStatus()) {
            case 404 -> "no such resource '" + ctx.path() + "' (the API is under " + PREFIX + ")";
            case 405 -> "method " + ctx.method() + " not allowed on " + ctx.path();
            case 413 -> "request body over " + MAX_BODY_BYTES + " bytes";
            default -> "request refused";
        }));
        app.exception(Exception.class, (e, ctx) -> {
            log.accept("station API: " + ctx.method() + " " + ctx.path() + ": " + e);
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
        connector = made[0];
        station.onJobChange(job -> broadcast("job", view(job)));
        addition.started(this);
        snapshots.scheduleAtFixedRate(this::snapshot, SNAPSHOT_PERIOD.toMillis(), SNAPSHOT_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Serves {@code station} on {@code address} (port 0: any free port, see {@link #address()}).
     *
     * @param log where one line per unexpected failure goes
     * @throws BindException when the address is taken or not this machine's
     */
    public static StationApi start(Station station, Tokens<StationRole> tokens, InetSocketAddress address,
                                   Consumer<String> log) throws IOException {
        return start(station, tokens, address, log, new Addition() {
            @Override
            public void configure(JavalinConfig config) {
            }

            @Override
            public void started(StationApi api) {
            }

            @Override
            public void close() {
            }
        });
    }

    /**
     * Serves {@code station} with {@code addition} on the same server; closing the API closes it.
     * When the server cannot start, {@code addition} is closed before this throws.
     */
    public static StationApi start(Station station, Tokens<StationRole> tokens, InetSocketAddress address,
                                   Consumer<String> log, Addition addition) throws IOException {
        try {
            return new StationApi(station, tokens, address, log, addition);
        } catch (IOException | RuntimeException e) {
            addition.close();
            throw e;
        }
    }

    /** Sends {@code body} as JSON to every client of the event stream as an event named {@code event}. */
    public void publish(String event, Object body) {
        broadcast(event, body);
    }

    /** The address it listens on, with the actual port. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    @Override
    public void close() {
        snapshots.shutdownNow();
        listeners.forEach(SseClient::close);
        app.stop();
        addition.close();
    }

    private void snapshot() {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            List<JobView> running = new ArrayList<>();
            for (Job job : station.jobs()) {
                station.progress(job.id()).ifPresent(p -> running.add(JobView.of(job, p)));
            }
            broadcast("snapshot", running);
        } catch (SQLException e) {
            log.accept("station API: events: " + e.getMessage());
        }
    }

    private void broadcast(String event, Object body) {
        String data;
        try {
            data = Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a view is always JSON", e);
        }
        for (SseClient client : listeners) {
            if (client.terminated()) {
                listeners.remove(client);
            } else {
                client.sendEvent(event, data);
            }
        }
    }

    /** A request the API answers with a 4xx status and {@code {"error": message}}. */
    private static final class ApiError extends Exception {
        private final int status;

        ApiError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @FunctionalInterface
    private interface Route {
        Object handle(Context ctx) throws ApiError, JobRefusedException, SQLException, IOException;
    }

    private void answer(Context ctx, StationRole needed, Route route) throws IOException {
        Object body;
        try {
            principal(ctx, needed);
            body = route.handle(ctx);
        } catch (ApiError e) {
            if (e.status == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"cycler\"");
            }
            error(ctx, e.status, e.getMessage());
            return;
        } catch (JobRefusedException e) {
            error(ctx, switch (e.why()) {
                case UNKNOWN_JOB -> 404;
                case BAD_REQUEST -> 400;
                case CONFLICT -> 409;
            }, e.getMessage());
            return;
        } catch (SQLException e) {
            log.accept("station API: " + ctx.method() + " " + ctx.path() + ": job table: " + e.getMessage());
            error(ctx, 503, "the station's job table failed; try again");
            return;
        }
        ctx.status(ctx.method().name().equals("POST") && ctx.path().equals(PREFIX + "jobs") ? 201 : 200)
                .header("Cache-Control", "no-store").contentType(JSON).result(Json.MAPPER.writeValueAsBytes(body));
    }

    private static void error(Context ctx, int status, String message) {
        try {
            ctx.status(status).header("Cache-Control", "no-store").contentType(JSON)
                    .result(Json.MAPPER.writeValueAsBytes(Map.of("error", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error message is always JSON", e);
        }
    }

    private Tokens.Principal<StationRole> principal(Context ctx, StationRole needed) throws ApiError {
        Tokens.Principal<StationRole> principal = tokens.authenticate(ctx.header("Authorization"))
                .orElseThrow(() -> new ApiError(401, "missing or unknown bearer token"));
        if (!principal.role().allows(needed)) {
            throw new ApiError(403, "token of '" + principal.name() + "' has role " + principal.role().text()
                    + "; this needs an " + needed.text() + " token");
        }
        return principal;
    }

    /** Who the request's token is, and the CSRF token its POSTs must carry. */
    private Map<String, String> session(Context ctx) throws ApiError {
        Tokens.Principal<StationRole> who = principal(ctx, StationRole.READ);
        return Map.of("name", who.name(), "role", who.role().text(), "csrf", csrf.tokenFor(ctx.header("Authorization")));
    }

    /**
     * Refuses (403) a POST whose operator token comes without its {@link Csrf} token. Unknown
     * tokens and read tokens are left to the route, which refuses them with 401 or 403.
     *
     * @return true when the request was refused and must go no further
     */
    private boolean refusedForCsrf(Context ctx) {
        if (!ctx.method().name().equals("POST")) {
            return false;
        }
        String authorization = ctx.header("Authorization");
        boolean operator = tokens.authenticate(authorization).map(p -> p.role() == StationRole.OPERATOR).orElse(false);
        if (!operator || csrf.matches(authorization, ctx.header(Csrf.HEADER))) {
            return false;
        }
        error(ctx, 403, "missing or wrong " + Csrf.HEADER + " header (GET " + PREFIX + "session gives it)");
        return true;
    }

    private JobView view(Job job) {
        return JobView.of(job, station.progress(job.id()).orElse(null));
    }

    private List<JobView> views(List<Job> jobs) {
        return jobs.stream().map(this::view).toList();
    }

    private static long id(Context ctx) throws ApiError {
        String text = ctx.pathParam("id");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ApiError(404, "no job '" + text + "' (jobs are numbered 1, 2, ...)");
        }
    }

    private Object submit(Context ctx) throws ApiError, JobRefusedException, SQLException, IOException {
        String by = principal(ctx, StationRole.OPERATOR).name();
        JsonNode request = object(ctx);
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SUBMIT_FIELDS.contains(name)) {
                throw new ApiError(400, "unknown field '" + name + "' (expected " + String.join(", ",
                        new java.util.TreeSet<>(SUBMIT_FIELDS)) + ")");
            }
        }
        String recipe = text(request, "recipe", true);
        String file = request.has("recipe_file") ? text(request, "recipe_file", true) : "recipe.yaml";
        String device = text(request, "device", true);
        int[] channels = channels(request.get("channels"), "channels");
        Map<Integer, String> barcodes = new TreeMap<>();
        JsonNode b = request.get("barcodes");
        if (b != null && !b.isNull()) {
            if (!b.isObject()) {
                throw new ApiError(400, "'barcodes' must be an object of channel to barcode, e.g. {\"1\": \"C-001\"}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    barcodes.put(Integer.parseInt(e.getKey()), e.getValue().asText());
                } catch (NumberFormatException x) {
                    throw new ApiError(400, "'barcodes' key '" + e.getKey() + "' is not a channel number");
                }
            }
        }
        Job job = station.submit(new Submission(recipe, file, device, channels, barcodes,
                request.has("lot") ? text(request, "lot", false) : "",
                request.has("operator") ? text(request, "operator", false) : ""), by);
        return view(job);
    }

    private Object steer(Context ctx, OperatorAction.Kind kind) throws ApiError, JobRefusedException, SQLException,
            IOException {
        String by = principal(ctx, StationRole.OPERATOR).name();
        long id = id(ctx);
        int[] channels = null;
        byte[] body = ctx.bodyAsBytes();
        if (body.length > 0) {
            JsonNode request = parse(body);
            if (request.has("channels") && !request.get("channels").isNull()) {
                channels = channels(request.get("channels"), "channels");
            }
        }
        return view(station.steer(id, kind, channels, by));
    }

    /** Channels as a JSON list of numbers or a list text such as {@code "1-4,7"}. */
    private static int[] channels(JsonNode node, String field) throws ApiError {
        if (node == null || node.isNull()) {
            throw new ApiError(400, "missing field '" + field + "' (e.g. \"1-4\" or [1, 2])");
        }
        try {
            if (node.isTextual()) {
                return NumberRanges.channels("'" + field + "'", node.asText());
            }
        } catch (BadInputException e) {
            throw new ApiError(400, e.getMessage());
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new ApiError(400, "'" + field + "' must be a list text such as \"1-4\" or a list of channel numbers");
        }
        int[] out = new int[node.size()];
        for (int k = 0; k < out.length; k++) {
            if (!node.get(k).canConvertToInt() || !node.get(k).isIntegralNumber()) {
                throw new ApiError(400, "'" + field + "' holds " + node.get(k) + ", not a channel number");
            }
            out[k] = node.get(k).asInt();
        }
        return out;
    }

    private static String text(JsonNode request, String field, boolean required) throws ApiError {
        JsonNode v = request.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ApiError(400, "missing field '" + field + "'");
            }
            return "";
        }
        if (!v.isTextual()) {
            throw new ApiError(400, "'" + field + "' must be a string");
        }
        String text = v.asText();
        if (!field.equals("recipe") && text.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(400, "'" + field + "' holds a control character; names are printable text");
        }
        return field.equals("recipe") ? text : text.strip();
    }

    private static JsonNode object(Context ctx) throws ApiError {
        return parse(ctx.bodyAsBytes());
    }

    private static JsonNode parse(byte[] body) throws ApiError {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiError(400, "malformed JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ApiError(400, "expected a JSON object");
        }
        return node;
    }
}
