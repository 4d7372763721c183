package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.cycler.core.store.BdfColumns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped 90-minute capacity check on {@code cycler emulate --protocol smu} (one instrument per channel) through
 * {@code cycler run --device smu:...}, as processes, graded against {@code cycler run --sim} on the
 * same seed: every cell's measured capacity within 0.1 %. The speed factor is modest, and the
 * graded discharge ends on a current under a voltage hold rather than on a voltage, so that a
 * loaded machine's late tick does not become the measurement.
 */
class SmuDeviceRunIT {

    static final String SPEED = "200";
    static final String TICK = "1s";
    static final int CHANNELS = 4;
    static final String CAPACITY_STEP = "4";
    /** Both CC-CV steps end on C/20, so a tick more or less at an end moves the capacity by little. */
    static final String RECIPE = "protocols/nmc-capacity-check.yaml";

    @TempDir
    Path temp;

    private static double capacity(Path runDir, int ch) throws IOException {
        try (Reader in = Files.newBufferedReader(runDir.resolve("data").resolve(BdfColumns.fileName(ch)),
                StandardCharsets.UTF_8)) {
            List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(in).getRecords();
            return rows.stream().filter(r -> r.get(BdfColumns.STEP_ID).equals(CAPACITY_STEP))
                    .mapToDouble(r -> Double.parseDouble(r.get(BdfColumns.STEP_DISCHARGING_CAPACITY))).max()
                    .orElse(Double.NaN);
        }
    }

    @Test
    void aRunOnTheSmuRackGradesAsTheSimulatorDoes() throws Exception {
        Path recipe = CyclerProcess.ROOT.resolve(RECIPE);
        Path simDir = temp.resolve("sim");
        Path smuDir = temp.resolve("smu");
        CyclerProcess.Result sim = CyclerProcess.run(temp, Duration.ofMinutes(2), "run", "--accuracy", "ideal", recipe.toString(), "--sim",
                String.valueOf(CHANNELS), "--tick", TICK, "--plain", "--run-dir", simDir.toString());
        assertEquals(0, sim.exit(), sim.err());
        CyclerProcess rack = CyclerProcess.start(temp, "emulate", "--accuracy", "ideal", "--protocol", "smu", "--channels",
                String.valueOf(CHANNELS), "--recipe", recipe.toString(), "--tcp", "0", "--speed", SPEED);
        try {
            String address = rack.awaitOutput("^tcp: (smu:\\S+)$", Duration.ofSeconds(30));
            assertEquals(CHANNELS, address.split(",").length, address);
            CyclerProcess.Result run = CyclerProcess.run(temp, Duration.ofMinutes(2), "run", recipe.toString(),
                    "--device", address, "--speed", SPEED, "--tick", TICK, "--plain", "--run-dir", smuDir.toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(run.out().contains(CHANNELS + " channels: " + CHANNELS + " done"), run.out());
            double worst = 0;
            for (int ch = 1; ch <= CHANNELS; ch++) {
                double expected = capacity(simDir, ch);
                double measured = capacity(smuDir, ch);
                assertTrue(expected > 1.0, "channel " + ch + " discharged " + expected + " Ah on --sim");
                assertEquals(expected, measured, expected * 0.001, "channel " + ch);
                worst = Math.max(worst, Math.abs(measured / expected - 1));
            }
            System.out.printf(Locale.ROOT, "smu: graded capacities within %.4f %% of --sim%n", worst * 100);
        } finally {
            rack.destroy();
        }
    }
}
