package org.cycler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.cycler.hal.sim.AccuracyClass;
import org.cycler.core.BadInputException;
import org.cycler.core.grading.CellFigures;
import org.cycler.core.grading.Grade;
import org.cycler.core.grading.Grader;
import org.cycler.core.grading.GradingSpec;
import org.cycler.core.grading.RunFigures;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.run.FormationRun;
import org.cycler.core.run.SimulationSpec;
import org.cycler.core.run.Speed;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.RunReader;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Data rows per second through grading: a recipe is run on N simulated cells (not timed), then
 * the run is graded several times and the best pass counts, as a grading station regrades runs.
 */
public final class GradeBench {

    private GradeBench() {
    }

    /** @param rowsPerS rows of the run's data files per wall second of grading (figures and bins) */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(int channels, long rows, int passes, double bestSeconds, double rowsPerS, JvmMeter.Figures jvm) {
    }

    public static Result run(Path recipeFile, Recipe recipe, GradingSpec spec, int channels, int passes)
            throws IOException, BadInputException, RecipeException {
        Path dir = Files.createTempDirectory("cycler-bench-grade");
        try {
            FormationRun.RunResult run = FormationRun.simulated(recipeFile, recipe,
                    new SimulationSpec(channels, 1, SimulationSpec.DEFAULT_DEFECT_SHARE, SimulationSpec.DEFAULT_AMBIENT_C,
                            Optional.empty(), List.of(), AccuracyClass.CABINET, 1),
                    CellRoster.generated("G", channels), new Speed.Max(), Duration.ofSeconds(1), dir.resolve("run")).run();
            long[] rows = {0};
            RunReader reader = new RunReader(run.directory());
            for (int ch = 1; ch <= channels; ch++) {
                reader.dataRows(ch, row -> rows[0]++);
            }
            double best = Double.POSITIVE_INFINITY;
            JvmMeter.Figures figures;
            try (JvmMeter jvm = new JvmMeter()) {
                for (int pass = 0; pass < passes; pass++) {
                    long start = System.nanoTime();
                    List<CellFigures> cells = RunFigures.read(run.directory());
                    List<Grade> grades = Grader.grade(spec, cells);
                    if (grades.size() != channels) {
                        throw new IllegalStateException("graded " + grades.size() + " of " + channels + " cells");
                    }
                    best = Math.min(best, (System.nanoTime() - start) / 1e9);
                }
                figures = jvm.figures();
            }
            return new Result(channels, rows[0], passes, best, rows[0] / best, figures);
        } finally {
            TickBench.deleteTree(dir);
        }
    }
}
