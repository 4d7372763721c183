package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cycler.core.store.BdfColumns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A station with one emulated SCPI device, killed with kill -9 while its job charges, started again
 * with the same config: the device's host watchdog turned the outputs off meanwhile, and the job
 * goes on from its journal to the graded capacities of an uninterrupted run on a second emulator of
 * the same seed. Two channels of the shipped capacity check at {@value DeviceResumeIT#SPEED}x with a
 * one-second tick: about 30 s of wall time per run, plus the watchdog's 10 s.
 */
class StationDeviceRestartIT {

    static final int CHANNELS = 2;
    static final Duration LIMIT = Duration.ofMinutes(3);
    static final String OPERATOR = "operator-0123456789abcdef";
    /** Test time, seconds, that every channel's data reaches before the kill: in the 2C charge (step 2). */
    static final double KILL_AT_S = 400;
    /** One logging period (10 s) of the recipe's 2C charge current, Ah. */
    static final double ONE_PERIOD_AH = 10.0 * 10 / 3600;

    @TempDir
    Path temp;

    private static String emulate(CyclerProcess device) throws Exception {
        return device.awaitOutput("^tcp: tcp:127\\.0\\.0\\.1:(\\d+)$", DeviceResumeIT.START);
    }

    private CyclerProcess.Result client(String... args) throws Exception {
        return CyclerProcess.start(temp, Map.of("CYCLER_TOKEN", OPERATOR), args).finish(LIMIT);
    }

    private static double minLastRow(Path dir) throws Exception {
        double reached = Double.POSITIVE_INFINITY;
        for (int ch = 1; ch <= CHANNELS; ch++) {
            Path data = dir.resolve("data").resolve(BdfColumns.fileName(ch));
            List<String> rows = Files.exists(data) ? Files.readAllLines(data) : List.of();
            String last = rows.size() < 2 ? "" : rows.get(rows.size() - 1);
            reached = Math.min(reached, last.indexOf(',') < 0 ? Double.NEGATIVE_INFINITY
                    : Double.parseDouble(last.substring(0, last.indexOf(','))));
        }
        return reached;
    }

    @Test
    void aStationKilledMidChargeOnAnEmulatorContinuesItsJobToTheUninterruptedCapacities() throws Exception {
        String[] emulator = {"emulate", "--accuracy", "ideal", "--channels", String.valueOf(CHANNELS), "--tcp", "0",
                "--speed", DeviceResumeIT.SPEED};
        CyclerProcess deviceA = CyclerProcess.start(temp, emulator);
        CyclerProcess deviceB = CyclerProcess.start(temp, emulator);
        CyclerProcess restarted = null;
        try {
            String portA = emulate(deviceA);
            String portB = emulate(deviceB);
            Path whole = temp.resolve("whole");
            CyclerProcess reference = CyclerProcess.start(temp, "run", DeviceRunIT.RECIPE, "--device",
                    "tcp:127.0.0.1:" + portA, "--speed", DeviceResumeIT.SPEED, "--tick", DeviceResumeIT.TICK, "--plain",
                    "--run-dir", whole.toString());

            Path tokens = Files.writeString(temp.resolve("tokens.txt"), OPERATOR + " operator alice\n");
            Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
            Path config = Files.writeString(temp.resolve("station.yaml"), "data: " + temp.resolve("data")
                    + "\nhttp: {port: 0}\ntokens: " + tokens + "\ndevices:\n  - {name: cab, address: tcp:127.0.0.1:"
                    + portB + ", speed: " + DeviceResumeIT.SPEED + ", tick: 1 s}\n");
            CyclerProcess station = CyclerProcess.start(temp, "station", config.toString());
            String url = station.awaitOutput("^station ready on (http://127\\.0\\.0\\.1:\\d+)$", LIMIT);
            CyclerProcess.Result submitted = client("submit", DeviceRunIT.RECIPE, "--station", url, "--device", "cab",
                    "--channels", "1-" + CHANNELS);
            assertEquals(0, submitted.exit(), submitted.err());
            Path runDir = Path.of(submitted.out().strip().split(" ")[1]);

            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (minLastRow(runDir) < KILL_AT_S) {
                assertTrue(station.isAlive() && System.nanoTime() < deadline, "the job reached " + minLastRow(runDir) + " s");
                Thread.sleep(50);
            }
            station.kill();
            double lastBefore = minLastRow(runDir);

            // While the station is down the device's host watchdog turns every output off after 10 s of
            // wall time without a word from the host; asking earlier would be a word from the host.
            Thread.sleep(12_000);
            assertEquals("16,16;0,0", DeviceResumeIT.send(portB, "STAT:QUES:COND? (@1:2);OUTP? (@1:2)"),
                    "watchdog fired, every output off");

            restarted = CyclerProcess.start(temp, "station", config.toString());
            String again = restarted.awaitOutput("^station ready on (http://127\\.0\\.0\\.1:\\d+)$", LIMIT);
            CyclerProcess.Result waited = client("wait", "1", "--station", again);
            CyclerProcess.Result uninterrupted = reference.finish(LIMIT);
            assertEquals(0, uninterrupted.exit(), uninterrupted.out() + uninterrupted.err());
            assertEquals(0, waited.exit(), waited.out() + waited.err());
            assertEquals("job 1 DONE", waited.out().strip());

            Map<Integer, Double> expected = DeviceRunIT.capacities(whole, CHANNELS, DeviceRunIT.CAPACITY_STEP);
            Map<Integer, Double> measured = DeviceRunIT.capacities(runDir, CHANNELS, DeviceRunIT.CAPACITY_STEP);
            for (int ch = 1; ch <= CHANNELS; ch++) {
                assertEquals(expected.get(ch), measured.get(ch), ONE_PERIOD_AH,
                        "channel " + ch + ": uninterrupted " + expected + ", continued " + measured);
                List<String> rows = Files.readAllLines(runDir.resolve("data").resolve(BdfColumns.fileName(ch)));
                double previous = Double.NEGATIVE_INFINITY;
                double widestGap = 0;
                for (String row : rows.subList(1, rows.size())) {
                    double t = Double.parseDouble(row.substring(0, row.indexOf(',')));
                    assertTrue(t > previous, "channel " + ch + ": rows in order, none twice, at " + t);
                    widestGap = Math.max(widestGap, t - previous);
                    previous = t;
                }
                assertTrue(widestGap >= 10 * Double.parseDouble(DeviceResumeIT.SPEED), "channel " + ch
                        + ": the time the station was down is a gap, no rows invented in it (widest " + widestGap + " s)");
            }
            assertTrue(Files.readString(runDir.resolve("journal.log")).contains("continued after the controller restarted"),
                    "the journal says so");
            System.out.printf(Locale.ROOT, "station killed at test time %.0f s; capacities %s vs uninterrupted %s%n",
                    lastBefore, measured, expected);
        } finally {
            if (restarted != null) {
                restarted.destroy();
            }
            deviceA.destroy();
            deviceB.destroy();
        }
    }

    @Test
    void aChannelSwitchedOffBehindTheStationsBackEndsFaultWithTheReasonAndTheOtherGoesOn() throws Exception {
        CyclerProcess device = CyclerProcess.start(temp, "emulate", "--accuracy", "ideal", "--channels",
                String.valueOf(CHANNELS), "--tcp", "0", "--speed", DeviceResumeIT.SPEED);
        CyclerProcess station = null;
        try {
            String port = emulate(device);
            Path tokens = Files.writeString(temp.resolve("tokens.txt"), OPERATOR + " operator alice\n");
            Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
            Path config = Files.writeString(temp.resolve("station.yaml"), "data: " + temp.resolve("data")
                    + "\nhttp: {port: 0}\ntokens: " + tokens + "\ndevices:\n  - {name: cab, address: tcp:127.0.0.1:"
                    + port + ", speed: " + DeviceResumeIT.SPEED + ", tick: 1 s}\n");
            station = CyclerProcess.start(temp, "station", config.toString());
            String url = station.awaitOutput("^station ready on (http://127\\.0\\.0\\.1:\\d+)$", LIMIT);
            CyclerProcess.Result submitted = client("submit", DeviceRunIT.RECIPE, "--station", url, "--device", "cab",
                    "--channels", "1-" + CHANNELS);
            assertEquals(0, submitted.exit(), submitted.err());
            Path runDir = Path.of(submitted.out().strip().split(" ")[1]);
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (minLastRow(runDir) < KILL_AT_S) {
                assertTrue(System.nanoTime() < deadline, "the job reached " + minLastRow(runDir) + " s");
                Thread.sleep(50);
            }
            // another program on the device's other port turns channel 2 off in the middle of its charge
            DeviceResumeIT.send(port, "OUTP OFF,(@2)");
            CyclerProcess.Result waited = client("wait", "1", "--station", url);
            assertEquals(0, waited.exit(), "the job runs to its end on the channels left: " + waited.out() + waited.err());
            String journal = Files.readString(runDir.resolve("journal.log"));
            assertTrue(journal.lines().anyMatch(l -> l.contains("\"channel\":2") && l.contains("\"state\":\"FAULT\"")
                    && l.contains("OUTPUT_CHANGED")), "channel 2 ends FAULT because its output changed: " + journal);
            assertTrue(journal.lines().anyMatch(l -> l.contains("\"channel\":1") && l.contains("\"state\":\"DONE\"")),
                    "channel 1 runs its recipe to the end");
        } finally {
            if (station != null) {
                station.destroy();
            }
            device.destroy();
        }
    }
}
