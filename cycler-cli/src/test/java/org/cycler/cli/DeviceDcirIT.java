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
import org.cycler.core.grading.CellFigures;
import org.cycler.core.grading.Figure;
import org.cycler.core.grading.RunFigures;
import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IEC 61960 DCIR pulse over the wire: the setpoints of a tick reach the SCPI device in the same
 * write as the next tick's read, which the device measures after applying them, so the pulse's
 * first row already carries the pulse current and the DCIR is the simulator's. At the default tick
 * (100 ms) the pulse's last row is 0.9 s into the pulse current on the device and 1.0 s on the
 * simulator (which applies a setpoint the instant it is decided): a thirtieth of a milliohm. The
 * speed factor is low so that a late tick on a loaded machine (50 ms of wall time is 0.25 s of
 * cell time) stays far inside the tolerance.
 */
class DeviceDcirIT {

    static final String SPEED = "5";
    static final String TICK = "100ms";
    static final int CHANNELS = 2;
    static final String BASE_STEP = "2";
    static final String PULSE_STEP = "3";
    static final double BASE_A = -1.0;
    static final double PULSE_A = -5.0;
    /** How close GradingIT holds the simulator's DCIR to the cell's R0. */
    static final double DCIR_TOLERANCE = 0.03;

    static final String RECIPE = """
            recipe: DCIR pulse
            cell:
              nominal_capacity: 5.0 Ah
              chemistry: NMC
            safety:
              voltage: [2.4 V, 4.25 V]
              current: 12 A
              temperature: [-10 degC, 60 degC]
            logging:
              period: 1 s
            steps:
              - Rest for 5 seconds
              - step: Discharge at 0.2C for 10 seconds
                measure: dcir-base
              - step: Discharge at 1C for 1 second
                measure: dcir-pulse
              - Rest for 5 seconds
            """;

    @TempDir
    Path temp;

    private static List<CSVRecord> rows(Path runDir, int ch) throws IOException {
        try (Reader in = Files.newBufferedReader(runDir.resolve("data").resolve(BdfColumns.fileName(ch)),
                StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    private static CSVRecord firstRowOf(List<CSVRecord> rows, String step) {
        return rows.stream().filter(r -> r.get(BdfColumns.STEP_ID).equals(step)).findFirst().orElseThrow();
    }

    private static double dcirOhm(Path runDir, int ch) throws Exception {
        CellFigures cell = RunFigures.read(RunDirectory.open(runDir)).get(ch - 1);
        assertTrue(cell.has(Figure.DCIR), runDir + " channel " + ch + ": " + cell.whyMissing(Figure.DCIR));
        return cell.valueOrNaN(Figure.DCIR);
    }

    @Test
    void aPulseOnTheDeviceIsMeasuredOnTheTickItStartsAndGivesTheSimulatorsDcir() throws Exception {
        Path recipe = temp.resolve("dcir.yaml");
        Files.writeString(recipe, RECIPE);
        Path simDir = temp.resolve("sim");
        Path deviceDir = temp.resolve("device");
        CyclerProcess.Result sim = CyclerProcess.run(temp, Duration.ofMinutes(1), "run", "--accuracy", "ideal",
                recipe.toString(), "--sim", String.valueOf(CHANNELS), "--tick", TICK, "--plain",
                "--run-dir", simDir.toString());
        assertEquals(0, sim.exit(), sim.out() + sim.err());
        CyclerProcess device = CyclerProcess.start(temp, "emulate", "--accuracy", "ideal", "--channels",
                String.valueOf(CHANNELS), "--tcp", "0", "--speed", SPEED);
        try {
            String port = device.awaitOutput("^tcp: tcp:127\\.0\\.0\\.1:(\\d+)$", Duration.ofSeconds(30));
            CyclerProcess.Result run = CyclerProcess.run(temp, Duration.ofMinutes(1), "run", recipe.toString(),
                    "--device", "tcp:127.0.0.1:" + port, "--speed", SPEED, "--tick", TICK, "--plain",
                    "--run-dir", deviceDir.toString());
            assertEquals(0, run.exit(), run.out() + run.err());
        } finally {
            device.destroy();
        }
        for (int ch = 1; ch <= CHANNELS; ch++) {
            for (Path dir : new Path[] {simDir, deviceDir}) {
                List<CSVRecord> rows = rows(dir, ch);
                String where = dir.getFileName() + " channel " + ch;
                assertEquals(BASE_A, Double.parseDouble(firstRowOf(rows, BASE_STEP).get(BdfColumns.CURRENT)), 1e-3, where);
                CSVRecord pulse = firstRowOf(rows, PULSE_STEP);
                assertEquals(PULSE_A, Double.parseDouble(pulse.get(BdfColumns.CURRENT)), 1e-3,
                        where + ": the pulse's first row, at step time " + pulse.get(BdfColumns.STEP_TIME));
            }
            double expected = dcirOhm(simDir, ch);
            double measured = dcirOhm(deviceDir, ch);
            assertEquals(expected, measured, DCIR_TOLERANCE * expected, "channel " + ch);
            System.out.printf(Locale.ROOT, "channel %d: DCIR %.3f mOhm on --sim, %.3f mOhm on the device%n", ch,
                    expected * 1e3, measured * 1e3);
        }
    }
}
