package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.cycler.core.store.BdfColumns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a user runs it: the shaded jar in a process of its own, on the shipped
 * recipes, checked through its files only.
 */
class FormationRunIT {

    @TempDir
    static Path temp;
    private static Path nmcRun;
    private static JarProcess.Result nmcResult;

    static JarProcess.Result cycler(String... args) throws IOException, InterruptedException {
        return JarProcess.run(temp, args);
    }

    @BeforeAll
    static void runNmcFormation() throws Exception {
        nmcRun = temp.resolve("nmc");
        nmcResult = cycler("run", "--accuracy", "ideal", "protocols/nmc-formation.yaml", "--sim", "32", "--speed", "max",
                "--run-dir", nmcRun.toString());
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    @Test
    void nmcFormationFinishesWithOneBdfFilePerCell() throws Exception {
        assertEquals(0, nmcResult.exit(), nmcResult.err());
        assertTrue(nmcResult.out().contains("32 channels"), nmcResult.out());
        List<Path> files;
        try (Stream<Path> list = Files.list(nmcRun.resolve("data"))) {
            files = list.sorted().toList();
        }
        assertEquals(32, files.size());
        for (Path file : files) {
            String header = Files.newBufferedReader(file).readLine();
            assertEquals(String.join(",", BdfColumns.ALL), header, file.toString());
        }
        assertTrue(Files.isRegularFile(nmcRun.resolve("run.json")));
        assertTrue(Files.isRegularFile(nmcRun.resolve("journal.log")));
        assertEquals(-1, Files.mismatch(JarProcess.ROOT.resolve("protocols/nmc-formation.yaml"), nmcRun.resolve("recipe.yaml")));
    }

    @Test
    void measuredCapacityMatchesEachSimulatedCell() throws Exception {
        Map<String, Double> truth = new HashMap<>();
        Map<String, String> defect = new HashMap<>();
        for (CSVRecord cell : csv(nmcRun.resolve("sim-cells.csv"))) {
            truth.put(cell.get("Channel"), Double.parseDouble(cell.get("Capacity / Ah")));
            defect.put(cell.get("Channel"), cell.get("Defect"));
        }
        int checked = 0;
        for (Map.Entry<String, Double> cell : truth.entrySet()) {
            if (!defect.get(cell.getKey()).equals("NONE") && !defect.get(cell.getKey()).equals("LOW_CAPACITY")) {
                continue;
            }
            Path file = nmcRun.resolve("data").resolve(BdfColumns.fileName(Integer.parseInt(cell.getKey())));
            // the `measure: capacity` step is step 9 of nmc-formation.yaml
            double capacity = csv(file).stream().filter(r -> r.get(BdfColumns.STEP_ID).equals("9"))
                    .mapToDouble(r -> Double.parseDouble(r.get(BdfColumns.STEP_DISCHARGING_CAPACITY))).max().orElseThrow();
            assertEquals(cell.getValue(), capacity, cell.getValue() * 0.005, "channel " + cell.getKey());
            checked++;
        }
        assertTrue(checked >= 28, "most cells are checked: " + checked);
    }

    @Test
    void firstCycleEfficiencyIsBelowLaterCycles() throws Exception {
        Map<String, Map<Integer, Double>> ce = new HashMap<>();
        for (CSVRecord row : csv(nmcRun.resolve("cycles.csv"))) {
            String value = row.get("Coulombic Efficiency / 1");
            if (!value.isEmpty()) {
                ce.computeIfAbsent(row.get("Channel"), k -> new HashMap<>())
                        .put(Integer.parseInt(row.get("Cycle Count / 1")), Double.parseDouble(value));
            }
        }
        assertEquals(32, ce.size());
        for (Map.Entry<String, Map<Integer, Double>> channel : ce.entrySet()) {
            double first = channel.getValue().get(1);
            double second = channel.getValue().get(2);
            assertTrue(first < 0.95 && second > 0.98 && first < second,
                    "channel " + channel.getKey() + ": first " + first + ", second " + second);
        }
    }

    @Test
    void lfpFormationRunsToTheEnd() throws Exception {
        Path run = temp.resolve("lfp");
        JarProcess.Result result = cycler("run", "--accuracy", "ideal", "protocols/lfp-formation.yaml", "--sim", "4", "--speed", "max",
                "--run-dir", run.toString(), "--defects", "0");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().contains("4 done"), result.out());
    }

    @Test
    void aBrokenRecipeGetsOneLineWithLineAndColumnAndExitCode2() throws Exception {
        Path broken = temp.resolve("broken.yaml");
        Files.writeString(broken, """
                recipe: broken
                cell: {nominal_capacity: 5 Ah}
                steps:
                  - Rest for 1 hour
                  - Charge at 1 parsec until 4.2 V
                """);
        for (String command : List.of("validate", "run")) {
            JarProcess.Result result = command.equals("run")
                    ? cycler("run", broken.toString(), "--sim", "1")
                    : cycler("validate", broken.toString());
            assertEquals(2, result.exit(), command);
            String[] lines = result.err().strip().split("\n");
            assertEquals(1, lines.length, result.err());
            assertTrue(lines[0].startsWith(broken + ":5:"), lines[0]);
            assertFalse(result.err().contains("Exception"), result.err());
        }
    }

    @Test
    void validatePrintsASummaryWithAnEstimate() throws Exception {
        JarProcess.Result result = cycler("validate", "protocols/nmc-formation.yaml");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().contains("estimated duration on a nominal NMC 5.00 Ah cell"), result.out());
    }
}
