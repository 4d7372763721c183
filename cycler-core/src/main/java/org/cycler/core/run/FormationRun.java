package org.cycler.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.cycler.core.recipe.Recipe;
import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.ChannelView;
import org.cycler.core.schedule.RecipeProgram;
import org.cycler.core.schedule.RunClock;
import org.cycler.core.schedule.RunProgress;
import org.cycler.core.schedule.Scheduler;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.CsvRunRecorder;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunInfo;
import org.cycler.core.store.SimCellsFile;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;

/**
 * One run of a recipe on a set of channels, from an empty run directory to a finished one:
 * it writes run.json, the recipe copy and (on the simulator) sim-cells.csv, drives the
 * {@link Scheduler} on the calling thread, and closes the data files and run.json at the end.
 *
 * <p>{@link #scheduler()} may be used from other threads while {@link #run()} runs, to watch
 * progress and to pause, resume or stop channels.
 */
public final class FormationRun {

    private final RunDirectory dir;
    private final Cycler cycler;
    private final Scheduler scheduler;
    private final CsvRunRecorder recorder;
    private final CellRoster roster;
    private final RunInfo info;
    private final Duration estimate;
    private final CountDownLatch closed = new CountDownLatch(1);

    private FormationRun(RunDirectory dir, Cycler cycler, Scheduler scheduler, CsvRunRecorder recorder,
                         CellRoster roster, RunInfo info, Duration estimate) {
        this.dir = dir;
        this.cycler = cycler;
        this.scheduler = scheduler;
        this.recorder = recorder;
        this.roster = roster;
        this.info = info;
        this.estimate = estimate;
    }

    /**
     * Sets up a run of {@code recipe} on a simulated cycler. {@code roster} says which channels
     * hold cells; {@code runDir} must not exist or be empty.
     */
    public static FormationRun simulated(Path recipeFile, Recipe recipe, SimulationSpec spec, CellRoster roster,
                                         Speed speed, Duration tick, Path runDir) throws IOException {
        if (roster.maxChannel() > spec.channels()) {
            throw new IllegalArgumentException("channel " + roster.maxChannel() + " does not exist on a "
                    + spec.channels() + "-channel cycler");
        }
        Chemistry chemistry = SimulatedLot.chemistry(recipe, spec);
        double nominalAh = SimulatedLot.nominalCapacityAh(recipe, chemistry);
        List<CellParameters> cells = CellLot.generate(chemistry, nominalAh, spec.channels(), spec.seed(),
                spec.defectShare());
        RunClock clock = speed.clock();
        SimulatedCycler sim = new SimulatedCycler(clock.ticker(), cells, spec.ambientC());
        Instant start = Instant.now();
        RunDirectory dir = RunDirectory.create(runDir);
        dir.copyRecipe(recipeFile);
        SimCellsFile.write(dir.simCells(), cells, roster);
        RunInfo.Simulation simulation = new RunInfo.Simulation(spec.seed(), chemistry.name(), nominalAh,
                spec.defectShare(), spec.ambientC());
        DurationEstimate.Estimate nominal = DurationEstimate.of(recipe, chemistry, nominalAh);
        Duration estimate = nominal.completes() ? nominal.duration() : null;
        return start(recipeFile, recipe, sim, clock, speed, tick, roster, dir, start, simulation, estimate);
    }

    private static FormationRun start(Path recipeFile, Recipe recipe, Cycler cycler, RunClock clock, Speed speed,
                                      Duration tick, CellRoster roster, RunDirectory dir, Instant start,
                                      RunInfo.Simulation simulation, Duration estimate) throws IOException {
        CyclerIdentity id = cycler.identity();
        List<RunInfo.ChannelInfo> channels = new ArrayList<>();
        roster.barcodes().forEach((ch, barcode) -> channels.add(new RunInfo.ChannelInfo(ch, barcode)));
        double startUnix = start.toEpochMilli() / 1000.0;
        RunInfo info = new RunInfo(dir.root().getFileName().toString(), recipe.name(), recipeFile.toString(),
                sha256(recipeFile), start.toString(), startUnix,
                new RunInfo.Identity(id.manufacturer(), id.model(), id.serial(), id.firmware()),
                clock.isVirtual() ? "virtual" : "real", speed.label(),
                tick.toNanos() / 1e9, simulation, channels, "RUNNING", null, RunInfo.CONVENTIONS);
        dir.writeInfo(info);
        CsvRunRecorder recorder = new CsvRunRecorder(dir, roster.barcodes(), clock.isVirtual());
        Scheduler scheduler = new Scheduler(cycler, new RecipeProgram(recipe), roster.channels(), clock, tick,
                recorder, startUnix);
        return new FormationRun(dir, cycler, scheduler, recorder, roster, info, estimate);
    }

    /** Runs to the end of every channel on the calling thread; closes files and the cycler. */
    public RunResult run() throws IOException {
        RunProgress end;
        long wallStart = System.nanoTime();
        try {
            try {
                end = scheduler.run();
            } finally {
                cycler.close();
                recorder.close();
            }
            boolean stopped = end.channels().stream().anyMatch(c -> c.state() == ChannelState.STOPPED);
            dir.writeInfo(info.finished(stopped ? "STOPPED" : "FINISHED", Instant.now().toString()));
        } finally {
            closed.countDown();
        }
        double wallS = (System.nanoTime() - wallStart) / 1e9;
        return new RunResult(dir, end, roster, recorder.writtenRows(), recorder.droppedRows(), wallS);
    }

    /**
     * Stops every channel (outputs off) and waits until {@link #run()} has closed the files, at
     * most {@code timeout}: what a Ctrl-C does, so that no data is lost on the way out.
     *
     * @return true when the run closed in time
     */
    public boolean stopAndAwait(Duration timeout) throws InterruptedException {
        scheduler.stop(null);
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public RunDirectory directory() {
        return dir;
    }

    public CellRoster roster() {
        return roster;
    }

    /** Test time the recipe takes on a nominal cell, or null when it could not be estimated. */
    public Duration estimate() {
        return estimate;
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * How a run ended.
     *
     * @param rowsWritten data rows written to the channel files
     * @param rowsDropped data rows the writer could not keep up with (real-time runs only)
     * @param wallS       wall-clock seconds the control loop ran, files closed included
     */
    public record RunResult(RunDirectory directory, RunProgress end, CellRoster roster, long rowsWritten,
                            long rowsDropped, double wallS) {

        /** Test time summed over channels (each until it ended), seconds. */
        public double channelSeconds() {
            return end.channels().stream().mapToDouble(ChannelView::testTimeS).sum();
        }

        /** Channel-seconds of test time per wall second: how much faster than real time the run went. */
        public double channelSecondsPerWallSecond() {
            return channelSeconds() / wallS;
        }

        public Map<ChannelState, Integer> countByState() {
            return end.countByState();
        }

        public List<ChannelView> channels() {
            return end.channels();
        }
    }
}
