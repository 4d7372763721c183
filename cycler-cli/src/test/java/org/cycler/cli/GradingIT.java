package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cycler.reports.export.RunExport;
import org.cycler.core.grading.GradesFile;
import org.cycler.core.grading.MatchReport;
import org.cycler.core.json.Json;
import org.cycler.core.store.BdfColumns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Grading, bins, matching, export and plots as a user runs them: the shaded jar in a process of its
 * own on simulated lots whose true cells are known (sim-cells.csv), checked through files and
 * stdout only.
 */
class GradingIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "cycler.jar").toAbsolutePath();
    private static final ObjectMapper JSON = Json.MAPPER;

    @TempDir
    static Path temp;
    /** The default lot: 32 cells, seed 1, 5 % defects (one LOW_CAPACITY, one HIGH_SELF_DISCHARGE). */
    private static Path nmc;
    /** K-value aging on 8 cells, seed 11: one cell of each defect. */
    private static Path aged;

    record Result(int exit, String out, String err) {
    }

    static Result cycler(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "cycler " + String.join(" ", args) + " did not finish");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static Result ok(String... args) throws IOException, InterruptedException {
        Result r = cycler(args);
        assertEquals(0, r.exit(), "cycler " + String.join(" ", args) + ": " + r.err());
        return r;
    }

    @BeforeAll
    static void runAndGrade() throws Exception {
        nmc = temp.resolve("nmc");
        ok("run", "--accuracy", "ideal", "protocols/nmc-formation.yaml", "--sim", "32", "--speed", "max", "--run-dir", nmc.toString());
        ok("grade", nmc.toString(), "--spec", "protocols/nmc-grading.yaml");
        aged = temp.resolve("aged");
        ok("run", "--accuracy", "ideal", "protocols/nmc-k-aging.yaml", "--sim", "8", "--seed", "11", "--defects", "0.375", "--speed", "max",
                "--run-dir", aged.toString());
        ok("grade", aged.toString(), "--spec", "protocols/nmc-grading.yaml");
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return csv(in);
        }
    }

    private static List<CSVRecord> csv(Reader in) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
    }

    private static List<String> header(String text) throws IOException {
        try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().get().parse(new java.io.StringReader(text))) {
            return p.getHeaderNames();
        }
    }

    private static Map<String, CSVRecord> byChannel(List<CSVRecord> rows) {
        Map<String, CSVRecord> out = new HashMap<>();
        rows.forEach(r -> out.put(r.get("Channel"), r));
        return out;
    }

    @Test
    void gradedFiguresMatchTheSimulatedCellsAndDefectsAreRejected() throws Exception {
        Map<String, CSVRecord> truth = byChannel(csv(nmc.resolve("sim-cells.csv")));
        List<CSVRecord> grades = csv(nmc.resolve("grades.csv"));
        assertEquals(32, grades.size());
        int lowCapacity = 0;
        for (CSVRecord g : grades) {
            CSVRecord cell = truth.get(g.get("Channel"));
            String defect = cell.get("Defect");
            double capacity = Double.parseDouble(g.get("Capacity / Ah"));
            double trueCapacity = Double.parseDouble(cell.get("Capacity / Ah"));
            double dcir = Double.parseDouble(g.get("DCIR / mOhm"));
            double r0 = 1000 * Double.parseDouble(cell.get("R0 / Ohm"));
            String where = "channel " + g.get("Channel") + " (" + defect + ")";
            assertEquals(trueCapacity, capacity, 0.005 * trueCapacity, where);
            if (!defect.equals("HIGH_RESISTANCE")) {
                assertEquals(r0, dcir, 0.03 * r0, where);
            }
            switch (defect) {
                case "NONE" -> assertFalse(g.get("Bin").equals("REJECT"), where + ": " + g.get("Reason"));
                case "LOW_CAPACITY" -> {
                    lowCapacity++;
                    assertEquals("REJECT", g.get("Bin"), where);
                    assertEquals("low capacity", g.get("Reason"), where);
                }
                default -> {
                }
            }
            assertTrue(g.get("K / mV/day").isEmpty(), "one OCV point gives no K: " + where);
        }
        assertEquals(1, lowCapacity);
    }

    @Test
    void kValueAgingRejectsEachDefectForItsOwnReason() throws Exception {
        Map<String, CSVRecord> truth = byChannel(csv(aged.resolve("sim-cells.csv")));
        Map<String, String> expected = Map.of("LOW_CAPACITY", "low capacity", "HIGH_RESISTANCE", "high DCIR",
                "HIGH_SELF_DISCHARGE", "high self-discharge");
        Set<String> seen = new HashSet<>();
        for (CSVRecord g : csv(aged.resolve("grades.csv"))) {
            String defect = truth.get(g.get("Channel")).get("Defect");
            double k = Double.parseDouble(g.get("K / mV/day"));
            if (defect.equals("NONE")) {
                assertFalse(g.get("Bin").equals("REJECT"), g.toString());
                assertTrue(k > 0 && k < 0.3, "K of a good cell: " + k);
            } else {
                assertEquals("REJECT", g.get("Bin"), defect);
                assertEquals(expected.get(defect), g.get("Reason"), defect);
                seen.add(defect);
            }
        }
        assertEquals(expected.keySet(), seen);
    }

    @Test
    void regradingWithAnotherSpecNeedsNoRetestAndABadSpecIsOneLine() throws Exception {
        Path strict = temp.resolve("strict.yaml");
        Files.writeString(strict, """
                grading: strict
                reject:
                  - {if: "capacity < 5.0 Ah", reason: below 5 Ah}
                bins:
                  - {name: TOP}
                """);
        Path copy = temp.resolve("regrade");
        ok("run", "--accuracy", "ideal", "protocols/nmc-formation.yaml", "--sim", "4", "--defects", "0", "--run-dir", copy.toString());
        ok("grade", copy.toString(), "--spec", "protocols/nmc-grading.yaml");
        Result again = ok("grade", copy.toString(), "--spec", strict.toString());
        assertTrue(again.out().contains("(strict)"), again.out());
        for (CSVRecord g : csv(copy.resolve("grades.csv"))) {
            double capacity = Double.parseDouble(g.get("Capacity / Ah"));
            assertEquals(capacity < 5.0 ? "REJECT" : "TOP", g.get("Bin"));
        }
        Files.writeString(strict, "grading: bad\nbins:\n  - {name: A, capacity: [4.9, 5.2 Ah]}\n");
        Result bad = cycler("grade", copy.toString(), "--spec", strict.toString());
        assertEquals(2, bad.exit());
        assertEquals(strict + ":3:29: missing unit after '4.9' (expected Ah, mAh)", bad.err().strip());
    }

    @Test
    void binsPrintEveryGradedCellOnceAsCsvAndJson() throws Exception {
        List<CSVRecord> grades = csv(nmc.resolve("grades.csv"));
        Set<String> graded = new HashSet<>();
        grades.forEach(g -> graded.add(g.get("Barcode")));
        Result csvOut = ok("bins", nmc.toString(), "--format", "csv");
        assertEquals(GradesFile.COLUMNS, header(csvOut.out()));
        List<String> barcodes = csv(new java.io.StringReader(csvOut.out())).stream().map(r -> r.get("Barcode")).toList();
        assertEquals(graded.size(), barcodes.size());
        assertEquals(graded, new HashSet<>(barcodes));
        JsonNode json = JSON.readTree(ok("bins", nmc.toString(), "--format", "json").out());
        assertEquals(32, json.size());
        Set<String> jsonBarcodes = new HashSet<>();
        json.forEach(c -> jsonBarcodes.add(c.get("barcode").asText()));
        assertEquals(graded, jsonBarcodes);
        JsonNode a = JSON.readTree(ok("bins", nmc.toString(), "--bin", "A", "--format", "json").out());
        a.forEach(c -> assertEquals("A", c.get("bin").asText()));
        assertEquals(grades.stream().filter(g -> g.get("Bin").equals("A")).count(), a.size());
    }

    @Test
    void matchCoversEveryGradedCellOnceAndBeatsSortedChunking() throws Exception {
        JsonNode plan = JSON.readTree(ok("match", nmc.toString(), "--series", "4", "--parallel", "2", "--format", "json")
                .out());
        List<String> all = new ArrayList<>();
        for (JsonNode pack : plan.get("packs")) {
            assertEquals(4, pack.get("groups").size());
            for (JsonNode group : pack.get("groups")) {
                assertEquals(2, group.get("cells").size());
                group.get("cells").forEach(c -> all.add(c.get("barcode").asText()));
            }
        }
        plan.get("left_over").forEach(c -> all.add(c.get("barcode").asText()));
        plan.get("unmatched").forEach(c -> all.add(c.get("barcode").asText()));
        assertEquals(32, all.size());
        assertEquals(32, new HashSet<>(all).size());
        JsonNode worst = plan.get("worst");
        JsonNode naive = plan.get("baseline").get("worst");
        for (String figure : List.of("series_spread_ah", "dcir_spread_mohm", "ocv_spread_mv")) {
            assertTrue(worst.get(figure).asDouble() < naive.get(figure).asDouble(), figure + ": " + plan);
        }
        Result csvOut = ok("match", nmc.toString(), "--series", "4", "--parallel", "2", "--format", "csv");
        assertEquals(MatchReport.CSV_COLUMNS, header(csvOut.out()));
        assertEquals(32, csv(new java.io.StringReader(csvOut.out())).size());
    }

    @Test
    void exportedCsvReadsBackWithItsColumnsAndStepCapacitiesAddUp() throws Exception {
        Path wide = temp.resolve("export/lot.csv");
        Files.createDirectories(wide.getParent());
        ok("export", nmc.toString(), "--format", "wide-csv", "--out", wide.toString());
        assertEquals(RunExport.WIDE_COLUMNS, header(Files.readString(wide).lines().findFirst().orElseThrow() + "\n"));
        Map<String, double[]> sums = new HashMap<>();
        Map<String, String> lastStep = new HashMap<>();
        Map<String, CSVRecord> previous = new HashMap<>();
        long rows = 0;
        try (Reader in = Files.newBufferedReader(wide, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            for (CSVRecord row : parser) {
                rows++;
                String ch = row.get("Channel");
                CSVRecord before = previous.get(ch);
                if (before != null && !before.get(BdfColumns.STEP_COUNT).equals(row.get(BdfColumns.STEP_COUNT))) {
                    sums.computeIfAbsent(ch, k -> new double[2])[0] +=
                            Double.parseDouble(before.get(BdfColumns.STEP_DISCHARGING_CAPACITY));
                }
                previous.put(ch, row);
                lastStep.put(ch, row.get(BdfColumns.STEP_COUNT));
            }
        }
        assertEquals(32, previous.size());
        assertTrue(rows > 100_000, "rows: " + rows);
        for (Map.Entry<String, CSVRecord> last : previous.entrySet()) {
            double sum = sums.get(last.getKey())[0] + Double.parseDouble(last.getValue().get(BdfColumns.STEP_DISCHARGING_CAPACITY));
            double total = Double.parseDouble(last.getValue().get(BdfColumns.DISCHARGING_CAPACITY));
            assertEquals(total, sum, 1e-6, "channel " + last.getKey());
        }
        assertTrue(Files.size(temp.resolve("export/lot.cycles.csv")) > 0);
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            Process py = new ProcessBuilder("/usr/bin/python3", "-c", """
                    import csv, sys
                    with open(sys.argv[1], newline='') as f:
                        rows = list(csv.DictReader(f))
                    assert all(len(r) == 19 for r in rows)
                    print(len(rows), rows[0]['Barcode'], rows[0]['Voltage / V'])
                    """, wide.toString()).redirectErrorStream(true).start();
            String said = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(py.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, py.exitValue(), said);
            assertTrue(said.startsWith(rows + " SIM1-001 "), said);
        }
        Path dir = temp.resolve("export/bdf");
        ok("export", nmc.toString(), "--format", "bdf-csv", "--channels", "1-3,12", "--cycles", "1-2", "--out", dir.toString());
        for (String name : List.of("ch-001_SIM1-001.bdf.csv", "ch-002_SIM1-002.bdf.csv", "ch-003_SIM1-003.bdf.csv",
                "ch-012_SIM1-012.bdf.csv")) {
            List<CSVRecord> data = csv(dir.resolve(name));
            assertFalse(data.isEmpty(), name);
            data.forEach(r -> assertTrue(Set.of("1", "2").contains(r.get(BdfColumns.CYCLE_COUNT)), name));
            assertEquals(String.join(",", BdfColumns.ALL), Files.readAllLines(dir.resolve(name)).get(0));
        }
        assertEquals(8, csv(dir.resolve("cycles.csv")).size(), "4 channels x 2 cycles");
    }

    @Test
    void plotsArePngsOfTheAskedSize() throws Exception {
        for (List<String> args : List.of(List.of("--channel", "7"), List.of("--cycles"), List.of("--bins"))) {
            Path png = temp.resolve("plots/" + args.get(0).substring(2) + ".png");
            List<String> command = new ArrayList<>(List.of("plot", nmc.toString(), "--out", png.toString(), "--size",
                    "900x500"));
            command.addAll(args);
            ok(command.toArray(String[]::new));
            byte[] bytes = Files.readAllBytes(png);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                    java.util.Arrays.copyOf(bytes, 8));
            ByteBuffer ihdr = ByteBuffer.wrap(bytes, 16, 8);
            assertEquals(900, ihdr.getInt(), png.toString());
            assertEquals(500, ihdr.getInt(), png.toString());
            assertTrue(bytes.length > 10_000, png + ": " + bytes.length + " bytes");
        }
    }

    @Test
    void noTextFieldCanStartASpreadsheetFormula() throws Exception {
        Path cells = temp.resolve("evil-barcodes.csv");
        Files.writeString(cells, "channel,barcode\n1,=HYPERLINK(\"http://x\")\n2,+1-2\n3,@SUM(A1)\n4,-CELL\n5,'=1\n");
        Path run = temp.resolve("evil");
        ok("run", "--accuracy", "ideal", "protocols/nmc-formation.yaml", "--sim", "5", "--cells", cells.toString(), "--run-dir", run.toString());
        ok("grade", run.toString(), "--spec", "protocols/nmc-grading.yaml");
        Path wide = temp.resolve("evil.csv");
        ok("export", run.toString(), "--out", wide.toString());
        List<String> outputs = List.of(Files.readString(run.resolve("grades.csv")),
                ok("bins", run.toString(), "--format", "csv").out(),
                ok("match", run.toString(), "--series", "2", "--parallel", "1", "--format", "csv").out(),
                Files.readString(wide), Files.readString(temp.resolve("evil.cycles.csv")));
        for (String text : outputs) {
            for (CSVRecord row : csv(new java.io.StringReader(text))) {
                for (String column : List.of("Barcode", "Bin", "Reason", "Note", "Step Type")) {
                    if (row.isMapped(column) && !row.get(column).isEmpty()) {
                        char first = row.get(column).charAt(0);
                        assertFalse("=+-@\t\r".indexOf(first) >= 0, column + " '" + row.get(column) + "'");
                    }
                }
            }
        }
        JsonNode json = JSON.readTree(ok("bins", run.toString(), "--format", "json").out());
        assertEquals("=HYPERLINK(\"http://x\")", json.get(0).get("barcode").asText(), "JSON keeps the barcode as it is");
        Set<String> barcodes = new HashSet<>();
        json.forEach(cell -> barcodes.add(cell.get("barcode").asText()));
        assertTrue(barcodes.contains("'=1"), "a barcode that starts with the guard comes back as it was: " + barcodes);
        String matched = ok("match", run.toString(), "--series", "1", "--parallel", "1", "--format", "json").out();
        assertTrue(matched.contains("\"'=1\""), matched);
    }
}
