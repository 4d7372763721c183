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
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.cycler.core.BadInputException;
import org.cycler.core.calibration.CalibrationInUse;
import org.cycler.core.control.ControlServer;
import org.cycler.core.control.RunLock;
import org.cycler.core.device.Devices;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.ChannelView;
import org.cycler.core.schedule.CycleSummary;
import org.cycler.core.schedule.FaultReason;
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
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.FaultInjectingCycler;
import org.cycler.hal.sim.InjectedFault;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.sim.SimulatedInstrument;

/**
 * One run of a recipe on a set of channels, from an empty run directory to a finished one: it
 * writes run.json, the recipe copy and (on the simulator) sim-cells.csv, holds the run's
 * {@link RunLock} and {@link ControlServer} while it runs, drives the {@link Scheduler} on the
 * calling thread, and closes the data files and run.json at the end. A crashed run is continued
 * with {@link #resume(Path)}.
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
    private final RunLock lock;
    private final ControlServer control;
    private final double resumedFromS;
    private final CountDownLatch closed = new CountDownLatch(1);

    private FormationRun(RunDirectory dir, Cycler cycler, Scheduler scheduler, CsvRunRecorder recorder,
                         CellRoster roster, RunInfo info, Duration estimate, RunLock lock, ControlServer control,
                         double resumedFromS) {
        this.dir = dir;
        this.cycler = cycler;
        this.scheduler = scheduler;
        this.recorder = recorder;
        this.roster = roster;
        this.info = info;
        this.estimate = estimate;
        this.lock = lock;
        this.control = control;
        this.resumedFromS = resumedFromS;
    }

    /**
     * Sets up a run of {@code recipe} on a simulated cycler. {@code roster} says which channels
     * hold cells; {@code runDir} must not exist or be empty.
     */
    public static FormationRun simulated(Path recipeFile, Recipe recipe, SimulationSpec spec, CellRoster roster,
                                         Speed speed, Duration tick, Path runDir) throws IOException {
        try {
            return simulated(recipeFile, recipe, spec, roster, speed, tick, runDir, null);
        } catch (BadInputException e) {
            throw new IllegalStateException("a run without calibration has no calibration to refuse", e);
        }
    }

    /**
     * As {@link #simulated(Path, Recipe, SimulationSpec, CellRoster, Speed, Duration, Path)}, with
     * the simulated channels' readings and setpoints corrected by {@code calibration} (null: none),
     * as on hardware.
     *
     * @throws BadInputException when the calibration names channels the simulator does not have
     */
    public static FormationRun simulated(Path recipeFile, Recipe recipe, SimulationSpec spec, CellRoster roster,
                                         Speed speed, Duration tick, Path runDir, CalibrationInUse calibration)
            throws IOException, BadInputException {
        if (roster.maxChannel() > spec.channels()) {
            throw new IllegalArgumentException("channel " + roster.maxChannel() + " does not exist on a "
                    + spec.channels() + "-channel cycler");
        }
        Chemistry chemistry = SimulatedLot.chemistry(recipe, spec);
        double nominalAh = SimulatedLot.nominalCapacityAh(recipe, chemistry);
        List<CellParameters> cells = CellLot.generate(chemistry, nominalAh, spec.channels(), spec.seed(),
                spec.defectShare());
        RunClock clock = speed.simulationClock(0);
        SimulatedInstrument instrument = new SimulatedInstrument(spec.accuracy(), spec.channels(), spec.seed(),
                spec.noiseSeed());
        Cycler raw = simulator(clock, cells, spec.ambientC(), spec.faults(), instrument);
        Cycler sim = calibration == null ? raw : calibration.wrap(raw, false);
        Instant start = Instant.now();
        RunDirectory dir = RunDirectory.create(runDir);
        RunLock lock = RunLock.tryAcquire(dir.root())
                .orElseThrow(() -> new IOException(runDir + ": another controller has just taken this run directory"));
        dir.copyRecipe(recipeFile);
        SimCellsFile.write(dir.simCells(), cells, instrument.errors(), roster);
        RunInfo.Simulation simulation = new RunInfo.Simulation(spec.channels(), spec.seed(), chemistry.name(), nominalAh,
                spec.defectShare(), spec.ambientC(), spec.faults().stream().map(f -> new RunInfo.Fault(f.channel(),
                        f.kind().spelling(), f.atS(), Double.isInfinite(f.durationS()) ? null : f.durationS())).toList(),
                RunInfo.Accuracy.of(spec.accuracy()), spec.noiseSeed());
        return begin(recipeFile, recipe, sim, null, clock, speed, tick, roster, dir, lock, start, simulation,
                estimate(recipe, chemistry, nominalAh), calibration == null ? null : calibration.record());
    }

    /**
     * Sets up a run of {@code recipe} on a connected device. The run owns {@code device} from now
     * on and closes it when it ends, or at once if setting up fails. The device runs in real time:
     * {@code speed} is {@code realtime} or, against an emulator running equally fast, a factor;
     * {@code max} (a virtual clock) is refused. {@code runDir} must not exist or be empty. The run
     * directory is the simulator's kind, with the device's identity and address in run.json and no
     * sim-cells.csv.
     *
     * @param address where the device was reached, for run.json
     * @throws BadInputException when {@code speed} is {@code max} or the roster names a channel
     *                           the device does not have
     */
    public static FormationRun onDevice(Path recipeFile, Recipe recipe, Cycler device, String address,
                                        CellRoster roster, Speed speed, Duration tick, Path runDir)
            throws IOException, BadInputException {
        return onDevice(recipeFile, recipe, device, address, roster, speed, tick, runDir, null);
    }

    /**
     * As {@link #onDevice(Path, Recipe, Cycler, String, CellRoster, Speed, Duration, Path)}, with the
     * device's readings and setpoints corrected by {@code calibration} (null: none).
     *
     * @throws BadInputException also when the calibration is of another unit or names channels the
     *                           device does not have
     */
    public static FormationRun onDevice(Path recipeFile, Recipe recipe, Cycler device, String address,
                                        CellRoster roster, Speed speed, Duration tick, Path runDir,
                                        CalibrationInUse calibration)
            throws IOException, BadInputException {
        try {
            if (!(speed instanceof Speed.Factor)) {
                throw new BadInputException("--speed " + speed.label() + ": a device runs in real time "
                        + "(use realtime, or a factor matching the emulator's --speed)");
            }
            if (roster.maxChannel() > device.channelCount()) {
                throw new BadInputException("channel " + roster.maxChannel() + " does not exist on "
                        + address + ", which has " + device.channelCount() + " channels");
            }
            Cycler cycler = calibration == null ? device : calibration.wrap(device, true);
            DurationEstimate.Estimate nominal = DurationEstimate.forRecipe(recipe);
            Instant start = Instant.now();
            RunDirectory dir = RunDirectory.create(runDir);
            RunLock lock = RunLock.tryAcquire(dir.root())
                    .orElseThrow(() -> new IOException(runDir + ": another controller has just taken this run directory"));
            try {
                dir.copyRecipe(recipeFile);
                return begin(recipeFile, recipe, cycler, address, speed.clock(), speed, tick, roster, dir, lock, start,
                        null, nominal.completes() ? nominal.duration() : null,
                        calibration == null ? null : calibration.record());
            } catch (IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
        } catch (IOException | BadInputException | RuntimeException e) {
            device.close();
            throw e;
        }
    }

    /** Writes run.json and starts the recorder, the scheduler and the control server of a new run. */
    private static FormationRun begin(Path recipeFile, Recipe recipe, Cycler cycler, String address, RunClock clock,
                                      Speed speed, Duration tick, CellRoster roster, RunDirectory dir, RunLock lock,
                                      Instant start, RunInfo.Simulation simulation, Duration estimate,
                                      RunInfo.AppliedCalibration calibration)
            throws IOException {
        CyclerIdentity id = cycler.identity();
        List<RunInfo.ChannelInfo> channels = new ArrayList<>();
        roster.barcodes().forEach((ch, barcode) -> channels.add(new RunInfo.ChannelInfo(ch, barcode)));
        RunInfo info = new RunInfo(dir.root().getFileName().toString(), recipe.name(), recipeFile.toString(),
                sha256(recipeFile), start.toString(), start.toEpochMilli() / 1000.0,
                new RunInfo.Identity(id.manufacturer(), id.model(), id.serial(), id.firmware()), address,
                clock.isVirtual() ? "virtual" : "real", speed.label(), tick.toNanos() / 1e9, simulation, channels,
                RunInfo.State.RUNNING, null, RunInfo.CONVENTIONS, null,
                roster.emptyPockets().isEmpty() ? null : List.copyOf(roster.emptyPockets()), calibration);
        dir.writeInfo(info);
        CsvRunRecorder recorder = new CsvRunRecorder(dir, roster.barcodes(), clock.isVirtual());
        Scheduler scheduler = new Scheduler(cycler, new RecipeProgram(recipe), roster.channels(), clock, tick,
                recorder, info.startUnixTimeS());
        return started(dir, cycler, scheduler, recorder, roster, info, estimate, lock, Double.NaN);
    }

    /**
     * Continues a simulated run whose controller died (crash, kill, power loss) or that stopped
     * because its data could not be written (state FAILED): the run is
     * replayed deterministically from its start on a virtual clock up to the point its files are
     * complete, which rebuilds every channel's step, accumulators and counters and every simulated
     * cell's state exactly, then goes on writing where the files end, at the run's original speed.
     * Exact at every speed: a simulated run's clock is virtual, only paced to the wall clock
     * ({@link RunClock#paced}), so the replay meets the same tick times as the run it continues.
     *
     * <p>A run on a device cannot be replayed: it goes on from the state its journal holds, on the
     * device named in run.json (see {@code resumeOnDevice} and docs/data.md).
     *
     * @throws BadInputException when the directory is not a run, the run ended, or it is live
     */
    public static FormationRun resume(Path runDir) throws IOException, BadInputException, RecipeException {
        return resume(runDir, Optional.empty());
    }

    /**
     * {@link #resume(Path)} at {@code speed} instead of the run's own: a simulated run's ticks fall
     * on the same test times at every speed, so the run continues exactly at any speed.
     */
    public static FormationRun resume(Path runDir, Optional<Speed> speed)
            throws IOException, BadInputException, RecipeException {
        RunDirectory dir;
        RunInfo info;
        try {
            dir = RunDirectory.open(runDir);
            info = dir.readInfo();
        } catch (IOException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        if (info.state() != RunInfo.State.RUNNING && info.state() != RunInfo.State.FAILED) {
            throw new BadInputException(runDir + ": the run ended " + info.state() + "; there is nothing to resume");
        }
        RunLock lock = RunLock.tryAcquire(dir.root()).orElseThrow(() -> new BadInputException(runDir
                + ": the run is live (controller pid " + RunLock.holderPid(dir.root()).map(String::valueOf).orElse("?")
                + "); it is never driven twice"));
        try {
            Recipe recipe = RecipeParser.parse(dir.recipeCopy());
            Map<Integer, String> barcodes = new TreeMap<>();
            info.channels().forEach(c -> barcodes.put(c.channel(), c.barcode()));
            CellRoster roster = new CellRoster(new TreeMap<>(barcodes),
                    new TreeSet<>(info.emptyPockets() == null ? List.of() : info.emptyPockets()));
            if (info.simulation() == null) {
                if (speed.isPresent()) {
                    throw new BadInputException("--speed: " + runDir + " runs on a device, which goes on at the run's own "
                            + "speed (" + info.speed() + ")");
                }
                return resumeOnDevice(dir, info, recipe, roster, lock);
            }
            RunInfo.Simulation s = info.simulation();
            Chemistry chemistry = Chemistry.valueOf(s.chemistry());
            List<CellParameters> cells = CellLot.generate(chemistry, s.nominalCapacityAh(), s.channelCount(), s.seed(),
                    s.defectShare());
            RunRecovery.Point point = RunRecovery.prepare(dir, roster);
            Speed pace = speed.isPresent() ? speed.get() : Speed.parse(info.speed());
            long pointNanos = Math.max(0, Math.round(point.resumeAfterS() * 1e9));
            RunClock clock = pace.simulationClock(pointNanos);
            List<InjectedFault> faults = new ArrayList<>();
            for (RunInfo.Fault f : s.faults() == null ? List.<RunInfo.Fault>of() : s.faults()) {
                faults.add(new InjectedFault(f.channel(), InjectedFault.Kind.ofSpelling(f.kind()).orElseThrow(),
                        f.atS(), f.durationS() == null ? Double.POSITIVE_INFINITY : f.durationS()));
            }
            AccuracyClass accuracy;
            try {
                accuracy = s.accuracy() == null ? AccuracyClass.IDEAL : accuracy(s.accuracy());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new BadInputException(runDir + ": run.json: simulation.accuracy: " + e.getMessage()
                        + " (expected the class the run was made with)", e);
            }
            SimulatedInstrument instrument = new SimulatedInstrument(accuracy, s.channelCount(), s.seed(),
                    s.noiseSeed() == null ? s.seed() : s.noiseSeed());
            Cycler sim = CalibrationInUse.wrap(simulator(clock, cells, s.ambientC(), faults, instrument),
                    info.calibration());
            CsvRunRecorder recorder = new CsvRunRecorder(dir, roster.barcodes(), true, point.resumeAfterS());
            Scheduler scheduler = new Scheduler(sim, new RecipeProgram(recipe), roster.channels(), clock,
                    Duration.ofNanos(Math.round(info.tickS() * 1e9)), recorder, info.startUnixTimeS());
            scheduler.replay(point.actions());
            return started(dir, sim, scheduler, recorder, roster, info,
                    estimate(recipe, chemistry, s.nominalCapacityAh()), lock, point.resumeAfterS());
        } catch (IOException | BadInputException | RecipeException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Continues a device run from its journal (docs/data.md): the device named in run.json is
     * connected without touching its outputs and must be the same one, each channel goes back to
     * its last checkpoint, and test time goes on from the wall clock, so the time the controller
     * was down shows as a gap in the data.
     */
    private static FormationRun resumeOnDevice(RunDirectory dir, RunInfo info, Recipe recipe, CellRoster roster,
                                               RunLock lock) throws IOException, BadInputException {
        if (info.device() == null) {
            throw new BadInputException(dir.root() + ": run.json names neither a simulation nor a device");
        }
        Speed.Factor pace = DeviceRecovery.pace(dir, info);
        Cycler device = CalibrationInUse.wrap(Devices.attach(info.device()), info.calibration());
        try {
            DeviceRecovery.Continuation from = DeviceRecovery.continueOn(device, dir, info, roster, pace,
                    System.currentTimeMillis() / 1000.0);
            CsvRunRecorder recorder = CsvRunRecorder.continuing(dir, roster.barcodes());
            Scheduler scheduler = new Scheduler(device, new RecipeProgram(recipe), roster.channels(), pace.clock(),
                    Duration.ofNanos(Math.round(info.tickS() * 1e9)), recorder, info.startUnixTimeS());
            scheduler.continueFrom(from.journal(), from.firstTickS());
            DurationEstimate.Estimate nominal = DurationEstimate.forRecipe(recipe);
            return started(dir, device, scheduler, recorder, roster, info,
                    nominal.completes() ? nominal.duration() : null, lock, from.resumedFromS());
        } catch (IOException | BadInputException | RuntimeException e) {
            device.close();
            throw e;
        }
    }

    private static FormationRun started(RunDirectory dir, Cycler cycler, Scheduler scheduler, CsvRunRecorder recorder,
                                        CellRoster roster, RunInfo info, Duration estimate, RunLock lock,
                                        double resumedFromS) throws IOException {
        ControlServer control = ControlServer.start(dir.root(), scheduler, roster, info.runId(), info.recipeName());
        return new FormationRun(dir, cycler, scheduler, recorder, roster, info, estimate, lock, control, resumedFromS);
    }

    /** The simulated cycler, behind fault injection when there are faults to inject. */
    private static Cycler simulator(RunClock clock, List<CellParameters> cells, double ambientC,
                                    List<InjectedFault> faults, SimulatedInstrument instrument) {
        SimulatedCycler sim = new SimulatedCycler(clock.ticker(), cells, ambientC, SimulatedCycler.DEFAULT_SERIAL,
                instrument);
        return faults.isEmpty() ? sim : new FaultInjectingCycler(sim, clock.ticker(), faults);
    }

    private static AccuracyClass accuracy(RunInfo.Accuracy a) {
        return new AccuracyClass(a.name(), a.currentGainError(), a.currentOffsetA(), a.voltageGainError(),
                a.voltageOffsetV(), a.currentNoiseA(), a.voltageNoiseV(), a.currentResolutionA(), a.voltageResolutionV(),
                a.temperatureNoiseC(), a.sampleJitterS());
    }

    private static Duration estimate(Recipe recipe, Chemistry chemistry, double nominalAh) {
        DurationEstimate.Estimate nominal = DurationEstimate.of(recipe, chemistry, nominalAh);
        return nominal.completes() ? nominal.duration() : null;
    }

    /** Runs to the end of every channel on the calling thread; closes files, the cycler and the lock. */
    public RunResult run() throws IOException {
        RunProgress end;
        long wallStart = System.nanoTime();
        try {
            try {
                end = scheduler.run();
            } finally {
                control.close();
                cycler.close();
            }
            try {
                recorder.close();
            } catch (IOException e) {
                String marked = "";
                try {
                    dir.writeInfo(info.failed(Instant.now().toString(), e.getMessage()));
                } catch (IOException notMarked) {
                    e.addSuppressed(notMarked);
                    marked = "; run.json could not be marked FAILED (" + notMarked.getMessage() + ")";
                }
                throw new IOException(e.getMessage() + "; every output is off, the data written until then is readable"
                        + " and ends on whole rows" + marked + ", and 'cycler resume " + dir.root()
                        + "' continues the run once the disk is fixed", e);
            }
            boolean stopped = end.channels().stream().anyMatch(c -> c.state() == ChannelState.STOPPED);
            boolean lost = info.device() != null && deviceLost(end);
            dir.writeInfo(info.finished(lost ? RunInfo.State.FAILED : stopped ? RunInfo.State.STOPPED : RunInfo.State.FINISHED, Instant.now().toString()));
        } finally {
            lock.close();
            closed.countDown();
        }
        double wallS = (System.nanoTime() - wallStart) / 1e9;
        return new RunResult(dir, end, roster, recorder.writtenRows(), recorder.droppedRows(), wallS,
                recorder.partialCycles());
    }

    /**
     * True when a channel faulted because the cycler stopped answering it. On a device (where
     * only the driver sets that status, after its retries) the hardware failed the run; on the
     * simulator it can only be an injected fault.
     */
    public static boolean deviceLost(RunProgress end) {
        return end.channels().stream().anyMatch(c -> c.faultReason() == FaultReason.COMMUNICATION_LOSS);
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

    public RunInfo info() {
        return info;
    }

    /** Test time the recipe takes on a nominal cell, or null when it could not be estimated. */
    public Duration estimate() {
        return estimate;
    }

    /** For a resumed run, the test time its files were complete up to; empty for a new run. */
    public Optional<Double> resumedFromS() {
        return Double.isNaN(resumedFromS) ? Optional.empty() : Optional.of(resumedFromS);
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
     * @param partialCycles cycles whose coulombic efficiency was left empty because their charge
     *                    and discharge were not of comparable depth, by channel and cycle
     */
    public record RunResult(RunDirectory directory, RunProgress end, CellRoster roster, long rowsWritten,
                            long rowsDropped, double wallS, List<CycleSummary> partialCycles) {

        public Map<ChannelState, Integer> countByState() {
            return end.countByState();
        }

        public List<ChannelView> channels() {
            return end.channels();
        }

        /** Test time summed over channels (each until it ended), seconds. */
        public double channelSeconds() {
            return end.channels().stream().mapToDouble(ChannelView::testTimeS).sum();
        }

        /** Channel-seconds of test time per wall second: how much faster than real time the run went. */
        public double channelSecondsPerWallSecond() {
            return channelSeconds() / wallS;
        }
    }
}
