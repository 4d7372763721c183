package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
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

    @Option(names = "--passes", paramLabel = "N", defaultValue = "5",
            description = "Timed passes of each class, taken in turn; the figures are each one's median across "
                + "them, so that one scheduling hiccup in a sub-second pass does not decide them "
                + "(default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    Path outFile;

    /**
     * What {@code --out} holds: per accuracy class in the order given, the medians across the
     * passes ({@code runs}), and every pass as it was measured ({@code passes}, in the order run).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Results(List<SimBench.Result> runs, List<SimBench.Result> passes) {
    }

    @Override
    public Integer call() throws Exception {
        if (channels < 1) {
            throw new BadInputException("--channels: " + channels + " (expected at least 1)");
        }
        if (passes < 1) {
            throw new BadInputException("--passes: " + passes + " (expected at least 1)");
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
        List<SimBench.Result> all = new ArrayList<>();
        List<List<SimBench.Result>> byClass = new ArrayList<>();
        classes.forEach(c -> byClass.add(new ArrayList<>()));
        for (int pass = 0; pass < passes; pass++) {
            for (int k = 0; k < classes.size(); k++) {
                SimBench.Result r = SimBench.run(parsed, channels, step, classes.get(k));
                byClass.get(k).add(r);
                all.add(r);
            }
        }
        List<SimBench.Result> results = byClass.stream().map(SimBench::median).toList();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench sim: %s on %d channels, tick %s, %s, %d pass%s of each class, medians; on %s%n",
                recipe, channels, tick, noWarmup ? "no warm-up" : "after a warm-up", passes, passes == 1 ? "" : "es",
                BenchOutput.machine());
        SimBench.Result first = results.get(0);
        for (int k = 0; k < results.size(); k++) {
            SimBench.Result r = results.get(k);
            out.printf(Locale.ROOT, "  accuracy %s%n", r.accuracy());
            if (passes > 1) {
                out.printf(Locale.ROOT, "    passes, end to end / bare / ratio: %s%n", byClass.get(k).stream()
                        .map(p -> String.format(Locale.ROOT, "%,.0f / %,.0f / %.2f", p.endToEndCellHoursPerS(),
                                p.kernelCellHoursPerS(), p.ratio()))
                        .collect(Collectors.joining(", ")));
            }
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
        BenchOutput.writeJson(outFile, new Results(results, all));
        out.flush();
        return 0;
    }
}
