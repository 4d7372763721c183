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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.cycler.core.store.BdfColumns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short charge and capacity discharge over Modbus TCP: {@code cycler emulate --protocol modbus}
 * and {@code cycler run --device modbus:...} as processes, graded cell by cell against
 * {@code cycler run --sim} on the same seed. {@value #SPEED}x real time with a one-second tick keeps
 * the simulated hours to well under a minute of wall time. Both ends are CC-CV, so the device turns
 * each step's corner itself and the scheduler only ends a step at a tenth of C: a tick that a loaded
 * machine delays then costs a few mAh, not the whole step's current times the delay. The simulator
 * run goes first so the two do not compete for the cores, and the emulator starts after it, so its
 * cells have not aged while they wait.
 */
class ModbusRunIT {

    static final String SPEED = "240";
    static final String TICK = "1s";
    static final String CHANNELS = "4";
    static final String CAPACITY_STEP = "3";
    static final String RECIPE = """
            recipe: Modbus capacity check
            cell: {nominal_capacity: 5.0 Ah, chemistry: NMC}
            safety: {voltage: [2.4 V, 4.25 V], current: 10 A, temperature: [-10 degC, 60 degC]}
            logging: {period: 10 s}
            steps:
              - Charge at 1C until 4.2 V then hold until C/10
              - Rest for 5 minutes
              - step: Discharge at 1C until 2.75 V then hold until C/10
                measure: capacity
            """;
    static final Duration RUN_LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path temp;

    @Test
    void aRunOverModbusGradesWithinATenthOfAPercentOfTheSimulator() throws Exception {
        Path recipe = temp.resolve("capacity.yaml");
        Files.writeString(recipe, RECIPE);
        Path simDir = temp.resolve("sim");
        Path devDir = temp.resolve("modbus");
        CyclerProcess.Result sim = CyclerProcess.run(temp, RUN_LIMIT, "run", "--accuracy", "ideal", recipe.toString(), "--sim", CHANNELS,
                "--tick", TICK, "--plain", "--run-dir", simDir.toString());
        CyclerProcess device = CyclerProcess.start(temp, "emulate", "--accuracy", "ideal", "--protocol", "modbus", "--channels", CHANNELS,
                "--tcp", "0", "--recipe", recipe.toString(), "--speed", SPEED);
        try {
            String address = device.awaitOutput("^tcp: (modbus:tcp:\\S+)$", Duration.ofSeconds(30));
            CyclerProcess.Result overModbus = CyclerProcess.run(temp, RUN_LIMIT, "run", recipe.toString(), "--device",
                    address, "--speed", SPEED, "--tick", TICK, "--plain", "--run-dir", devDir.toString());
            assertEquals(0, sim.exit(), sim.err());
            assertEquals(0, overModbus.exit(), overModbus.out() + overModbus.err());
            assertTrue(overModbus.out().contains(CHANNELS + " channels: " + CHANNELS + " done"), overModbus.out());
            assertTrue(Files.readString(devDir.resolve("run.json")).contains("MB-CABINET"));
            Map<Integer, Double> expected = capacities(simDir);
            Map<Integer, Double> measured = capacities(devDir);
            double worst = 0;
            for (Map.Entry<Integer, Double> cell : expected.entrySet()) {
                assertTrue(cell.getValue() > 4.0, "a full discharge: " + expected);
                assertEquals(cell.getValue(), measured.get(cell.getKey()), cell.getValue() * 0.001,
                        "channel " + cell.getKey() + ": simulator " + expected + ", Modbus " + measured);
                worst = Math.max(worst, Math.abs(measured.get(cell.getKey()) / cell.getValue() - 1));
            }
            System.out.printf(Locale.ROOT, "modbus: graded capacities within %.4f %% of --sim%n", worst * 100);
        } finally {
            device.destroy();
        }
    }

    @Test
    void aBadRegisterMapIsOneLineNamingItsLineWithExitCode2() throws Exception {
        Path profile = temp.resolve("bad.yaml");
        Files.writeString(profile, Files.readString(CyclerProcess.ROOT.resolve("protocols/modbus-cabinet.yaml"))
                .replace("current:    {offset: 2, type: int32", "current:    {offset: 2, type: int24"));
        Path recipe = temp.resolve("capacity.yaml");
        Files.writeString(recipe, RECIPE);
        String[][] cases = {
            {"run", recipe.toString(), "--device", "modbus:tcp:127.0.0.1:1502?profile=" + profile},
            {"emulate", "--protocol", "modbus", "--channels", "4", "--tcp", "0", "--profile", profile.toString()},
            {"run", recipe.toString(), "--device", "modbus:tcp:127.0.0.1:1502"},
            {"emulate", "--protocol", "canbus", "--channels", "4", "--tcp", "0"},
        };
        for (String[] args : cases) {
            CyclerProcess.Result result = CyclerProcess.run(temp, Duration.ofSeconds(30), args);
            String what = String.join(" ", args);
            assertEquals(2, result.exit(), what + ": " + result.out() + result.err());
            assertEquals(1, result.err().strip().split("\n").length, what + ": " + result.err());
            assertFalse(result.err().contains("Exception"), what + ": " + result.err());
        }
        CyclerProcess.Result bad = CyclerProcess.run(temp, Duration.ofSeconds(30), cases[0]);
        assertTrue(bad.err().contains(profile + ":13:"), bad.err());
        assertTrue(bad.err().contains("unknown type 'int24'"), bad.err());
    }

    private static Map<Integer, Double> capacities(Path runDir) throws IOException {
        Map<Integer, Double> capacity = new TreeMap<>();
        for (int ch = 1; ch <= Integer.parseInt(CHANNELS); ch++) {
            try (Reader in = Files.newBufferedReader(runDir.resolve("data").resolve(BdfColumns.fileName(ch)), StandardCharsets.UTF_8)) {
                capacity.put(ch, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).stream()
                        .filter((CSVRecord r) -> r.get(BdfColumns.STEP_ID).equals(CAPACITY_STEP))
                        .mapToDouble(r -> Double.parseDouble(r.get(BdfColumns.STEP_DISCHARGING_CAPACITY))).max().orElse(Double.NaN));
            }
        }
        return capacity;
    }
}
