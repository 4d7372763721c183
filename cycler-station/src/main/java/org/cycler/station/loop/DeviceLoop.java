package org.cycler.station.loop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.cycler.core.BadInputException;
import org.cycler.core.calibration.CalibrationInUse;
import org.cycler.core.control.RunLock;
import org.cycler.core.device.Devices;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.run.DeviceRecovery;
import org.cycler.core.run.SimulationSpec;
import org.cycler.core.run.Speed;
import org.cycler.core.schedule.ChannelEvent;
import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.RecipeProgram;
import org.cycler.core.schedule.RunClock;
import org.cycler.core.schedule.Scheduler;
import org.cycler.core.schedule.TickStats;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.CsvRunRecorder;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunInfo;
import org.cycler.hal.sim.SimulatedInstrument;
import org.cycler.core.store.SimCellsFile;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.RealTimePriority;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.station.config.StationConfig;
import org.cycler.station.jobs.Job;

/**
 * One device of a station and its one control loop (DESIGN sections 8 and 11): it owns the
 * device's one connection and a {@link Scheduler#shared shared} scheduler on its own thread, which
 * ticks every running job's channels together, one read and one batch of setpoints per tick.
 * {@link #start} adds a job to the loop with its own run directory, recorder and test time.
 * Thread-safe.
 */
public final class DeviceLoop implements AutoCloseable {

    private final StationConfig.DeviceSpec spec;
    private final Cycler cycler;
    private final RunClock clock;
    private final Scheduler loop;
    private final Thread thread;
    /** The simulated cells, or null for a connected device. */
    private final List<CellParameters> cells;
    private final Executor finisher;

    private DeviceLoop(StationConfig.DeviceSpec spec, Cycler cycler, RunClock clock, List<CellParameters> cells,
                       Executor finisher, Consumer<String> log) {
        this.spec = spec;
        this.cycler = cycler;
        this.clock = clock;
        this.cells = cells;
        this.finisher = finisher;
        this.loop = Scheduler.shared(cycler, clock, spec.tick());
        boolean realTime = spec.speed().factor() == 1;
        this.thread = new Thread(() -> {
            if (realTime) {
                log.accept("device " + spec.name() + ": control loop " + RealTimePriority.raiseLoopThread());
            }
            loop.run();
        }, "device-" + spec.name());
        thread.setDaemon(true);
    }

    /**
     * Makes or connects the device and starts its loop.
     *
     * @param attach   for a connected device with jobs to {@link #continueJob continue}: attach
     *                 without touching its outputs ({@link Devices#attach}) instead of connecting,
     *                 which turns them off
     * @param finisher where a job's end (closing its files) runs, off the loop's thread
     * @param log      takes one line on the loop's priority: a device in real time asks for
     *                 {@link RealTimePriority real-time priority}, so that other programs on the
     *                 station's computer (the browsers showing its pages among them) do not
     *                 delay its ticks
     * @throws IOException naming the address when a device cannot be reached
     */
    public static DeviceLoop open(StationConfig.DeviceSpec spec, boolean attach, Executor finisher, Consumer<String> log)
            throws IOException, BadInputException {
        DeviceLoop device = switch (spec) {
            case StationConfig.Simulated sim -> {
                RunClock clock = sim.speed().simulationClock(0);
                List<CellParameters> cells = CellLot.generate(sim.chemistry(), sim.chemistry().referenceCapacityAh(),
                        sim.channels(), sim.seed(), SimulationSpec.DEFAULT_DEFECT_SHARE);
                SimulatedInstrument instrument = new SimulatedInstrument(sim.accuracy(), cells.size(), sim.seed(),
                        sim.seed());
                yield new DeviceLoop(spec, calibrated(spec, new SimulatedCycler(clock.ticker(), cells,
                        SimulationSpec.DEFAULT_AMBIENT_C, SimulatedCycler.DEFAULT_SERIAL, instrument)), clock, cells,
                        finisher, log);
            }
            case StationConfig.Connected connected -> new DeviceLoop(spec, calibrated(spec, attach
                    ? Devices.attach(connected.address()) : Devices.connect(connected.address())),
                    connected.speed().clock(), null, finisher, log);
        };
        device.thread.start();
        return device;
    }

    /**
     * {@code raw} behind the device's calibration, if its config names one; a connected device must
     * be the unit it was calibrated on. Closes {@code raw} when it refuses.
     */
    private static Cycler calibrated(StationConfig.DeviceSpec spec, Cycler raw) throws BadInputException {
        if (spec.calibration().isEmpty()) {
            return raw;
        }
        try {
            return spec.calibration().orElseThrow().wrap(raw, spec instanceof StationConfig.Connected);
        } catch (BadInputException e) {
            raw.close();
            throw new BadInputException("device '" + spec.name() + "': " + e.getMessage(), e);
        }
    }

    public String name() {
        return spec.name();
    }

    public int channelCount() {
        return cycler.channelCount();
    }

    public StationConfig.DeviceSpec spec() {
        return spec;
    }

    public CyclerIdentity identity() {
        return cycler.identity();
    }

    /** What the device's control loop measures about its ticks (lateness, duration, round trip). */
    public TickStats.Snapshot tickStats() {
        return loop.stats().snapshot();
    }

    /** Whether the device is simulated here, so a run of it can be replayed after a crash. */
    public boolean simulated() {
        return cells != null;
    }

    /**
     * Starts {@code job} on its channels at the loop's next tick: writes run.json (and, for a
     * simulated device, sim-cells.csv) into the job's new run directory with the copy of
     * {@code recipeFile}, journals who submitted it, and attaches the job's channels to the loop.
     */
    public JobRun start(Job job, Recipe recipe, Path recipeFile) throws IOException {
        RunDirectory dir = RunDirectory.create(Path.of(job.runDir()));
        RunLock lock = RunLock.tryAcquire(dir.root())
                .orElseThrow(() -> new IOException(dir.root() + ": another controller holds this run directory"));
        try {
            dir.copyRecipe(recipeFile);
            CellRoster roster = new CellRoster(job.barcodes());
            Instant start = Instant.now();
            CyclerIdentity id = cycler.identity();
            List<RunInfo.ChannelInfo> channels = new ArrayList<>();
            roster.barcodes().forEach((ch, barcode) -> channels.add(new RunInfo.ChannelInfo(ch, barcode)));
            RunInfo.Simulation simulation = null;
            String address = null;
            if (spec instanceof StationConfig.Simulated sim) {
                simulation = new RunInfo.Simulation(sim.channels(), sim.seed(), sim.chemistry().name(),
                        sim.chemistry().referenceCapacityAh(), SimulationSpec.DEFAULT_DEFECT_SHARE,
                        SimulationSpec.DEFAULT_AMBIENT_C, List.of(), RunInfo.Accuracy.of(sim.accuracy()), sim.seed());
                SimCellsFile.write(dir.simCells(), cells,
                        SimulatedInstrument.errors(sim.accuracy(), cells.size(), sim.seed()), roster);
            } else {
                address = ((StationConfig.Connected) spec).address();
            }
            RunInfo info = new RunInfo(dir.root().getFileName().toString(), recipe.name(), job.recipeFile(),
                    sha256(dir.recipeCopy()), start.toString(), start.toEpochMilli() / 1000.0,
                    new RunInfo.Identity(id.manufacturer(), id.model(), id.serial(), id.firmware()), address,
                    clock.isVirtual() ? "virtual" : "real", spec.speed().label(), spec.tick().toNanos() / 1e9,
                    simulation, channels, RunInfo.State.RUNNING, null, RunInfo.CONVENTIONS, null, null,
                    spec.calibration().map(CalibrationInUse::record).orElse(null));
            dir.writeInfo(info);
            CsvRunRecorder recorder = new CsvRunRecorder(dir, roster.barcodes(), clock.isVirtual());
            for (int channel : roster.channels()) {
                recorder.event(new ChannelEvent(ChannelEvent.Kind.STATE, channel, 0, 0, 0, 0, ChannelState.RUNNING,
                        null, "submitted by " + job.submitter() + " as job " + job.id(), 0, 0, 0, 0));
            }
            Scheduler.Group group = loop.attach(new RecipeProgram(recipe), roster.channels(), recorder,
                    info.startUnixTimeS());
            return JobRun.started(job.id(), dir, info, recorder, group, lock, finisher);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Continues on this connected device a job whose station died while it ran (docs/station.md):
     * the device must be the one in the job's run.json and run at the same speed; each channel goes
     * back to its last checkpoint with its files cut to match ({@link DeviceRecovery}), and its
     * machines join the loop at a test time that carries on from the wall clock, so the time the
     * station was down is a gap in the data. Each machine reads before it commands.
     *
     * @throws BadInputException when the run cannot go on here, with the reason
     */
    public JobRun continueJob(Job job) throws IOException, BadInputException, RecipeException {
        RunDirectory dir = RunDirectory.open(Path.of(job.runDir()));
        RunInfo info = dir.readInfo();
        if (info.state() != RunInfo.State.RUNNING) {
            throw new BadInputException(dir.root() + ": the run ended " + info.state());
        }
        Speed.Factor pace = DeviceRecovery.pace(dir, info);
        if (!pace.label().equals(spec.speed().label())) {
            throw new BadInputException(dir.root() + ": the run goes at " + pace.label() + ", device '" + spec.name()
                    + "' now at " + spec.speed().label());
        }
        RunLock lock = RunLock.tryAcquire(dir.root())
                .orElseThrow(() -> new IOException(dir.root() + ": another controller holds this run directory"));
        try {
            Recipe recipe = RecipeParser.parse(dir.recipeCopy());
            CellRoster roster = new CellRoster(job.barcodes());
            DeviceRecovery.Continuation from = DeviceRecovery.continueOn(cycler, dir, info, roster, pace,
                    System.currentTimeMillis() / 1000.0);
            CsvRunRecorder recorder = CsvRunRecorder.continuing(dir, roster.barcodes());
            Scheduler.Group group;
            try {
                group = loop.attachContinuing(new RecipeProgram(recipe), roster.channels(), recorder,
                        info.startUnixTimeS(), from.journal(), from.firstTickS());
            } catch (RuntimeException e) {
                recorder.close();
                throw e;
            }
            return JobRun.started(job.id(), dir, info, recorder, group, lock, finisher);
        } catch (IOException | BadInputException | RecipeException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Ends the loop and closes the device; call once no job runs on it. */
    @Override
    public void close() throws InterruptedException {
        loop.close();
        thread.join();
        cycler.close();
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
