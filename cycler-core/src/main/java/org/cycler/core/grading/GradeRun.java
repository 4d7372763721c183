package org.cycler.core.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cycler.core.BadInputException;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunReader;

/**
 * Grading a finished run (DESIGN section 6), the use-case behind {@code cycler grade}: the figures
 * of every cell ({@link RunFigures}), the spec's reject rules and bins ({@link Grader}), then
 * {@code grades.csv} and a copy of the spec beside it. Regrading replaces both; the cells need no
 * new test. Recording the cells in a grades database is the caller's, which owns the database.
 * Stateless.
 */
public final class GradeRun {

    private GradeRun() {
    }

    /**
     * A figure the spec's rules use that some cells lack, so those rules were not applied to them.
     *
     * @param firstReason why the first such cell lacks it
     */
    public record Unknown(Figure figure, int cells, int of, String firstReason) {
    }

    /**
     * @param runId  from the run's run.json
     * @param cells  the graded cells as written to grades.csv, in channel order
     */
    public record Result(String runId, GradingSpec spec, List<Grade> grades, List<GradedCell> cells,
                         List<Unknown> unknown) {

        public Result {
            grades = List.copyOf(grades);
            cells = List.copyOf(cells);
            unknown = List.copyOf(unknown);
        }

        /** How many cells were rejected. */
        public long rejected() {
            return grades.stream().filter(Grade::rejected).count();
        }
    }

    /**
     * Grades every cell of {@code run} with {@code spec}, writes grades.csv and a copy of the spec's
     * file into the run directory.
     *
     * @param aging    a later run of the same cells (matched by barcode) that gives K and the OCV
     * @param specFile the file {@code spec} was parsed from (by {@code grading.io.GradingSpecParser})
     * @throws IOException when grades.csv or the spec's copy cannot be written; the message names the file
     */
    public static Result grade(RunDirectory run, Optional<RunDirectory> aging, GradingSpec spec, Path specFile)
            throws BadInputException, RecipeException, IOException {
        String runId = new RunReader(run).info().runId();
        List<CellFigures> figures = RunFigures.read(run, aging);
        List<Grade> grades = Grader.grade(spec, figures);
        List<GradedCell> cells = grades.stream().map(GradedCell::of).toList();
        try {
            GradesFile.write(run.grades(), cells);
            Files.copy(specFile, run.gradingSpecCopy(), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException("cannot write " + run.grades() + ": " + e.getMessage(), e);
        }
        List<Unknown> unknown = new ArrayList<>();
        for (Figure f : spec.optional()) {
            if (!spec.referenced().contains(f)) {
                continue;
            }
            List<CellFigures> without = figures.stream().filter(c -> !c.has(f)).toList();
            if (!without.isEmpty()) {
                unknown.add(new Unknown(f, without.size(), figures.size(), without.get(0).whyMissing(f)));
            }
        }
        return new Result(runId, spec, grades, cells, unknown);
    }
}
