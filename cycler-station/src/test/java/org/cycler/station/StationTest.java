package org.cycler.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.cycler.core.BadInputException;
import org.cycler.core.auth.Tokens;
import org.cycler.core.calibration.CalibrationInUse;
import org.cycler.core.run.Speed;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunInfo;
import org.cycler.core.store.RunReader;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedInstrument;
import org.cycler.station.config.StationConfig;
import org.cycler.station.http.StationApi;
import org.cycler.station.http.StationClient;
import org.cycler.station.http.StationRole;
import org.cycler.station.jobs.Job;
import org.cycler.station.jobs.JobState;
import org.cycler.station.jobs.Submission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

class StationTest {

    /** Fast enough that a two-hour recipe takes about two seconds. */
    private static final Speed.Factor SPEED = new Speed.Factor(4000);
    private static final Duration LIMIT = Duration.ofMinutes(2);

    static final String CAPACITY = """
            recipe: capacity
            cell: {nominal_capacity: 5 Ah}
            steps:
              - Charge at 1C until 4.1 V
              - step: Discharge at 1C until 3.0 V
                measure: capacity
            """;
    static final String SLOW = """
            recipe: slow capacity
            cell: {nominal_capacity: 5 Ah}
            steps:
              - Rest for 10 minutes
              - Charge at 0.5C until 4.0 V
              - step: Discharge at 0.5C until 3.2 V
                measure: capacity
            """;

    @TempDir
    Path temp;

    /** A station of one simulated rack that measures exactly, so two runs of a cell read alike. */
    private StationConfig config(Path data) throws Exception {
        return config(data, AccuracyClass.IDEAL);
    }

    private StationConfig config(Path data, AccuracyClass accuracy) throws Exception {
        Path tokens = temp.resolve("tokens");
        Files.writeString(tokens, "operator-0123456789abcdef operator alice\nread-0123456789abcdef read wall\n");
        return new StationConfig(temp.resolve("station.yaml"), data, "127.0.0.1", 0, tokens,
                List.of(new StationConfig.Simulated("rack", 4, 3, Chemistry.NMC, SPEED, Duration.ofSeconds(1),
                        accuracy)),
                java.util.Optional.empty());
    }

    @Test
    void aJobOnASimulatedCabinetRecordsItsAccuracyAndItsChannelsErrors() throws Exception {
        Ends ends = new Ends();
        try (Station station = Station.open(config(temp.resolve("cabinet"), AccuracyClass.CABINET), "test",
                line -> { })) {
            ends.watch(station);
            Job job = station.submit(job(CAPACITY, 2, 3), "alice");
            ends.await(job.id());
            assertEquals(JobState.DONE, station.job(job.id()).state());
            RunDirectory dir = RunDirectory.open(Path.of(job.runDir()));
            RunInfo.Simulation sim = new RunReader(dir).info().simulation();
            assertEquals("cabinet", sim.accuracy().name());
            assertEquals(AccuracyClass.CABINET.currentGainError(), sim.accuracy().currentGainError());
            assertEquals(3L, sim.noiseSeed());
            List<String> cells = Files.readAllLines(dir.simCells());
            List<String> header = List.of(cells.get(0).split(","));
            int gain = header.indexOf("Current Gain Error / 1");
            double channelTwoGain = Double.parseDouble(cells.get(1).split(",")[gain]);
            assertEquals(SimulatedInstrument.errors(AccuracyClass.CABINET, 4, 3).get(1).currentGainError(),
                    channelTwoGain, 1e-9, cells.toString());
            assertTrue(channelTwoGain != 0, cells.toString());
        }
    }

    @Test
    void aJobOnACalibratedDeviceReadsThroughTheCalibrationAndRecordsIt() throws Exception {
        Path file = Files.writeString(temp.resolve("rack.cal.yaml"), """
                device: rack
                serial: "SIM-1"
                channels:
                  2:
                    voltage: {gain: 1.01, offset: 0 V}
                    current: {gain: 1, offset: 0 A}
                    date: 2026-11-30
                    by: "J. Smith"
                    reference: "bench DMM"
                """);
        StationConfig plain = config(temp.resolve("plain"));
        StationConfig.Simulated rack = (StationConfig.Simulated) plain.devices().getFirst();
        StationConfig calibrated = new StationConfig(plain.file(), temp.resolve("calibrated"), plain.bind(), 0,
                plain.tokens(), List.of(new StationConfig.Simulated(rack.name(), rack.channels(), rack.seed(),
                rack.chemistry(), rack.speed(), rack.tick(), rack.accuracy(),
                java.util.Optional.of(CalibrationInUse.read(file)))), plain.recipes());
        double[] firstVolts = new double[2];
        int k = 0;
        for (StationConfig config : List.of(plain, calibrated)) {
            Ends ends = new Ends();
            try (Station station = Station.open(config, "test", line -> { })) {
                ends.watch(station);
                Job job = station.submit(job(CAPACITY, 2), "alice");
                ends.await(job.id());
                assertEquals(JobState.DONE, station.job(job.id()).state());
                RunDirectory dir = RunDirectory.open(Path.of(job.runDir()));
                RunInfo.AppliedCalibration applied = new RunReader(dir).info().calibration();
                if (config == plain) {
                    assertEquals(null, applied, "an uncalibrated device records none");
                } else {
                    assertEquals(CalibrationInUse.read(file).sha256(), applied.sha256());
                }
                List<String> rows = Files.readAllLines(dir.dataDir().resolve(org.cycler.core.store.BdfColumns.fileName(2)));
                int volts = List.of(rows.get(0).split(",")).indexOf("Voltage / V");
                firstVolts[k++] = Double.parseDouble(rows.get(1).split(",")[volts]);
            }
        }
        assertEquals(firstVolts[0] / 1.01, firstVolts[1], 1e-4,
                "the calibrated channel's first reading is the raw one through the file's gain");
    }

    /** Records every job change, so a test waits on an event instead of sleeping. */
    private static final class Ends {
        final Map<Long, CountDownLatch> latches = new ConcurrentHashMap<>();
        final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        void watch(Station station) {
            station.onJobChange(job -> {
                seen.add(job.id() + " " + job.state());
                if (job.state().isTerminal()) {
                    latch(job.id()).countDown();
                }
            });
        }

        CountDownLatch latch(long id) {
            return latches.computeIfAbsent(id, k -> new CountDownLatch(1));
        }

        void await(long id) throws InterruptedException {
            assertTrue(latch(id).await(LIMIT.toMillis(), TimeUnit.MILLISECONDS), "job " + id + " did not end");
        }
    }

    private static Submission job(String recipe, int... channels) {
        return new Submission(recipe, "r.yaml", "rack", channels, Map.of(), "L1", "bob");
    }

    private static double[] capacities(Job job) throws Exception {
        double[] out = new double[job.channels().length];
        int k = 0;
        RunReader reader = new RunReader(RunDirectory.open(Path.of(job.runDir())));
        for (int channel : job.channels()) {
            out[k++] = Double.parseDouble(reader.lastDataRow(channel).orElseThrow().text(10));
        }
        return out;
    }

    private double[] alone(String recipe, String name, int... channels) throws Exception {
        Ends ends = new Ends();
        try (Station station = Station.open(config(temp.resolve(name)), "test", line -> { })) {
            ends.watch(station);
            Job job = station.submit(job(recipe, channels), "alice");
            ends.await(job.id());
            Job done = station.job(job.id());
            assertEquals(JobState.DONE, done.state());
            return capacities(done);
        }
    }

    @Test
    void twoJobsOnDisjointChannelsMeasureWhatEachMeasuresAlone() throws Exception {
        Ends ends = new Ends();
        double[] a;
        double[] b;
        try (Station station = Station.open(config(temp.resolve("both")), "test", line -> { })) {
            ends.watch(station);
            Job first = station.submit(job(CAPACITY, 1, 2), "alice");
            Job second = station.submit(job(SLOW, 3, 4), "alice");
            assertEquals(JobState.RUNNING, first.state());
            assertEquals(JobState.RUNNING, second.state());
            ends.await(first.id());
            ends.await(second.id());
            assertEquals(JobState.DONE, station.job(first.id()).state());
            a = capacities(station.job(first.id()));
            b = capacities(station.job(second.id()));
            String journal = Files.readString(Path.of(first.runDir()).resolve("journal.log"));
            assertTrue(journal.contains("submitted by alice for bob as job 1"), journal);
        }
        double[] aloneA = alone(CAPACITY, "a", 1, 2);
        double[] aloneB = alone(SLOW, "b", 3, 4);
        for (int k = 0; k < 2; k++) {
            assertTrue(a[k] > 3, "a capacity was measured: " + a[k]);
            assertEquals(aloneA[k], a[k], aloneA[k] * 1e-3, "job a, channel " + (k + 1));
            assertEquals(aloneB[k], b[k], aloneB[k] * 1e-3, "job b, channel " + (k + 3));
        }
    }

    @Test
    void anOverlappingJobQueuesUntilItsChannelsAreFreeThenRuns() throws Exception {
        Ends ends = new Ends();
        try (Station station = Station.open(config(temp.resolve("overlap")), "test", line -> { })) {
            ends.watch(station);
            Job first = station.submit(job(CAPACITY, 1, 2), "alice");
            Job second = station.submit(job(CAPACITY, 2, 3), "alice");
            Job third = station.submit(job(CAPACITY, 3, 4), "alice");
            assertEquals(JobState.QUEUED, second.state());
            assertEquals(JobState.QUEUED, third.state(), "a later job does not take channels an earlier one waits for");
            ends.await(first.id());
            ends.await(second.id());
            ends.await(third.id());
            assertEquals(JobState.DONE, station.job(second.id()).state());
            int started = ends.seen.indexOf("2 RUNNING");
            assertTrue(started > ends.seen.indexOf("1 DONE"), "job 2 started after job 1 ended: " + ends.seen);
        }
    }

    @Test
    void theQueueOutlivesTheStationAndAStopTurnsTheRunningJobOff() throws Exception {
        Path data = temp.resolve("restart");
        long queued;
        long running;
        Ends ends = new Ends();
        try (Station station = Station.open(config(data), "test", line -> { })) {
            running = station.submit(job(SLOW.replace("Rest for 10 minutes", "Rest for 100 hours"), 1, 2), "alice").id();
            queued = station.submit(job(CAPACITY, 2, 3), "alice").id();
            assertThrows(BadInputException.class, () -> Station.open(config(data), "test", line -> { }),
                    "a second station on the same data folder is refused");
        }
        try (Station station = Station.open(config(data), "test", line -> { })) {
            ends.watch(station);
            assertEquals(JobState.STOPPED, station.job(running).state());
            ends.await(queued);
            assertEquals(JobState.DONE, station.job(queued).state());
        }
    }

    @Test
    void aReadTokenLooksButCannotSubmitAndAnOperatorTokenCan() throws Exception {
        StationConfig config = config(temp.resolve("api"));
        try (Station station = Station.open(config, "test", line -> { });
             StationApi api = StationApi.start(station, Tokens.read(config.tokens(), StationRole.class),
                     new InetSocketAddress("127.0.0.1", 0), line -> { })) {
            String url = "http://127.0.0.1:" + api.address().getPort();
            StationClient reader = new StationClient(url, "read-0123456789abcdef");
            StationClient operator = new StationClient(url, "operator-0123456789abcdef");
            Map<String, Object> request = Map.of("recipe", CAPACITY, "device", "rack", "channels", "1-2");
            BadInputException refused = assertThrows(BadInputException.class, () -> reader.submit(request));
            assertTrue(refused.getMessage().contains("403"), refused.getMessage());
            assertEquals(List.of(), reader.jobs());
            JsonNode job = operator.submit(request);
            assertEquals(1, job.path("id").asInt());
            assertEquals("rack", reader.jobs().get(0).path("device").asText());
            BadInputException unknown = assertThrows(BadInputException.class,
                    () -> new StationClient(url, "nobody-0123456789abcdef").jobs());
            assertTrue(unknown.getMessage().contains("401"), unknown.getMessage());
            BadInputException missing = assertThrows(BadInputException.class, () -> reader.job("99"));
            assertTrue(missing.getMessage().contains("404 no job 99"), missing.getMessage());
            BadInputException badChannel = assertThrows(BadInputException.class, () -> operator.submit(
                    Map.of("recipe", CAPACITY, "device", "rack", "channels", "4-5")));
            assertTrue(badChannel.getMessage().contains("channel 5 does not exist on rack"), badChannel.getMessage());
        }
    }
}
