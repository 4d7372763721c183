package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.cycler.core.store.BdfColumns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MacNet end to end, as processes: {@code cycler emulate --protocol macnet}, a recipe run on it
 * through the MacNet driver graded against {@code cycler run --sim} on the same seed, and a MacNet
 * client the project did not build from its Java code (src/test/resources/macnet/macnet_peer_check.py,
 * Python's standard library only) speaking the public messages to the emulator.
 */
class MacNetIT {

    static final String PYTHON = "/usr/bin/python3";
    static final Path PEER = Path.of("src", "test", "resources", "macnet", "macnet_peer_check.py").toAbsolutePath();
    /** About 90 minutes of cell time in its four steps; step 4 is the graded discharge. */
    static final String RECIPE = "protocols/nmc-capacity-check.yaml";
    static final String CAPACITY_STEP = "4";
    /** Modest, so a loaded machine keeps up: the recipe takes about 40 s of wall time. */
    static final String SPEED = "120";
    static final String TICK = "1s";
    static final String CHANNELS = "6";
    static final Duration START_LIMIT = Duration.ofSeconds(30);
    static final Duration RUN_LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path temp;

    private static double[] capacities(Path runDir) throws IOException {
        double[] capacity = new double[Integer.parseInt(CHANNELS)];
        for (int ch = 1; ch <= capacity.length; ch++) {
            try (Reader in = Files.newBufferedReader(runDir.resolve("data").resolve(BdfColumns.fileName(ch)),
                    StandardCharsets.UTF_8)) {
                List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                        .parse(in).getRecords();
                capacity[ch - 1] = rows.stream().filter(r -> r.get(BdfColumns.STEP_ID).equals(CAPACITY_STEP))
                        .mapToDouble(r -> Double.parseDouble(r.get(BdfColumns.STEP_DISCHARGING_CAPACITY))).max()
                        .orElse(Double.NaN);
            }
        }
        return capacity;
    }

    @Test
    void aRecipeOverMacNetGradesWithinATenthOfAPercentOfTheSimulator() throws Exception {
        Path simDir = temp.resolve("sim");
        Path deviceDir = temp.resolve("macnet");
        CyclerProcess.Result sim = CyclerProcess.run(temp, RUN_LIMIT, "run", "--accuracy", "ideal", RECIPE, "--sim", CHANNELS, "--tick", TICK,
                "--plain", "--run-dir", simDir.toString());
        assertEquals(0, sim.exit(), sim.out() + sim.err());
        CyclerProcess device = CyclerProcess.start(temp, "emulate", "--accuracy", "ideal", "--protocol", "macnet", "--channels", CHANNELS,
                "--tcp", "0", "--speed", SPEED, "--recipe", RECIPE);
        try {
            String address = device.awaitOutput("^macnet: (macnet:127\\.0\\.0\\.1:\\d+) ", START_LIMIT);
            CyclerProcess.Result run = CyclerProcess.run(temp, RUN_LIMIT, "run", RECIPE, "--device", address,
                    "--speed", SPEED, "--tick", TICK, "--plain", "--run-dir", deviceDir.toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(run.out().contains(CHANNELS + " channels: " + CHANNELS + " done"), run.out());
            assertTrue(Files.readString(deviceDir.resolve("run.json")).contains("MacNet-EMU-" + CHANNELS));
        } finally {
            device.destroy();
        }
        double[] expected = capacities(simDir);
        double[] measured = capacities(deviceDir);
        double worst = 0;
        for (int k = 0; k < expected.length; k++) {
            assertTrue(expected[k] > 1, "channel " + (k + 1) + " was graded on the simulator: " + expected[k]);
            assertEquals(expected[k], measured[k], expected[k] * 0.001, "channel " + (k + 1));
            worst = Math.max(worst, Math.abs(measured[k] / expected[k] - 1));
        }
        System.out.printf(Locale.ROOT, "macnet: graded capacities within %.4f %% of --sim%n", worst * 100);
    }

    @Test
    void aClientWrittenFromTheMessageDescriptionsDrivesTheEmulator() throws Exception {
        assertTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is needed");
        CyclerProcess device = CyclerProcess.start(temp, "emulate", "--accuracy", "ideal", "--protocol", "macnet", "--channels", "4",
                "--tcp", "0");
        try {
            String port = device.awaitOutput("^macnet: macnet:127\\.0\\.0\\.1:(\\d+) ", START_LIMIT);
            Path out = Files.createTempFile(temp, "peer", ".txt");
            Process p = new ProcessBuilder(List.of(PYTHON, PEER.toString(), "127.0.0.1", port, "4"))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the MacNet client did not finish");
            String output = Files.readString(out);
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.strip().endsWith("ALL CHECKS PASSED"), output);
        } finally {
            device.destroy();
        }
    }

    @Test
    void macnetIsServedOverTcpOnlyAndUnknownProtocolsAndTooFastBenchesAreRefused() throws Exception {
        String[][] cases = {
            {"emulate", "--protocol", "macnet", "--channels", "2", "--pty"},
            {"emulate", "--protocol", "maccor", "--channels", "2", "--tcp", "0"},
            {"emulate", "--protocol", "macnet", "--channels", "2", "--tcp", "5"},
            {"run", RECIPE, "--device", "macnet:127.0.0.1:port"},
            {"bench", "device", "--protocol", "macnet", "--transport", "pty"},
            {"bench", "device", "--protocol", "macnet", "--period", "10ms"},
        };
        for (String[] args : cases) {
            CyclerProcess.Result result = CyclerProcess.run(temp, Duration.ofSeconds(30), args);
            String what = String.join(" ", args);
            assertEquals(2, result.exit(), what + ": " + result.out() + result.err());
            assertEquals(1, result.err().strip().split("\n").length, what + ": " + result.err());
            assertFalse(result.err().contains("Exception"), what + ": " + result.err());
        }
    }
}
