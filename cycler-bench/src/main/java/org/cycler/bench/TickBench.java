package org.cycler.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.cycler.core.BadInputException;
import org.cycler.core.run.RunLimits;
import org.cycler.core.schedule.RecipeProgram;
import org.cycler.core.schedule.RunClock;
import org.cycler.core.schedule.Scheduler;
import org.cycler.core.schedule.TickStats;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.CsvRunRecorder;
import org.cycler.core.store.RunDirectory;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Real-time control on N simulated channels: the scheduler ticks at a fixed rate on the real
 * clock for a while, logging to CSV files as a run does, and the benchmark reports the tick
 * lateness beside the machine's hiccup floor (an idle thread waking on the same clock in the
 * same run), the process's CPU use and the JVM's memory figures.
 */
public final class TickBench {

    private TickBench() {
    }

    /**
     * @param cpuPercent process CPU time over wall time, in % of the whole machine (all cores)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(int channels, double tickMs, double seconds, long ticks, long missedTicks, Latency lateness,
                         Latency hiccupFloor, Latency tickDuration, double cpuPercent, long rowsWritten,
                         long rowsDropped, JvmMeter.Figures jvm) {

        public boolean meetsTargets() {
            return lateness.meetsTickTargets() && missedTicks == 0;
        }
    }

    /** Seconds run first and thrown away, so that class loading and compilation are not measured. */
    public static final Duration WARM_UP = Duration.ofSeconds(3);

    /**
     * Runs {@link #WARM_UP} unmeasured, then {@code length} measured. The measured run goes on
     * writing the data files the warm-up made, so that creating a file per channel (some hundred
     * microseconds each on a busy disk, seconds at 50,000 channels) is part of the warm-up, as
     * class loading is: the figures are a running loop's, not a starting one's.
     *
     * @throws BadInputException when the process's open-file limit or heap cannot hold {@code channels}
     * @throws IOException       when the data could not be written, with the reason
     */
    public static Result run(int channels, Duration tick, Duration length)
            throws IOException, InterruptedException, BadInputException {
        RunLimits.check(channels);
        Path dir = Files.createTempDirectory("cycler-bench-tick");
        try {
            RunDirectory warmUp = RunDirectory.create(dir.resolve("warm-up"));
            measure(channels, tick, WARM_UP, warmUp);
            RunDirectory run = RunDirectory.create(dir.resolve("run"));
            Files.delete(run.dataDir());
            Files.move(warmUp.dataDir(), run.dataDir());
            return measure(channels, tick, length, run);
        } finally {
            deleteTree(dir);
        }
    }

    private static Result measure(int channels, Duration tick, Duration length, RunDirectory run)
            throws IOException, InterruptedException {
        CellRoster roster = CellRoster.generated("B", channels);
        RunClock clock = RunClock.real(1);
        SimulatedCycler sim = new SimulatedCycler(clock.ticker(),
                CellLot.generate(Chemistry.NMC, 5.0, channels, 1, 0), 25);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (CsvRunRecorder recorder = new CsvRunRecorder(run, roster.barcodes(), false);
             JvmMeter jvm = new JvmMeter();
             HiccupMeter hiccups = new HiccupMeter(tick.toNanos())) {
            Scheduler scheduler = new Scheduler(sim, new RecipeProgram(BenchRecipes.pulses()), roster.channels(),
                    clock, tick, recorder, System.currentTimeMillis() / 1000.0);
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            scheduler.run(length.toNanos() / 1e9);
            double wallS = (System.nanoTime() - wall0) / 1e9;
            double cpuPercent = (os.getProcessCpuTime() - cpu0) / 1e9 / wallS / Runtime.getRuntime().availableProcessors()
                    * 100;
            TickStats.Snapshot stats = scheduler.stats().snapshot();
            JvmMeter.Figures figures = jvm.figures();
            return new Result(channels, tick.toNanos() / 1e6, wallS, stats.ticks(), stats.missedTicks(),
                    Latency.of(stats.distributions().get(0)), Latency.ofNanos(hiccups.lateness()),
                    Latency.of(stats.distributions().get(1)), cpuPercent, recorder.writtenRows(),
                    recorder.droppedRows(), figures);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
