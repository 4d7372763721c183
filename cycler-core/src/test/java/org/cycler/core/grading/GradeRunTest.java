package org.cycler.core.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.cycler.core.grading.io.GradingSpecParser;
import org.cycler.core.store.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grading use-case: figures, rules and bins, grades.csv and the spec's copy, without a process. */
class GradeRunTest {

    private static final double DAY_S = 86_400;
    private static final String SPEC = """
            grading: t
            optional: [k]
            reject:
              - {if: "capacity < 0.9 Ah", reason: low capacity}
              - {if: "k > 10 mV/day", reason: high self-discharge}
            bins:
              - {name: A, capacity: [0.95 Ah, 1.1 Ah]}
            """;

    @TempDir
    Path temp;

    /** Channel 1 runs the whole fixture recipe (capacity 1 Ah, K 5 mV/day); channel 2 has no data. */
    private RunDirectory run() throws Exception {
        return new RunFixture(temp.resolve("run"), RunFixture.RECIPE, RunFixture.START_UNIX_S)
                .cell(1, "CELL-1").cell(2, "CELL-2").noData(2)
                .rest(1, 1, 0, 60, 3.6)
                .step(1, 2, new double[] {60, 1860, 3660}, new double[] {3.5, 3.4, 3.3}, new double[] {-1, -1, -1})
                .rest(1, 3, 3660, 7260, 3.70)
                .step(1, 4, new double[] {7260, 7270}, new double[] {3.68, 3.68}, new double[] {-1, -1})
                .step(1, 5, new double[] {7270, 7271}, new double[] {3.60, 3.60}, new double[] {-5, -5})
                .rest(1, 6, 7271, 7271 + 2 * DAY_S, 3.69)
                .end(1, "DONE", null, "", 6)
                .write();
    }

    @Test
    void gradingARunWritesGradesCsvAndTheSpecBesideItAndSaysWhichRulesCouldNotApply() throws Exception {
        RunDirectory run = run();
        Path spec = Files.writeString(temp.resolve("spec.yaml"), SPEC);
        GradeRun.Result result = GradeRun.grade(run, Optional.empty(), GradingSpecParser.parse(spec), spec);

        assertEquals("run", result.runId());
        assertEquals(1, result.rejected());
        List<GradedCell> written = GradesFile.read(run.grades());
        assertEquals(List.of("A", GradingSpec.REJECT), written.stream().map(GradedCell::bin).toList());
        assertEquals(result.cells().stream().map(GradedCell::bin).toList(), written.stream().map(GradedCell::bin).toList());
        assertEquals(SPEC, Files.readString(run.gradingSpecCopy()));
        assertEquals(1, result.unknown().size());
        GradeRun.Unknown k = result.unknown().get(0);
        assertEquals(Figure.K, k.figure());
        assertEquals(1, k.cells());
        assertEquals(2, k.of());
        assertTrue(k.firstReason().contains("no data file"), k.firstReason());
    }

    @Test
    void regradingWithAnotherSpecReplacesTheGradesAndNeedsNoNewTest() throws Exception {
        RunDirectory run = run();
        Path first = Files.writeString(temp.resolve("a.yaml"), SPEC);
        GradeRun.grade(run, Optional.empty(), GradingSpecParser.parse(first), first);
        String strict = SPEC.replace("capacity < 0.9 Ah", "capacity < 1.05 Ah");
        Path second = Files.writeString(temp.resolve("b.yaml"), strict);
        GradeRun.Result again = GradeRun.grade(run, Optional.empty(), GradingSpecParser.parse(second), second);
        assertEquals(2, again.rejected());
        assertEquals(List.of(GradingSpec.REJECT, GradingSpec.REJECT),
                GradesFile.read(run.grades()).stream().map(GradedCell::bin).toList());
        assertEquals(strict, Files.readString(run.gradingSpecCopy()));
    }
}
