package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.bench.SimBench;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.run.Speed;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler bench sim}: simulated cell-hours per wall second, end to end beside the bare model. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"A recipe on N simulated cells at max speed, end to end (scheduler, logger, CSV files), "
            + "beside the bare cell model stepping the same cells for the same time: cell-hours per wall second."})
final class BenchSimCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", paramLabel = "FILE", defaultValue = "protocols/nmc-formation.yaml",
            description = "Recipe (default: ${DEFAULT-VALUE}).")
    Path recipe;

    @Option(names = "--channels", paramLabel = "N", defaultValue = "32", description = "Channels (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--tick", paramLabel = "DURATION", defaultValue = "1s", description = "Tick (default: ${DEFAULT-VALUE}).")
    String tick;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    Path outFile;

    @Override
    public Integer call() throws Exception {
        SimBench.Result r = SimBench.run(RecipeParser.parse(recipe), channels, Speed.checkTick(DurationOption.parse("--tick", tick)));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench sim: %s on %d channels, tick %s, on %s%n", recipe, r.channels(), tick,
                BenchOutput.machine());
        out.printf(Locale.ROOT, "  end to end      %,12.0f cell-hours per wall second (%,.0f cell-hours, %,d rows)%n",
                r.endToEndCellHoursPerS(), r.cellHours(), r.rows());
        out.printf(Locale.ROOT, "  bare cell model %,12.0f cell-hours per wall second%n", r.kernelCellHoursPerS());
        out.printf(Locale.ROOT, "  ratio           %12.2f%n", r.ratio());
        BenchOutput.jvm(out, r.jvm());
        BenchOutput.writeJson(outFile, r);
        out.flush();
        return 0;
    }
}
