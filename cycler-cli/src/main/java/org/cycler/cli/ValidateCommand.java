package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.recipe.io.RecipeSummary;
import org.cycler.core.run.DurationEstimate;
import org.cycler.core.schedule.ChannelView;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler validate FILE}: checks a recipe and summarises it, or names what is wrong. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a recipe without running it: a one-screen summary (steps, loops, estimated duration "
            + "on a nominal cell), or the first error as file:line:col: message (exit code 2)."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Recipe file (YAML).")
    Path file;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Recipe recipe = RecipeParser.parse(file);
        out.println(file + ": OK");
        out.println();
        out.print(RecipeSummary.describe(recipe));
        DurationEstimate.Estimate estimate = DurationEstimate.forRecipe(recipe);
        String cell = String.format(Locale.ROOT, "a nominal %s %.2f Ah cell", estimate.chemistry(),
                estimate.nominalCapacityAh());
        out.println();
        if (estimate.completes()) {
            out.println("estimated duration on " + cell + ": " + Durations.human(estimate.duration()));
        } else if (estimate.end().isEmpty()) {
            out.println("no estimate: on " + cell + " the recipe is still running after "
                    + Durations.human(DurationEstimate.LIMIT));
        } else {
            ChannelView end = estimate.end().get();
            out.println("warning: on " + cell + " the recipe ends " + end.state() + " after "
                    + Durations.human(estimate.duration()) + " in step " + end.stepId() + ": " + end.message());
        }
        out.flush();
        return 0;
    }
}
