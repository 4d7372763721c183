package org.cycler.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.cycler.core.BadInputException;
import org.cycler.core.auth.Tokens;
import org.cycler.core.json.Json;
import org.cycler.core.run.Speed;
import org.cycler.emulator.scpi.ScpiEmulator;
import org.cycler.emulator.scpi.ScpiServer;
import org.cycler.hal.Ticker;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.station.Station;
import org.cycler.station.config.StationConfig;
import org.cycler.station.http.StationApi;
import org.cycler.station.http.StationRole;
import org.cycler.station.jobs.Job;
import org.cycler.station.jobs.JobRefusedException;
import org.cycler.station.jobs.JobState;
import org.cycler.station.jobs.Submission;
import org.cycler.station.web.WebView;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What open web pages cost the station's control loop. Twice, each time with a new station in
 * this process on a new SCPI emulator over TCP (the {@code cycler emulate} device, real time): one
 * job of CC pulses on every channel, then for a while no page, or N headless Chromium pages logged
 * in with a {@code read} token and streaming the tray view. The figures are the device loop's own,
 * read from {@code GET /api/v1/stats} at the end of each; a page counts as streaming when its tray
 * changed in the browser during the measured time.
 */
public final class StationWebBench {

    /** The device loop's tick: 10 Hz, the tick DESIGN section 10's lateness targets are set at. */
    public static final Duration TICK = Duration.ofMillis(100);
    private static final String DEVICE = "bench";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** How the station's log line on its loop's priority begins, before the priority. */
    private static final String LOOP_SAYS = DEVICE + ": control loop ";

    private StationWebBench() {
    }

    /**
     * @param loadAverage the machine's one-minute load average at the start and at the end, -1 where the system has none
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(int channels, int pages, double seconds, double tickMs, String device, Phase withoutPages,
                         Phase withPages, double[] loadAverage) {

        /** Whether every page streamed in the measured time. */
        public boolean pagesStreamed() {
            return withPages.pageUpdates().stream().allMatch(n -> n > 0);
        }
    }

    /**
     * One measured station.
     *
     * @param hiccupFloor the machine's own floor over the same time: an idle thread in this process waking at the tick
     * @param pageUpdates per page, how many changes its tray's elements saw (text, class) in the measured time
     * @param stationCpuPercent this process's CPU time (station and emulator) over the measured time, in % of the
     *                          whole machine (all cores)
     * @param pagesCpuPercent   the browsers' processes' CPU time over the measured time, in % of the whole machine
     * @param loopPriority      what the station said of its control loop's priority
     * @param emulatorPriority  the priority the emulator answered at: real time where it may, since it
     *                          stands in for a device's own processor
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Phase(int pages, long ticks, long missedTicks, Latency lateness, Latency hiccupFloor, Latency tickDuration,
                       Latency roundTrip, List<Long> pageUpdates, double stationCpuPercent, double pagesCpuPercent,
                       String loopPriority, String emulatorPriority) {

        public boolean meetsTargets() {
            return lateness.meetsTickTargets() && missedTicks == 0;
        }
    }

    /**
     * Runs both stations for {@code each} of wall time.
     *
     * @param chromium the browser (Debian's {@code /usr/bin/chromium})
     * @param work     an empty folder for the stations' data and the browsers' profiles
     * @throws IOException when the emulator, the station or a browser cannot be set up or answers wrongly
     */
    public static Result run(int channels, int pages, Duration each, Path chromium, Path work)
            throws IOException, InterruptedException {
        if (channels < 1 || pages < 1 || each.isNegative() || each.isZero()) {
            throw new IllegalArgumentException("channels, pages and time must be positive: " + channels + ", " + pages
                    + ", " + each);
        }
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Phase without = phase(channels, 0, each, chromium, Files.createDirectories(work.resolve("without-pages")));
        Phase with = phase(channels, pages, each, chromium, Files.createDirectories(work.resolve("with-pages")));
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return new Result(channels, pages, each.toMillis() / 1000.0, TICK.toMillis(),
                "SCPI emulator over TCP on 127.0.0.1, real time", without, with, new double[] {loadBefore, loadAfter});
    }

    private static Phase phase(int channels, int pages, Duration each, Path chromium, Path work)
            throws IOException, InterruptedException {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String token = "read-" + HexFormat.of().formatHex(secret);
        Path tokens = Files.writeString(work.resolve("tokens"), token + " read bench\n");
        SimulatedCycler sim = new SimulatedCycler(Ticker.system(), CellLot.generate(Chemistry.NMC, 5.0, channels, 1, 0),
                25.0, "bench");
        ScpiEmulator emulator = new ScpiEmulator(sim);
        try (HiccupMeter hiccups = new HiccupMeter(TICK.toNanos());
             ScpiServer server = ScpiServer.start(emulator, 0).atRealTimePriority()) {
            StationConfig config = new StationConfig(work.resolve("station.yaml"), work.resolve("data"), "127.0.0.1", 0,
                    tokens, List.of(new StationConfig.Connected(DEVICE, "tcp:127.0.0.1:" + server.port(),
                    new Speed.Factor(1), TICK)), Optional.empty());
            List<String> said = new CopyOnWriteArrayList<>();
            try (Station station = Station.open(config, "bench", said::add);
                 StationApi api = WebView.serve(station, Tokens.read(tokens, StationRole.class),
                         new InetSocketAddress("127.0.0.1", 0), line -> { })) {
                URI url = URI.create("http://127.0.0.1:" + api.address().getPort() + "/");
                Job job = station.submit(new Submission(BenchRecipes.PULSES, "benchmark-pulses.yaml", DEVICE,
                        IntStream.rangeClosed(1, channels).toArray(), Map.of(), "bench", ""), "bench");
                awaitRunning(station, job.id());
                List<HeadlessPage> open = new ArrayList<>();
                try {
                    for (int i = 0; i < pages; i++) {
                        open.add(tray(chromium, work.resolve("browser-" + (i + 1)), url, token, channels));
                    }
                    for (HeadlessPage page : open) {
                        page.evaluate("window.benchUpdates = 0");
                    }
                    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                            ManagementFactory.getOperatingSystemMXBean();
                    long wall0 = System.nanoTime();
                    long cpu0 = os.getProcessCpuTime();
                    Duration pagesCpu0 = open.stream().map(HeadlessPage::cpu).reduce(Duration.ZERO, Duration::plus);
                    Thread.sleep(each);
                    double machineNanos = (double) (System.nanoTime() - wall0) * Runtime.getRuntime().availableProcessors();
                    double stationCpu = 100 * (os.getProcessCpuTime() - cpu0) / machineNanos;
                    double pagesCpu = 100 * open.stream().map(HeadlessPage::cpu).reduce(Duration.ZERO, Duration::plus)
                            .minus(pagesCpu0).toNanos() / machineNanos;
                    List<Long> updates = new ArrayList<>();
                    for (HeadlessPage page : open) {
                        updates.add(page.evaluate("window.benchUpdates").asLong());
                    }
                    String loopPriority = said.stream().filter(line -> line.contains(LOOP_SAYS)).findFirst()
                            .map(line -> line.substring(line.indexOf(LOOP_SAYS) + LOOP_SAYS.length())).orElse("unknown");
                    return stats(url, token, pages, Latency.ofNanos(hiccups.lateness()), updates, stationCpu, pagesCpu,
                            loopPriority, server.priority());
                } finally {
                    open.forEach(HeadlessPage::close);
                }
            } catch (JobRefusedException | SQLException | BadInputException e) {
                throw new IOException("the benchmark's station: " + e.getMessage(), e);
            }
        } finally {
            emulator.close();
        }
    }

    private static void awaitRunning(Station station, long job) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try {
            while (station.job(job).state() != JobState.RUNNING) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the benchmark's job did not start: " + station.job(job).state());
                }
                Thread.sleep(50);
            }
        } catch (JobRefusedException | SQLException e) {
            throw new IOException("the benchmark's job: " + e.getMessage(), e);
        }
    }

    /** A browser logged in to the tray view, counting its tray's changes in {@code window.benchUpdates}. */
    private static HeadlessPage tray(Path chromium, Path profile, URI url, String token, int channels)
            throws IOException, InterruptedException {
        HeadlessPage page = HeadlessPage.open(chromium, profile);
        try {
            page.load(url);
            page.await("document.getElementById('login-form') !== null");
            page.evaluate("document.getElementById('token').value = " + HeadlessPage.quote(token)
                    + "; document.getElementById('login-form').requestSubmit()");
            page.await("document.querySelectorAll('#tray .tile').length === " + channels);
            page.await("!document.getElementById('tile-" + DEVICE + "-1').classList.contains('idle')");
            page.evaluate("window.benchUpdates = 0; new MutationObserver(m => { window.benchUpdates += m.length; })"
                    + ".observe(document.getElementById('tray'), {subtree: true, childList: true, characterData: true,"
                    + " attributes: true}); true");
            return page;
        } catch (IOException | InterruptedException | RuntimeException e) {
            page.close();
            throw e;
        }
    }

    private static Phase stats(URI url, String token, int pages, Latency hiccupFloor, List<Long> updates, double stationCpu,
                               double pagesCpu, String loopPriority, String emulatorPriority)
            throws IOException, InterruptedException {
        JsonNode loop;
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(url.resolve(StationApi.PREFIX + "stats"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                throw new IOException("GET " + StationApi.PREFIX + "stats: HTTP " + reply.statusCode());
            }
            loop = Json.MAPPER.readTree(reply.body()).path(DEVICE);
        }
        return new Phase(pages, loop.path("ticks").asLong(), loop.path("missedTicks").asLong(),
                distribution(loop, "tick start lateness"), hiccupFloor, distribution(loop, "tick duration"),
                distribution(loop, "device round trip"), List.copyOf(updates), stationCpu, pagesCpu, loopPriority,
                emulatorPriority);
    }

    private static Latency distribution(JsonNode loop, String name) throws IOException {
        for (JsonNode d : loop.path("distributions")) {
            if (name.equals(d.path("name").asText())) {
                return new Latency(d.path("count").asLong(), d.path("p50Ms").asDouble(), d.path("p99Ms").asDouble(),
                        d.path("p999Ms").asDouble(), d.path("maxMs").asDouble());
            }
        }
        throw new IOException("GET " + StationApi.PREFIX + "stats: no '" + name + "' for device " + DEVICE);
    }
}
