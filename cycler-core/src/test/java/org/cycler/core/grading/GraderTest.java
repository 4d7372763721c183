package org.cycler.core.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cycler.core.grading.io.GradingSpecParser;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.FaultReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reject rules, then ordered bins, first match wins; a missing figure rejects, never skips. */
class GraderTest {

    private static final ChannelEnd DONE = new ChannelEnd(ChannelState.DONE, Optional.empty(), "", 9, 9);

    private static final String SPEC = """
            grading: t
            optional: [k]
            reject:
              - {if: "capacity < 4.75 Ah", reason: low capacity}
              - {if: "dcir > 25 mOhm", reason: high DCIR}
              - {if: "k > 1 mV/day", reason: high self-discharge}
            bins:
              - {name: A, capacity: [4.95 Ah, 5.5 Ah], dcir: [0 mOhm, 19.5 mOhm]}
              - {name: B, capacity: [4.85 Ah, 5.5 Ah]}
            """;

    @TempDir
    Path temp;

    private static GradingSpec spec() throws RecipeException {
        return GradingSpecParser.parse(SPEC, "t.yaml");
    }

    /** A cell with capacity (Ah), DCIR (mOhm) and K (mV/day, NaN for unknown) known, the rest missing. */
    private static CellFigures cell(String barcode, double ah, double mOhm, double kMvPerDay, ChannelEnd end) {
        Map<Figure, Double> values = new EnumMap<>(Figure.class);
        Map<Figure, String> missing = new EnumMap<>(Figure.class);
        put(values, missing, Figure.CAPACITY, ah);
        put(values, missing, Figure.DCIR, Figure.DCIR.fromColumn(mOhm));
        put(values, missing, Figure.K, Figure.K.fromColumn(kMvPerDay));
        for (Figure f : List.of(Figure.ENERGY, Figure.OCV, Figure.FIRST_CYCLE_CE, Figure.LAST_CYCLE_CE)) {
            missing.put(f, "not measured");
        }
        return new CellFigures(1, barcode, end, values, missing);
    }

    private static void put(Map<Figure, Double> values, Map<Figure, String> missing, Figure f, double v) {
        if (Double.isNaN(v)) {
            missing.put(f, "step 9 did not complete (channel STOPPED in step 9: stopped by operator)");
        } else {
            values.put(f, v);
        }
    }

    @Test
    void theFirstBinThatHoldsTakesTheCell() throws RecipeException {
        assertEquals("A", Grader.grade(spec(), cell("c", 5.0, 18, 0.1, DONE)).bin());
        assertEquals("B", Grader.grade(spec(), cell("c", 5.0, 20, 0.1, DONE)).bin(), "DCIR too high for A");
        assertEquals("B", Grader.grade(spec(), cell("c", 4.90, 18, 0.1, DONE)).bin(), "capacity too low for A");
        assertEquals("A", Grader.grade(spec(), cell("c", 4.95, 19.5, 0.1, DONE)).bin(), "ranges are closed");
    }

    @Test
    void everyBreachedRuleIsAReason() throws RecipeException {
        Grade g = Grader.grade(spec(), cell("c", 4.2, 40, 5, DONE));
        assertTrue(g.rejected());
        assertEquals("low capacity; high DCIR; high self-discharge", g.reason());
    }

    @Test
    void anOptionalFigureIsJudgedOnlyWhereKnown() throws RecipeException {
        assertEquals("A", Grader.grade(spec(), cell("c", 5.0, 18, Double.NaN, DONE)).bin());
    }

    @Test
    void aMissingRequiredFigureRejectsWithWhy() throws RecipeException {
        Grade g = Grader.grade(spec(), cell("c", Double.NaN, 18, 0.1, DONE));
        assertEquals(GradingSpec.REJECT, g.bin());
        assertEquals("no capacity: step 9 did not complete (channel STOPPED in step 9: stopped by operator)", g.reason());
    }

    @Test
    void aCellThatBreachedASafetyLimitIsRejectedWhateverItMeasured() throws RecipeException {
        ChannelEnd unsafe = new ChannelEnd(ChannelState.UNSAFE, Optional.of(FaultReason.TEMPERATURE_LIMIT),
                "temperature 61.00 degC outside [-10.0, 60.0] degC", 14, 14);
        Grade g = Grader.grade(spec(), cell("c", 5.0, 18, 0.1, unsafe));
        assertEquals("channel UNSAFE in step 14: temperature limit: temperature 61.00 degC outside [-10.0, 60.0] degC",
                g.reason());
    }

    @Test
    void aCellNoBinTakesIsRejected() throws RecipeException {
        Grade g = Grader.grade(spec(), cell("c", 4.80, 18, 0.1, DONE));
        assertEquals(GradingSpec.REJECT, g.bin());
        assertEquals(Grader.NO_BIN, g.reason());
    }

    @Test
    void gradesFileRoundTripsAndKeepsFormulasOut() throws Exception {
        List<GradedCell> cells = List.of(
                GradedCell.of(Grader.grade(spec(), cell("=HYPERLINK(\"x\")", 5.0, 18, 0.1, DONE))),
                GradedCell.of(Grader.grade(spec(), cell("+C2", 4.2, 18, Double.NaN, DONE))));
        Path file = temp.resolve("grades.csv");
        GradesFile.write(file, cells);
        String text = Files.readString(file);
        assertTrue(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), text);
        assertTrue(text.contains("'+C2"), text);
        List<GradedCell> back = GradesFile.read(file);
        assertEquals(cells.get(0).barcode(), back.get(0).barcode());
        assertEquals("A", back.get(0).bin());
        assertEquals(0.018, back.get(0).value(Figure.DCIR), 1e-9);
        assertEquals(Figure.K.fromColumn(0.1), back.get(0).value(Figure.K), 1e-15);
        assertEquals("low capacity", back.get(1).reason());
        assertTrue(!back.get(1).has(Figure.K) && !back.get(1).has(Figure.OCV));
    }

    @Test
    void theReportCountsEveryBinAndMarksTheSpecEdges() throws RecipeException {
        GradingSpec spec = spec();
        List<GradedCell> cells = List.of(cell("a", 5.0, 18, 0.1, DONE), cell("b", 4.9, 18, 0.1, DONE),
                cell("c", 4.2, 18, 0.1, DONE), cell("d", 5.05, 17, 0.1, DONE)).stream()
                .map(c -> GradedCell.of(Grader.grade(spec, c))).toList();
        String table = GradeReport.binTable(cells, List.of("A", "B"));
        assertTrue(table.contains("A           2   50.0%"), table);
        assertTrue(table.contains("REJECT      1   25.0%"), table);
        String histogram = GradeReport.capacityHistogram(cells, GradeReport.edges(spec));
        assertTrue(histogram.contains("---- 4.75 Ah  reject capacity < 4.75 Ah: low capacity"), histogram);
        assertTrue(histogram.contains("---- 4.95 Ah  bin A from 4.95 Ah"), histogram);
        assertEquals(4, histogram.lines().filter(l -> l.contains("|")).mapToInt(l -> {
            String[] parts = l.substring(l.indexOf('|') + 1).trim().split("\\s+");
            int i = parts[0].startsWith("#") ? 1 : 0;
            return Integer.parseInt(parts[i]);
        }).sum(), histogram);
    }
}
