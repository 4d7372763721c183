package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.bench.GradeBench;
import org.cycler.core.grading.io.GradingSpecParser;
import org.cycler.core.recipe.io.RecipeParser;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler bench grade}: data rows per second through grading. */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Runs a recipe on N simulated cells (not timed), then grades the run several times: data rows "
            + "per wall second of the best pass (figures from every data file, reject rules, bins)."})
final class BenchGradeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", paramLabel = "FILE", defaultValue = "protocols/nmc-formation.yaml",
            description = "Recipe (default: ${DEFAULT-VALUE}).")
    Path recipe;

    @Option(names = "--spec", paramLabel = "FILE", defaultValue = "protocols/nmc-grading.yaml",
            description = "Grading spec (default: ${DEFAULT-VALUE}).")
    Path gradingSpec;

    @Option(names = "--channels", paramLabel = "N", defaultValue = "64", description = "Cells (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--passes", paramLabel = "K", defaultValue = "5", description = "Grading passes (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    Path outFile;

    @Override
    public Integer call() throws Exception {
        GradeBench.Result r = GradeBench.run(recipe, RecipeParser.parse(recipe), GradingSpecParser.parse(gradingSpec),
                channels, passes);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench grade: %s on %d cells, %,d data rows, best of %d passes, on %s%n", recipe,
                r.channels(), r.rows(), r.passes(), BenchOutput.machine());
        out.printf(Locale.ROOT, "  %,12.0f rows/s (%.3f s a pass; target >= 500,000 rows/s)%n", r.rowsPerS(),
                r.bestSeconds());
        BenchOutput.jvm(out, r.jvm());
        BenchOutput.writeJson(outFile, r);
        out.flush();
        return 0;
    }
}
