package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.cycler.bench.SimBench;
import org.cycler.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code cycler bench sim}: its passes, their medians, and what it writes. */
class BenchSimCommandTest {

    @TempDir
    Path dir;

    private static SimBench.Result pass(double endToEnd, double bare, double cpu) {
        return new SimBench.Result("ideal", 4, 1, 10, endToEnd, bare, endToEnd / bare, cpu, 2 * cpu, 0.5, 100, null);
    }

    @Test
    void eachFigureIsItsOwnMedianAcrossThePasses() {
        SimBench.Result m = SimBench.median(List.of(pass(900, 3000, 400), pass(2000, 5000, 500), pass(1500, 2000, 450)));
        assertEquals(1500, m.endToEndCellHoursPerS());
        assertEquals(3000, m.kernelCellHoursPerS());
        assertEquals(0.4, m.ratio(), 1e-12, "the passes' ratios were 0.3, 0.4 and 0.75");
        assertEquals(450, m.endToEndCellHoursPerCpuS());
    }

    @Test
    void aCountOfPassesBelowOneIsAOneLineError() {
        CommandLineTest.Outcome o = CommandLineTest.execute("bench", "sim", "--passes", "0");
        assertEquals(2, o.exit(), o.err());
        assertTrue(o.err().contains("--passes: 0 (expected at least 1)"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }

    @Test
    void everyPassIsPrintedAndWrittenBesideTheMedians() throws Exception {
        String recipe = "../protocols/nmc-capacity-check.yaml";
        Path json = dir.resolve("sim.json");
        CommandLineTest.Outcome o = CommandLineTest.execute("bench", "sim", "--recipe", recipe,
                "--channels", "2", "--accuracy", "ideal", "--passes", "3", "--no-warmup", "--out", json.toString());
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("3 passes of each class, medians"), o.out());
        assertTrue(o.out().contains("passes, end to end / bare / ratio: "), o.out());
        JsonNode written = Json.MAPPER.readTree(json.toFile());
        assertEquals(1, written.get("runs").size());
        assertEquals(3, written.get("passes").size());
        assertEquals("ideal", written.get("passes").get(2).get("accuracy").asText());
    }
}
