package org.cycler.station.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.cycler.core.BadInputException;
import org.cycler.core.auth.Tokens;
import org.cycler.core.json.Json;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.run.DurationEstimate;
import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.RunDirectory;
import org.cycler.station.Station;
import org.cycler.station.http.StationApi;
import org.cycler.station.http.StationRole;
import org.cycler.station.jobs.Job;
import org.cycler.station.jobs.JobRefusedException;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.JavalinDefaultRouting;

/**
 * The station's web view (docs/station.md): the page and its scripts from {@value #STATIC_DIR}
 * in the jar at {@code /}, uPlot from its WebJar at {@code /webjars/}, and the API routes only
 * the page needs: the recipes folder with each recipe
 * validated and its duration estimated, a channel's BDF data file and a job's cycle table as
 * downloads, the alarms and their acknowledgement, and the device loops' tick figures. Answers
 * are JSON through the program's one mapper, errors {@code {"error": "..."}}, as the rest of the
 * API. Thread-safe.
 */
public final class WebView implements StationApi.Addition {

    /** The page's files in the jar. */
    public static final String STATIC_DIR = "/web";
    private static final String PREFIX = "/api/v1/";
    private static final String JSON = "application/json; charset=utf-8";
    private static final String RECIPE_NAME = "[A-Za-z0-9][A-Za-z0-9._ -]*\\.ya?ml";
    /** What the page may load: its own files only, no inline script, no other origin. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'self'";

    private final Station station;
    private final Tokens<StationRole> tokens;
    private final Alarms alarms;
    private final Consumer<String> log;
    /** Estimates by recipe file and its modification time: a recipe is estimated once. */
    private final Map<String, Map<String, Object>> estimates = new ConcurrentHashMap<>();

    private WebView(Station station, Tokens<StationRole> tokens, Alarms alarms, Consumer<String> log) {
        this.station = station;
        this.tokens = tokens;
        this.alarms = alarms;
        this.log = log;
    }

    /**
     * Serves {@code station}'s API and its web view on {@code address}, and watches it for alarms
     * ({@link Alarms}: kept in its data folder, sent to its webhooks, published as {@code alarm}
     * events).
     *
     * @throws java.net.BindException when the address is taken or not this machine's
     * @throws BadInputException      when the station's alarms table cannot be opened
     */
    public static StationApi serve(Station station, Tokens<StationRole> tokens, InetSocketAddress address,
                                   Consumer<String> log) throws IOException, BadInputException {
        Alarms alarms;
        try {
            alarms = Alarms.watch(station, AlarmStore.open(station.config().data()),
                    new Webhooks(station.config().webhooks(), Webhooks.FIRST_RETRY, log), StationApi.SNAPSHOT_PERIOD,
                    Clock.systemUTC(), log);
        } catch (SQLException e) {
            throw new BadInputException(station.config().data() + ": cannot read the alarms table (" + e.getMessage()
                    + ")", e);
        }
        return StationApi.start(station, tokens, address, log, new WebView(station, tokens, alarms, log));
    }

    @Override
    public void configure(JavalinConfig config) {
        serveFiles(config);
        config.router.mount(this::routes);
    }

    @Override
    public void started(StationApi api) {
        alarms.onAlarm(alarm -> api.publish("alarm", alarm));
    }

    @Override
    public void close() {
        alarms.close();
    }

    /** Serves the page's files and the WebJars; every answer carries the page's security headers. */
    private static void serveFiles(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = STATIC_DIR;
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY, "X-Content-Type-Options",
                    "nosniff", "Referrer-Policy", "no-referrer", "Cache-Control", "no-cache");
        });
        config.staticFiles.enableWebjars();
    }

    /** The web view's API routes. */
    private void routes(JavalinDefaultRouting router) {
        router.get(PREFIX + "recipes", ctx -> answer(ctx, StationRole.READ, (c, who) -> recipes()));
        router.get(PREFIX + "recipes/{name}", ctx -> answer(ctx, StationRole.READ, (c, who) -> recipe(c.pathParam("name"))));
        router.get(PREFIX + "jobs/{id}/channels/{channel}/data.csv", ctx -> download(ctx, true));
        router.get(PREFIX + "jobs/{id}/cycles.csv", ctx -> download(ctx, false));
        router.get(PREFIX + "alarms", ctx -> answer(ctx, StationRole.READ, (c, who) -> alarms.all()));
        router.post(PREFIX + "alarms/{id}/ack", ctx -> answer(ctx, StationRole.OPERATOR, (c, who) ->
                alarms.acknowledge(number(c.pathParam("id"), "alarm"), who.name())
                        .orElseThrow(() -> new Refused(404, "no alarm " + c.pathParam("id")))));
        router.get(PREFIX + "stats", ctx -> answer(ctx, StationRole.READ, (c, who) -> station.tickStats()));
    }

    /** A request answered with a 4xx status and {@code {"error": message}}. */
    private static final class Refused extends Exception {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @FunctionalInterface
    private interface Route {
        Object handle(Context ctx, Tokens.Principal<StationRole> who) throws Refused, SQLException, IOException;
    }

    private void answer(Context ctx, StationRole needed, Route route) throws IOException {
        Object body;
        try {
            body = route.handle(ctx, principal(ctx, needed));
        } catch (Refused e) {
            error(ctx, e.status, e.getMessage());
            return;
        } catch (SQLException e) {
            log.accept("station web: " + ctx.method() + " " + ctx.path() + ": " + e.getMessage());
            error(ctx, 503, "the station's database failed; try again");
            return;
        }
        ctx.status(200).header("Cache-Control", "no-store").contentType(JSON).result(Json.MAPPER.writeValueAsBytes(body));
    }

    private Tokens.Principal<StationRole> principal(Context ctx, StationRole needed) throws Refused {
        Tokens.Principal<StationRole> who = tokens.authenticate(ctx.header("Authorization")).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer realm=\"cycler\"");
            return new Refused(401, "missing or unknown bearer token");
        });
        if (!who.role().allows(needed)) {
            throw new Refused(403, "token of '" + who.name() + "' has role " + who.role().text() + "; this needs an "
                    + needed.text() + " token");
        }
        return who;
    }

    private static void error(Context ctx, int status, String message) throws IOException {
        ctx.status(status).header("Cache-Control", "no-store").contentType(JSON)
                .result(Json.MAPPER.writeValueAsBytes(Map.of("error", message)));
    }

    private static long number(String text, String what) throws Refused {
        if (!text.matches("[0-9]{1,18}")) {
            throw new Refused(404, "no " + what + " '" + text + "' (they are numbered 1, 2, ...)");
        }
        return Long.parseLong(text);
    }

    private Path recipesFolder() throws Refused {
        return station.config().recipes().orElseThrow(() -> new Refused(404,
                "this station has no recipes folder (set 'recipes:' in its config)"));
    }

    /** The recipe files of the recipes folder, by name. */
    private Map<String, Object> recipes() throws IOException {
        List<String> names = new ArrayList<>();
        Path folder = station.config().recipes().orElse(null);
        if (folder != null && Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).filter(n -> n.matches(RECIPE_NAME))
                        .sorted().forEach(names::add);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("folder", folder == null ? null : folder.toString());
        out.put("recipes", names);
        return out;
    }

    /**
     * One recipe of the folder: its text, and either the parser's one-line error or the recipe's
     * name and its duration estimated on a nominal cell ({@link DurationEstimate}).
     */
    private Map<String, Object> recipe(String name) throws Refused, IOException {
        Path folder = recipesFolder();
        if (!name.matches(RECIPE_NAME)) {
            throw new Refused(404, "no recipe '" + name + "' (expected a .yaml file of " + folder + ")");
        }
        Path file = folder.resolve(name);
        String text;
        long modified;
        try {
            text = Files.readString(file);
            modified = Files.getLastModifiedTime(file).toMillis();
        } catch (NoSuchFileException e) {
            throw new Refused(404, "no recipe '" + name + "' in " + folder);
        }
        Map<String, Object> checked = estimates.computeIfAbsent(name + "@" + modified + "#" + text.hashCode(), k -> check(text, name));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", name);
        out.put("text", text);
        out.putAll(checked);
        return out;
    }

    private static Map<String, Object> check(String text, String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        Recipe recipe;
        try {
            recipe = RecipeParser.parse(text, name);
        } catch (RecipeException e) {
            out.put("error", e.getMessage());
            return out;
        }
        DurationEstimate.Estimate estimate = DurationEstimate.forRecipe(recipe);
        out.put("recipe", recipe.name());
        out.put("steps", recipe.steps().size());
        out.put("estimate_s", estimate.duration().toMillis() / 1000.0);
        out.put("completes", estimate.completes());
        out.put("estimate_note", estimate.completes() ? "" : estimate.end()
                .map(v -> "a nominal " + estimate.chemistry() + " cell ends " + v.state()
                        + (v.faultReason() == null ? "" : " (" + v.faultReason() + ")"))
                .orElse("a nominal cell still runs after " + DurationEstimate.LIMIT.toDays() + " days"));
        return out;
    }

    /** Streams a job's file: one channel's BDF data, or its cycle table. */
    private void download(Context ctx, boolean channelData) throws IOException {
        Path file;
        String name;
        try {
            principal(ctx, StationRole.READ);
            Job job = station.job(number(ctx.pathParam("id"), "job"));
            if (job.runDir().isEmpty() || !Files.isRegularFile(Path.of(job.runDir(), RunDirectory.INFO_FILE))) {
                throw new Refused(404, "job " + job.id() + " has no data yet (it is " + job.state() + ")");
            }
            RunDirectory dir = RunDirectory.open(Path.of(job.runDir()));
            if (channelData) {
                int channel = (int) number(ctx.pathParam("channel"), "channel");
                if (java.util.Arrays.stream(job.channels()).noneMatch(c -> c == channel)) {
                    throw new Refused(404, "job " + job.id() + " does not run on channel " + channel);
                }
                file = dir.dataFile(channel);
                name = String.format(Locale.ROOT, "job-%d-%s", job.id(), BdfColumns.fileName(channel));
            } else {
                file = dir.cycles();
                name = "job-" + job.id() + "-cycles.csv";
            }
        } catch (Refused e) {
            error(ctx, e.status, e.getMessage());
            return;
        } catch (JobRefusedException e) {
            error(ctx, 404, e.getMessage());
            return;
        } catch (SQLException e) {
            error(ctx, 503, "the station's job table failed; try again");
            return;
        }
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            error(ctx, 404, file.getFileName() + " is not written yet");
            return;
        }
        ctx.status(200).header("Cache-Control", "no-store").contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").result(in);
    }
}
