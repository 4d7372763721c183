package org.cycler.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.core.BadInputException;
import org.cycler.core.calibration.Calibration;
import org.cycler.core.calibration.CalibrationFile;
import org.cycler.core.calibration.ChannelCalibrator;
import org.cycler.core.device.DeviceClaim;
import org.cycler.core.device.Devices;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.schedule.RunClock;
import org.cycler.core.run.SimulationSpec;
import org.cycler.hal.Cycler;
import org.cycler.hal.calibration.ChannelCalibration;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.sim.SimulatedInstrument;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cycler calibrate --device D --channel C --reference-v V --reference-i I}: measures one
 * channel against reference readings and writes its gain and offset into the device's calibration
 * file (docs/calibration.md).
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Calibrate one channel against a reference meter: the channel is held at each point's state "
                + "(rest, or the point's @SETPOINT), read, and its voltage and current gain and offset are fitted "
                + "to the reference values and written to the calibration file (temporary file, then rename).",
            "Two points of a quantity fix its gain and offset; one point at 0 its offset, any other one point its "
                + "gain (the other figure kept from the file, else exact)."})
final class CalibrateCommand implements Callable<Integer> {

    /** The {@code --device} that calibrates simulated channels. */
    static final String SIM = "sim";

    @Spec
    CommandSpec spec;

    @Option(names = "--device", required = true, paramLabel = "NAME|ADDRESS|sim",
            description = "The device: a name from the devices file, an address, or 'sim' for simulated channels "
                    + "(made as 'cycler run --sim' makes them with the same --seed and --accuracy).")
    String device;

    @Option(names = "--devices", paramLabel = "FILE",
            description = "Devices file naming devices for --device (default: ./" + Devices.DEFAULT_FILE + ").")
    Path devicesFile;

    @Option(names = "--channel", required = true, paramLabel = "C", description = "The channel, from 1.")
    int channel;

    @Option(names = "--reference-v", paramLabel = "V[@SETPOINT]",
            description = {"What the reference meter reads across the channel's terminals (repeatable, up to one per "
                + "state): V alone with the channel at rest, V@SETPOINT with it holding SETPOINT volts, e.g. "
                + "3.70012 or 4.19988V@4.2V."})
    List<String> referenceV = new ArrayList<>();

    @Option(names = "--reference-i", paramLabel = "I[@SETPOINT]",
            description = {"What the reference meter reads in the channel's current path (repeatable): I alone with "
                + "the channel at rest (normally 0), I@SETPOINT with it sourcing SETPOINT amperes, e.g. 0 or "
                + "0.99962A@1A."})
    List<String> referenceI = new ArrayList<>();

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "Calibration file to write (default for a named device: calibration/NAME.yaml beside the "
                    + "devices file; required otherwise).")
    Path calibrationFile;

    @Option(names = "--by", paramLabel = "NAME", description = "Who calibrated (default: the login name).")
    String by;

    @Option(names = "--reference", paramLabel = "TEXT",
            description = "The reference instrument, e.g. 'Keysight 34465A MY5400123'.")
    String reference = "";

    @Option(names = "--date", paramLabel = "ISO-8601", description = "When (default: now, UTC).")
    String date;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "2s",
            description = "Time each state settles before it is read (default: ${DEFAULT-VALUE}).")
    String settle;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "20",
            description = "Readings averaged per point, 100 ms apart (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--current-limit", paramLabel = "A", defaultValue = "1",
            description = "Current limit of a constant-voltage point, amperes (default: ${DEFAULT-VALUE}).")
    double currentLimitA;

    @Mixin
    LotOptions lot;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (referenceV.isEmpty() && referenceI.isEmpty()) {
            throw new BadInputException("cycler calibrate: give at least one --reference-v or --reference-i");
        }
        boolean sim = SIM.equals(device.strip());
        if (!sim) {
            for (String simOnly : new String[] {"--seed", "--defects", "--chemistry", "--accuracy", "--noise-seed"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(simOnly)) {
                    throw new BadInputException(simOnly + " describes simulated channels; it means nothing with --device "
                            + device);
                }
            }
        }
        if (channel < 1) {
            throw new BadInputException("--channel " + channel + " (expected a channel number from 1)");
        }
        List<ChannelCalibrator.Reference> v = new ArrayList<>();
        for (String text : referenceV) {
            v.add(ReferenceOption.voltage(text));
        }
        List<ChannelCalibrator.Reference> i = new ArrayList<>();
        for (String text : referenceI) {
            i.add(ReferenceOption.current(text));
        }
        ChannelCalibrator.Procedure procedure;
        try {
            procedure = new ChannelCalibrator.Procedure(DurationOption.parse("--settle", settle), samples,
                    ChannelCalibrator.DEFAULT_INTERVAL, currentLimitA);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--settle, --samples, --current-limit: " + e.getMessage(), e);
        }
        String when = date != null ? date : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String who = by != null ? by.strip() : System.getProperty("user.name", "");
        checkText("--date", when);
        checkText("--by", who);
        checkText("--reference", reference);
        if (who.isEmpty()) {
            throw new BadInputException("--by: who calibrated the channel must be named");
        }
        if (!CalibrationFile.isDate(when)) {
            throw new BadInputException("--date '" + when + "' (expected an ISO-8601 date or time, e.g. 2026-03-01 or "
                    + "2026-03-01T10:00:00Z)");
        }
        Path file = calibrationFile(sim);
        Calibration earlier = readEarlier(file);
        RunClock clock = sim ? RunClock.virtual() : RunClock.real(1);
        Cycler cycler = sim ? simulated(clock) : connected();
        String serial = cycler.identity().serial();
        if (earlier != null && !earlier.serial().isEmpty() && !earlier.serial().equals(serial)) {
            cycler.close();
            throw new BadInputException(file + ": calibrates serial '" + earlier.serial() + "', but the device is '"
                    + serial + "' (give this unit its own --calibration)");
        }
        ChannelCalibrator.Result result;
        try {
            Calibration.Channel before = earlier == null ? null : earlier.channel(channel);
            result = new ChannelCalibrator(cycler, clock, procedure).calibrate(channel, v, i,
                    before == null ? ChannelCalibration.IDENTITY : before.calibration());
        } finally {
            cycler.close();
        }
        Calibration base = earlier != null ? earlier : Calibration.empty(device.strip(), serial);
        CalibrationFile.write(file, base.with(new Calibration.Channel(channel, result.calibration(), when, who,
                reference.strip())));
        ChannelCalibration c = result.calibration();
        out.printf(Locale.ROOT, "channel %d of %s: voltage gain %.6f offset %+.3f mV, current gain %.6f offset %+.3f mA "
                        + "(%d V point(s), %d I point(s)) -> %s%n", channel, device.strip(), c.voltageGain(),
                c.voltageOffsetV() * 1e3, c.currentGain(), c.currentOffsetA() * 1e3, result.voltagePoints().size(),
                result.currentPoints().size(), file);
        out.flush();
        return 0;
    }

    private Path calibrationFile(boolean sim) throws BadInputException {
        if (calibrationFile != null) {
            return calibrationFile;
        }
        if (sim || device.contains(":")) {
            throw new BadInputException("--calibration FILE: needed for --device " + device.strip()
                    + " (only a device named in the devices file has a default, calibration/NAME.yaml beside it)");
        }
        Devices.resolve(device, devicesFile);
        return CalibrationFile.besideDevices(devicesFile != null ? devicesFile : Path.of(Devices.DEFAULT_FILE),
                device.strip());
    }

    /** The file as it stands, or null when there is none yet; a broken one is refused, never overwritten. */
    private static Calibration readEarlier(Path file) throws RecipeException {
        return Files.exists(file) ? CalibrationFile.read(file) : null;
    }

    /** Simulated channels 1..{@code --channel}, as {@code cycler run --sim} makes them with the same options. */
    private Cycler simulated(RunClock clock) throws BadInputException {
        lot.check();
        AccuracyClass accuracy;
        try {
            accuracy = lot.accuracyClass();
        } catch (RecipeException e) {
            throw new BadInputException("--accuracy: " + e.getMessage(), e);
        }
        Chemistry chemistry = lot.chemistry != null ? lot.chemistry : Chemistry.NMC;
        return new SimulatedCycler(clock.ticker(), CellLot.generate(chemistry, chemistry.referenceCapacityAh(), channel,
                lot.seed, lot.defectShare), SimulationSpec.DEFAULT_AMBIENT_C, SimulatedCycler.DEFAULT_SERIAL,
                new SimulatedInstrument(accuracy, channel, lot.seed, lot.noiseSeed()));
    }

    private Cycler connected() throws BadInputException, IOException {
        String address = Devices.resolve(device, devicesFile);
        var owner = DeviceClaim.holder(address);
        if (owner.isPresent()) {
            throw new BadInputException("--device " + device + ": " + address + " is owned by " + owner.get()
                    + "; stop its jobs before calibrating it");
        }
        return Devices.connect(address);
    }

    private static void checkText(String option, String text) throws BadInputException {
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new BadInputException(option + ": control characters are not allowed (expected one line of text)");
        }
    }
}
