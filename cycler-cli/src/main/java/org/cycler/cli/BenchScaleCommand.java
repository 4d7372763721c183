package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.core.BadInputException;
import org.cycler.bench.ScaleBench;
import org.cycler.bench.TickBench;
import org.cycler.bench.LatenessChart;
import org.cycler.core.run.Speed;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler bench scale}: the largest channel count that holds the real-time targets. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"'bench tick' at each channel count (lateness p99 <= 2 ms, p99.9 <= 5 ms, max <= 25 ms, no missed "
            + "tick, no dropped row, CPU <= 50 %%): the largest count that held."})
final class BenchScaleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--channels", paramLabel = "LIST", defaultValue = "1024,2048,4096,5120,8192,12288,16384,24576,32768,50000",
            description = "Channel counts to try, or one count (default: ${DEFAULT-VALUE}).")
    String counts;

    @Option(names = "--tick", paramLabel = "DURATION", defaultValue = "100ms", description = "Tick (default: ${DEFAULT-VALUE}).")
    String tick;

    @Option(names = "--each", paramLabel = "DURATION", defaultValue = "15s",
            description = "How long each count runs (default: ${DEFAULT-VALUE}).")
    String each;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    Path outFile;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also plot lateness percentiles against channel count.")
    Path plotFile;

    @Override
    public Integer call() throws Exception {
        List<Integer> list = new ArrayList<>();
        for (String part : counts.split(",")) {
            try {
                list.add(Integer.parseInt(part.strip()));
            } catch (NumberFormatException e) {
                throw new BadInputException("--channels: '" + part + "' (expected counts such as 512,1024,2048)");
            }
        }
        ScaleBench.Result result = ScaleBench.run(list, Speed.checkTick(DurationOption.parse("--tick", tick)),
                DurationOption.parse("--each", each));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench scale at %s, %s each, on %s%n", tick, each, BenchOutput.machine());
        out.printf(Locale.ROOT, "  %8s %9s %9s %9s %9s %9s %8s %7s  %s%n", "channels", "p50 ms", "p99 ms", "p99.9 ms",
                "max ms", "floor p99", "missed", "CPU %", "held");
        for (TickBench.Result r : result.runs()) {
            out.printf(Locale.ROOT, "  %8d %9.3f %9.3f %9.3f %9.3f %9.3f %8d %7.1f  %s%n", r.channels(),
                    r.lateness().p50Ms(), r.lateness().p99Ms(), r.lateness().p999Ms(), r.lateness().maxMs(),
                    r.hiccupFloor().p99Ms(), r.missedTicks(), r.cpuPercent(), ScaleBench.holds(r) ? "yes" : "no");
        }
        out.println(result.largestHolding() != null
                ? "largest channel count holding the targets: " + result.largestHolding()
                : "no channel count held the targets");
        BenchOutput.writeJson(outFile, result);
        if (plotFile != null) {
            LatenessChart.write(result.runs().stream().map(r -> new LatenessChart.Point(r.channels(),
                    r.lateness().p50Ms(), r.lateness().p99Ms(), r.lateness().p999Ms(), r.lateness().maxMs(),
                    r.hiccupFloor().p99Ms())).toList(), result.runs().get(0).tickMs(), plotFile);
        }
        out.flush();
        return 0;
    }
}
