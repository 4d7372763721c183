package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device run whose controller is killed with kill -9 mid-charge, continued with {@code cycler
 * resume} on the same emulator, against an uninterrupted run on a second emulator of the same seed;
 * and a channel switched off behind a run's back. Four channels at {@value #SPEED}x, a one-second
 * tick: a 1C charge takes about 20 s of wall time, so the kill, the 10 s the host watchdog waits and
 * the resume all fall inside it.
 */
class DeviceResumeIT {

    static final String SPEED = "200";
    static final String TICK = "1s";
    static final int CHANNELS = 4;
    static final Duration LIMIT = Duration.ofMinutes(3);
    static final Duration START = Duration.ofSeconds(30);
    /** Step ID of the graded discharge in {@link #RECIPE}. */
    static final String CAPACITY_STEP = "3";
    static final double LOGGING_PERIOD_S = 10;
    static final double ONE_C_A = 5.0;
    static final String RECIPE = """
            recipe: charge, rest, graded discharge
            cell: {nominal_capacity: 5.0 Ah, chemistry: NMC}
            safety: {voltage: [2.4 V, 4.25 V], current: 10 A, temperature: [-10 degC, 60 degC], charge_capacity: 7 Ah}
            logging: {period: 10 s, delta_voltage: 5 mV, delta_current: 50 mA}
            steps:
              - Charge at 1C until 4.2 V then hold until C/10
              - Rest for 10 minutes
              - step: Discharge at 1C until 2.75 V
                measure: capacity
            """;

    @TempDir
    static Path temp;

    private static String emulate(CyclerProcess device) throws Exception {
        return device.awaitOutput("^tcp: tcp:127\\.0\\.0\\.1:(\\d+)$", START);
    }

    private static CyclerProcess run(Path recipe, String port, Path dir) throws IOException {
        return CyclerProcess.start(temp, "run", recipe.toString(), "--device", "tcp:127.0.0.1:" + port, "--speed", SPEED,
                "--tick", TICK, "--plain", "--run-dir", dir.toString());
    }

    /** One line to the emulator over a connection of its own, like another program on the device; its reply. */
    static String send(String port, String line) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(port))) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (!line.contains("?")) {
                return "";
            }
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** The earliest of the channels' last rows; -Infinity until the run has its run.json and rows. */
    private static double minLastRow(Path dir) throws Exception {
        if (!Files.exists(dir.resolve("run.json"))) {
            return Double.NEGATIVE_INFINITY;
        }
        RunReader reader = new RunReader(RunDirectory.open(dir));
        double reached = Double.POSITIVE_INFINITY;
        for (int ch = 1; ch <= CHANNELS; ch++) {
            reached = Math.min(reached, reader.lastRowTime(ch));
        }
        return reached;
    }

    private static void awaitData(CyclerProcess run, Path dir, double testTimeS) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (minLastRow(dir) < testTimeS) {
            assertTrue(run.isAlive() && System.nanoTime() < deadline, "the run reached " + minLastRow(dir) + " s");
            Thread.sleep(50);
        }
    }

    @Test
    void aDeviceRunKilledMidChargeResumesToTheUninterruptedRunsCapacities() throws Exception {
        Path recipe = Files.writeString(temp.resolve("resume.yaml"), RECIPE);
        CyclerProcess deviceA = CyclerProcess.start(temp, "emulate", "--channels", "4", "--tcp", "0", "--speed", SPEED);
        CyclerProcess deviceB = CyclerProcess.start(temp, "emulate", "--channels", "4", "--tcp", "0", "--speed", SPEED);
        try {
            String portA = emulate(deviceA);
            String portB = emulate(deviceB);
            Path whole = temp.resolve("whole");
            Path killed = temp.resolve("killed");
            CyclerProcess reference = run(recipe, portA, whole);
            CyclerProcess crashing = run(recipe, portB, killed);
            awaitData(crashing, killed, 900);
            crashing.kill();
            double lastBefore = minLastRow(killed);

            // While the controller is down the device's host watchdog turns every output off (10 s of wall time).
            Thread.sleep(12_000);
            assertEquals("16,16,16,16;0,0,0,0", send(portB, "STAT:QUES:COND? (@1:4);OUTP? (@1:4)"),
                    "watchdog fired, every output off");

            CyclerProcess.Result resumed = CyclerProcess.run(temp, LIMIT, "resume", killed.toString(), "--plain");
            CyclerProcess.Result uninterrupted = reference.finish(LIMIT);
            assertEquals(0, uninterrupted.exit(), uninterrupted.out() + uninterrupted.err());
            assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
            assertTrue(resumed.out().contains(CHANNELS + " channels: " + CHANNELS + " done"), resumed.out());
            assertTrue(Files.readString(killed.resolve("run.json")).contains("FINISHED"));

            Map<Integer, Double> expected = DeviceRunIT.capacities(whole, CHANNELS, CAPACITY_STEP);
            Map<Integer, Double> measured = DeviceRunIT.capacities(killed, CHANNELS, CAPACITY_STEP);
            double onePeriodAh = ONE_C_A * LOGGING_PERIOD_S / 3600;
            for (int ch = 1; ch <= CHANNELS; ch++) {
                assertEquals(expected.get(ch), measured.get(ch), onePeriodAh,
                        "channel " + ch + ": uninterrupted " + expected + ", resumed " + measured);
                List<String> rows = Files.readAllLines(killed.resolve("data").resolve(BdfColumns.fileName(ch)));
                double previous = Double.NEGATIVE_INFINITY;
                double widestGap = 0;
                for (String row : rows.subList(1, rows.size())) {
                    double t = Double.parseDouble(row.substring(0, row.indexOf(',')));
                    assertTrue(t > previous, "channel " + ch + ": rows in order, none twice, at " + t);
                    widestGap = Math.max(widestGap, t - previous);
                    previous = t;
                }
                assertTrue(widestGap >= 10 * Double.parseDouble(SPEED), "channel " + ch + ": the time the "
                        + "controller was down is a gap, no rows invented in it (widest " + widestGap + " s)");
            }
            String journal = Files.readString(killed.resolve("journal.log"));
            assertTrue(journal.contains("continued after the controller restarted"), "the journal says so");
            System.out.printf(Locale.ROOT, "killed at test time %.0f s; resumed: %s; capacities %s vs %s%n", lastBefore,
                    resumed.out().lines().filter(l -> l.startsWith("resuming")).findFirst().orElse(""), measured, expected);
        } finally {
            deviceA.destroy();
            deviceB.destroy();
        }
    }

    @Test
    void aChannelSwitchedOffBehindTheRunsBackEndsFaultWithTheReason() throws Exception {
        Path recipe = Files.writeString(temp.resolve("charge.yaml"), RECIPE.substring(0, RECIPE.indexOf("  - Rest")));
        CyclerProcess device = CyclerProcess.start(temp, "emulate", "--channels", "4", "--tcp", "0", "--speed", SPEED);
        try {
            String port = emulate(device);
            Path dir = temp.resolve("switched-off");
            CyclerProcess charging = run(recipe, port, dir);
            awaitData(charging, dir, 600);
            send(port, "OUTP OFF,(@2)");
            CyclerProcess.Result result = charging.finish(LIMIT);
            assertTrue(result.out().contains(CHANNELS + " channels: 3 done, 1 fault"), result.out());
            String faults = Files.readString(dir.resolve("faults.csv"));
            assertTrue(faults.contains("output changed") && faults.contains("output found off though commanded on"),
                    faults);
            List<String> journal = Files.readAllLines(dir.resolve("journal.log"));
            assertTrue(journal.stream().noneMatch(l -> l.contains("\"channel\":2") && l.contains("\"DONE\"")),
                    "channel 2 never ends DONE");
        } finally {
            device.destroy();
        }
    }
}
