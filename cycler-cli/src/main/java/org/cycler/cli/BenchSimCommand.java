package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.bench.SimBench;
import org.cycler.core.BadInputException;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.run.AccuracyClasses;
import org.cycler.core.run.Speed;
import org.cycler.hal.sim.AccuracyClass;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

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

    @Option(names = "--accuracy", paramLabel = "CLASS[,CLASS...]", split = ",", defaultValue = "ideal,cabinet",
            description = "Accuracy classes to measure through, each timed in the same run "
                + "(ideal, cabinet, smu or FILE.yaml; default: ${DEFAULT-VALUE}).")
    List<String> accuracy;

    @Option(names = "--no-warmup", description = "Time the first pass, JIT compilation included (by default each "
            + "class runs once untimed first).")
    boolean noWarmup;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    Path outFile;

    /** What {@code --out} holds: one result per accuracy class, in the order given. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Results(List<SimBench.Result> runs) {
    }

    @Override
    public Integer call() throws Exception {
        if (channels < 1) {
            throw new BadInputException("--channels: " + channels + " (expected at least 1)");
        }
        Recipe parsed = RecipeParser.parse(recipe);
        Duration step = Speed.checkTick(DurationOption.parse("--tick", tick));
        List<AccuracyClass> classes = new ArrayList<>();
        for (String name : accuracy) {
            classes.add(AccuracyClasses.resolve(name.trim()));
        }
        for (AccuracyClass c : noWarmup ? List.<AccuracyClass>of() : classes) {
            SimBench.warmUp(parsed, channels, step, c);
        }
        List<SimBench.Result> results = new ArrayList<>();
        for (AccuracyClass c : classes) {
            results.add(SimBench.run(parsed, channels, step, c));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench sim: %s on %d channels, tick %s, %s, on %s%n", recipe, channels, tick,
                noWarmup ? "no warm-up" : "after a warm-up", BenchOutput.machine());
        SimBench.Result first = results.get(0);
        for (SimBench.Result r : results) {
            out.printf(Locale.ROOT, "  accuracy %s%n", r.accuracy());
            out.printf(Locale.ROOT, "    end to end      %,12.0f cell-hours per wall second (%,.0f cell-hours, %,d rows)%n",
                    r.endToEndCellHoursPerS(), r.cellHours(), r.rows());
            out.printf(Locale.ROOT, "    bare cell model %,12.0f cell-hours per wall second%n", r.kernelCellHoursPerS());
            out.printf(Locale.ROOT, "    ratio           %12.2f%n", r.ratio());
            out.printf(Locale.ROOT, "    per CPU second: end to end %,.0f cell-hours (all threads), bare model %,.0f, ratio %.2f%n",
                    r.endToEndCellHoursPerCpuS(), r.kernelCellHoursPerCpuS(), r.cpuRatio());
            if (r != first) {
                out.printf(Locale.ROOT, "    end to end, %s over %s: %.2f of the rate%n", r.accuracy(), first.accuracy(),
                        r.endToEndCellHoursPerS() / first.endToEndCellHoursPerS());
            }
            out.print("  ");
            BenchOutput.jvm(out, r.jvm());
        }
        BenchOutput.writeJson(outFile, new Results(results));
        out.flush();
        return 0;
    }
}
