package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.cycler.core.calibration.Calibration;
import org.cycler.core.calibration.CalibrationFile;
import org.cycler.hal.calibration.ChannelCalibration;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.SimulatedInstrument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cycler calibrate} on simulated channels, whose true errors the test knows. */
class CalibrateCommandTest {

    private static final long SEED = 5;
    private static final double LOW_V = 2.9;
    private static final double HIGH_V = 3.3;
    private static final double CC_A = 2.0;

    @TempDir
    Path dir;

    private static ChannelCalibration truth(int channel) {
        SimulatedInstrument.ChannelErrors e = SimulatedInstrument.errors(AccuracyClass.CABINET, channel, SEED)
                .get(channel - 1);
        return new ChannelCalibration(1 + e.voltageGainError(), e.voltageOffsetV(), 1 + e.currentGainError(),
                e.currentOffsetA());
    }

    private static String at(double reference, String setpoint) {
        return String.format(Locale.ROOT, "%.9f@%s", reference, setpoint);
    }

    private CommandLineTest.Outcome calibrate(Path file, int channel, String... points) {
        String[] head = {"calibrate", "--device", "sim", "--seed", String.valueOf(SEED), "--accuracy", "cabinet",
            "--channel", String.valueOf(channel), "--calibration", file.toString(), "--by", "QA bench 2",
            "--reference", "simulator truth", "--date", "2026-03-01", "--samples", "200", "--current-limit", "20"};
        String[] args = new String[head.length + points.length];
        System.arraycopy(head, 0, args, 0, head.length);
        System.arraycopy(points, 0, args, head.length, points.length);
        return CommandLineTest.execute(args);
    }

    @Test
    void calibratingSimulatedChannelsAgainstTheTruthWritesTheirErrorsAndARunAppliesThem() throws Exception {
        Path file = dir.resolve("calibration/sim.yaml");
        for (int ch = 1; ch <= 2; ch++) {
            ChannelCalibration t = truth(ch);
            CommandLineTest.Outcome done = calibrate(file, ch,
                    "--reference-v", at(t.voltage(LOW_V), LOW_V + "V"), "--reference-v", at(t.voltage(HIGH_V), HIGH_V + "V"),
                    "--reference-i", "0", "--reference-i", at(t.current(CC_A), CC_A + "A"));
            assertEquals(0, done.exit(), done.err());
            assertTrue(done.out().matches("channel " + ch + " of sim: voltage gain [01]\\.\\d{6} offset [+-]\\d\\.\\d{3} mV, "
                    + "current gain [01]\\.\\d{6} offset [+-]\\d\\.\\d{3} mA \\(2 V point\\(s\\), 2 I point\\(s\\)\\) -> "
                    + "\\S+sim.yaml\\n"), done.out());
        }
        Calibration written = CalibrationFile.read(file);
        assertEquals(2, written.channels().size());
        for (int ch = 1; ch <= 2; ch++) {
            ChannelCalibration t = truth(ch);
            Calibration.Channel c = written.channel(ch);
            assertEquals("QA bench 2", c.by());
            assertEquals("2026-03-01", c.date());
            assertEquals(t.currentGain(), c.calibration().currentGain(), 1e-4, "channel " + ch);
            assertEquals(t.currentOffsetA(), c.calibration().currentOffsetA(), 0.15e-3, "channel " + ch);
            assertEquals(t.voltage(3.7), c.calibration().voltage(3.7), 0.05e-3, "channel " + ch);
        }

        Path recipe = dir.resolve("short.yaml");
        Files.writeString(recipe, """
                recipe: short
                cell: {nominal_capacity: 5 Ah, chemistry: NMC}
                steps:
                  - Charge at 1C for 1 minute
                """);
        Path run = dir.resolve("run");
        CommandLineTest.Outcome ran = CommandLineTest.execute("run", recipe.toString(), "--sim", "2", "--seed",
                String.valueOf(SEED), "--calibration", file.toString(), "--run-dir", run.toString(), "--plain");
        assertEquals(0, ran.exit(), ran.err());
        assertTrue(ran.out().contains("calibration " + file + ": 2 channel(s) of sim corrected"), ran.out());
        String info = Files.readString(run.resolve("run.json"));
        assertTrue(info.matches("(?s).*\"calibration\" : \\{\\s*\"file\" : \"" + java.util.regex.Pattern.quote(file.toString())
                + "\",\\s*\"sha256\" : \"[0-9a-f]{64}\",\\s*\"device\" : \"sim\".*\"by\" : \"QA bench 2\".*"), info);
    }

    @Test
    void onePointAtZeroCurrentFixesTheOffsetAndKeepsTheGainAlreadyThere() throws Exception {
        Path file = dir.resolve("sim.yaml");
        ChannelCalibration t = truth(1);
        assertEquals(0, calibrate(file, 1, "--reference-i", "0", "--reference-i", at(t.current(CC_A), CC_A + "A")).exit());
        double gain = CalibrationFile.read(file).channel(1).calibration().currentGain();
        CommandLineTest.Outcome again = calibrate(file, 1, "--reference-i", "0");
        assertEquals(0, again.exit(), again.err());
        ChannelCalibration c = CalibrationFile.read(file).channel(1).calibration();
        assertEquals(gain, c.currentGain(), 1e-9, "the gain stays");
        assertEquals(t.currentOffsetA(), c.currentOffsetA(), 0.15e-3);
        assertEquals(ChannelCalibration.IDENTITY.voltageGain(), c.voltageGain(), "voltage was not calibrated");
    }

    @Test
    void badInputIsOneLineWithExitCode2AndLeavesTheFileAsItWas() throws Exception {
        Path file = dir.resolve("sim.yaml");
        assertEquals(0, calibrate(file, 1, "--reference-i", "0").exit());
        byte[] before = Files.readAllBytes(file);

        CommandLineTest.Outcome atRest = calibrate(file, 1, "--reference-i", "1.5");
        assertEquals(2, atRest.exit());
        assertTrue(atRest.err().startsWith("channel 1: current gain must be within 0.05 of 1"), atRest.err());
        assertEquals(1, atRest.err().strip().lines().count(), atRest.err());

        CommandLineTest.Outcome unit = calibrate(file, 1, "--reference-v", "3.7 Ah");
        assertEquals(2, unit.exit());
        assertEquals("--reference-v: unknown unit 'Ah' in '3.7 Ah' (expected VALUE[@SETPOINT] in V or mV, e.g. 3.70012, "
                + "3.60005V@3.6V)", unit.err().strip());

        CommandLineTest.Outcome none = calibrate(file, 1);
        assertEquals(2, none.exit());
        assertEquals("cycler calibrate: give at least one --reference-v or --reference-i", none.err().strip());

        CommandLineTest.Outcome noFile = CommandLineTest.execute("calibrate", "--device", "sim", "--channel", "1",
                "--reference-i", "0");
        assertEquals(2, noFile.exit());
        assertTrue(noFile.err().startsWith("--calibration FILE: needed for --device sim"), noFile.err());

        Files.writeString(dir.resolve("broken.yaml"), "device: x\nchannels: [1]\n");
        CommandLineTest.Outcome broken = calibrate(dir.resolve("broken.yaml"), 1, "--reference-i", "0");
        assertEquals(2, broken.exit());
        assertEquals(dir.resolve("broken.yaml") + ":2:11: 'channels' must be a map of channel numbers to calibrations, "
                + "got a list", broken.err().strip());
        assertEquals("device: x\nchannels: [1]\n", Files.readString(dir.resolve("broken.yaml")), "never overwritten");

        assertEquals(new String(before), Files.readString(file));
        try (var listing = Files.list(dir)) {
            assertFalse(listing.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }
}
