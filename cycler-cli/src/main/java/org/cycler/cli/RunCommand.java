package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.cycler.core.BadInputException;
import org.cycler.core.calibration.CalibrationInUse;
import org.cycler.core.device.DeviceClaim;
import org.cycler.core.device.Devices;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.run.FaultOption;
import org.cycler.core.run.FormationRun;
import org.cycler.core.run.RunLimits;
import org.cycler.core.run.SafetyPolicy;
import org.cycler.core.run.SimulationSpec;
import org.cycler.core.run.Speed;
import org.cycler.core.schedule.FaultReason;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.RunDirectory;
import org.cycler.hal.Cycler;
import org.cycler.hal.sim.InjectedFault;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cycler run RECIPE --sim N} or {@code --device ADDRESS|NAME}: runs a recipe on every channel
 * and logs it to a run directory.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a recipe on every channel of a simulated cycler (--sim) or a SCPI device (--device), "
                + "logging each channel to CSV.",
            "Prints a live progress display, then a per-channel summary. Ctrl-C stops every channel "
                + "safely (outputs off, data kept)."})
final class RunCommand implements Callable<Integer> {

    /** Barcodes of a device's cells when no --cells file names them: DEV-001, DEV-002, ... */
    static final String DEVICE_BARCODE_PREFIX = "DEV";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe file (YAML).")
    Path recipeFile;

    @Option(names = "--sim", paramLabel = "N",
            description = "Run on the built-in simulator with N channels, one simulated cell each.")
    Integer simChannels;

    @Option(names = "--device", paramLabel = "ADDRESS|NAME",
            description = {"Run on a SCPI device: tcp:HOST:PORT, serial:PATH[?baud=N], or a name from the devices file.",
                "Every channel of the device runs (or those in --cells)."})
    String device;

    @Option(names = "--devices", paramLabel = "FILE",
            description = "Devices file naming devices for --device (default: ./" + Devices.DEFAULT_FILE + ").")
    Path devicesFile;

    @Mixin
    LotOptions lot;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "Channel calibration to correct readings and setpoints by (default for a device named in the "
                    + "devices file: calibration/NAME.yaml beside it, when there is one; none otherwise).")
    Path calibrationFile;


    @Option(names = "--speed", paramLabel = "max|realtime|FACTOR",
            description = "max: virtual clock, as fast as the CPU allows (simulator only); realtime; or a factor of "
                    + "real time, e.g. 2000 against 'cycler emulate --speed 2000' (default: max on --sim, realtime "
                    + "on --device).")
    String speed;

    @Option(names = "--tick", paramLabel = "DURATION", defaultValue = "100ms",
            description = "Control-loop tick, e.g. 100ms, 1s (default: ${DEFAULT-VALUE}; at least 10ms).")
    String tick;

    @Option(names = "--cells", paramLabel = "barcodes.csv",
            description = "Barcodes: one per line (channels 1, 2, ...) or 'channel,barcode' columns. "
                    + "Only channels that hold a cell run.")
    Path cellsFile;

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Run directory (must not exist or be empty; default: runs/<date>-<time>-<recipe>).")
    Path runDir;

    @Option(names = "--no-safety-limits", description = "Run a recipe that has neither a safety block nor a "
            + "cell.chemistry (whose default limits would apply) with no limits at all; simulator only.")
    boolean noSafetyLimits;

    @Option(names = "--plain", description = "Plain progress lines instead of the live display.")
    boolean plain;

    /** The device this run drives, once connected. */
    private Cycler connected;
    private String address;

    @Option(names = "--stats", description = "At the end, print the control loop's timing: tick lateness, tick "
            + "duration, device round trip, end condition to command (p50, p99, p99.9, max), missed ticks.")
    boolean stats;

    @Option(names = "--fault", paramLabel = "CH:KIND@TIME[+DURATION]",
            description = {"Inject a fault into a simulated channel's readings (repeatable), e.g. 3:over-temperature@2h, "
                + "5:comm-loss@30min+1min. Kinds: over-temperature, voltage-spike, stuck-reading, nan-reading, "
                + "comm-loss, slow-reply, hardware-fault."})
    List<String> faultOptions = new ArrayList<>();

    private List<InjectedFault> faults() throws BadInputException {
        List<InjectedFault> faults = new ArrayList<>();
        for (String text : faultOptions) {
            InjectedFault fault = FaultOption.parse(text);
            if (fault.channel() > simChannels) {
                throw new BadInputException("--fault: channel " + fault.channel() + " in '" + text
                        + "' does not exist on a " + simChannels + "-channel cycler");
            }
            faults.add(fault);
        }
        return faults;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if ((simChannels == null) == (device == null)) {
            throw new BadInputException("cycler run: give exactly one of --sim N (the simulator) and --device ADDRESS|NAME");
        }
        if (device != null) {
            for (String simOnly : new String[] {"--seed", "--defects", "--chemistry", "--fault"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(simOnly)) {
                    throw new BadInputException(simOnly + " describes simulated cells; a device has real ones "
                            + "(give it to 'cycler emulate' instead)");
                }
            }
        } else if (devicesFile != null) {
            throw new BadInputException("--devices names devices for --device; it means nothing with --sim");
        }
        Recipe recipe = RecipeParser.parse(recipeFile);
        Optional<String> safetyNote = SafetyPolicy.check(recipe, recipeFile, device == null, noSafetyLimits);
        Speed clockSpeed = Speed.parse(speed != null ? speed : device != null ? "realtime" : "max");
        Duration tickPeriod = Speed.checkTick(DurationOption.parse("--tick", tick));
        Path dir = runDir != null ? runDir
                : Path.of("runs", RunDirectory.newRunId(Instant.now(), recipe.name()));
        safetyNote.ifPresent(out::println);
        FormationRun run = device != null ? onDevice(recipe, clockSpeed, tickPeriod, dir, out)
                : simulated(recipe, clockSpeed, tickPeriod, dir, out);
        FormationRun.RunResult result = RunPresenter.present(out, run, plain, stats);
        if (device != null && FormationRun.deviceLost(result.end())) {
            long lost = result.channels().stream()
                    .filter(c -> c.faultReason() == FaultReason.COMMUNICATION_LOSS).count();
            String why = connected.lastProblem();
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "cycler: lost the device at %s: %d channel(s) faulted, outputs commanded off%s%n", address, lost,
                    why.isEmpty() ? "" : " (" + why + ")");
            err.flush();
            return CyclerCommand.EXIT_FAILURE;
        }
        return 0;
    }

    private FormationRun simulated(Recipe recipe, Speed clockSpeed, Duration tickPeriod, Path dir, PrintWriter out)
            throws BadInputException, RecipeException {
        if (simChannels < 1) {
            throw new BadInputException("--sim: " + simChannels + " (expected a channel count of at least 1)");
        }
        lot.check();
        RunLimits.check(simChannels);
        CellRoster roster = cellsFile == null
                ? CellRoster.generated("SIM" + lot.seed, simChannels)
                : CellRoster.read(cellsFile, simChannels);
        SimulationSpec sim;
        try {
            sim = lot.spec(simChannels, faults());
        } catch (RecipeException e) {
            throw new BadInputException("--accuracy: " + e.getMessage(), e);
        }
        CalibrationInUse calibration = calibrationFile == null ? null : CalibrationInUse.read(calibrationFile);
        FormationRun run;
        try {
            run = FormationRun.simulated(recipeFile, recipe, sim, roster, clockSpeed, tickPeriod, dir, calibration);
        } catch (java.io.IOException e) {
            throw new BadInputException("--run-dir: " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "run %s: %s on %d simulated channels (seed %d, accuracy %s, speed %s, tick %s)%n",
                run.directory().root(), recipe.name(), roster.channels().length, lot.seed, sim.accuracy().name(),
                clockSpeed.label(), tick);
        printCalibration(out, calibration);
        return run;
    }

    /** The calibration line under the run's header, when one is applied. */
    private static void printCalibration(PrintWriter out, CalibrationInUse calibration) {
        if (calibration != null) {
            out.printf(Locale.ROOT, "calibration %s: %d channel(s) of %s corrected%n", calibration.file(),
                    calibration.calibration().channels().size(), calibration.calibration().device());
        }
    }

    private FormationRun onDevice(Recipe recipe, Speed clockSpeed, Duration tickPeriod, Path dir, PrintWriter out)
            throws BadInputException, RecipeException, java.io.IOException {
        Speed.forDevice(clockSpeed, tickPeriod);
        address = Devices.resolve(device, devicesFile);
        CalibrationInUse calibration = CalibrationInUse.forDevice(device, devicesFile, calibrationFile).orElse(null);
        Optional<String> owner = DeviceClaim.holder(address);
        if (owner.isPresent()) {
            throw new BadInputException("--device " + device + ": " + address + " is owned by " + owner.get()
                    + "; submit jobs to that station (cycler submit --station URL)");
        }
        Cycler cycler = Devices.connect(address, recipe.safety());
        connected = cycler;
        CellRoster roster;
        try {
            roster = cellsFile == null
                    ? CellRoster.generated(DEVICE_BARCODE_PREFIX, cycler.channelCount())
                    : CellRoster.read(cellsFile, cycler.channelCount());
            RunLimits.check(roster.channels().length);
        } catch (BadInputException | RuntimeException e) {
            cycler.close();
            throw e;
        }
        FormationRun run;
        try {
            run = FormationRun.onDevice(recipeFile, recipe, cycler, address, roster, clockSpeed, tickPeriod, dir,
                    calibration);
        } catch (java.io.IOException e) {
            throw new BadInputException("--run-dir: " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "run %s: %s on %d channels of %s at %s (speed %s, tick %s)%n",
                run.directory().root(), recipe.name(), roster.channels().length, cycler.identity(), address,
                clockSpeed.label(), tick);
        printCalibration(out, calibration);
        return run;
    }
}
