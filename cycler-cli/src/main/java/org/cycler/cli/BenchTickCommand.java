package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.bench.TickBench;
import org.cycler.core.run.Speed;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler bench tick}: real-time tick lateness on N simulated channels beside the hiccup floor. */
@Command(name = "tick", mixinStandardHelpOptions = true,
        description = {"N simulated channels cycling CC pulses on the real clock at a tick period, logging to CSV, "
            + "for a duration: tick lateness beside the machine's hiccup floor (an idle thread waking on the same "
            + "clock), tick duration, CPU use, heap, allocation and GC pauses."})
final class BenchTickCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--channels", paramLabel = "N", defaultValue = "1024", description = "Channels (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--tick", paramLabel = "DURATION", defaultValue = "100ms", description = "Tick (default: ${DEFAULT-VALUE}).")
    String tick;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to run (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    Path outFile;

    @Override
    public Integer call() throws Exception {
        if (channels < 1) {
            throw new org.cycler.core.BadInputException("--channels: " + channels + " (expected at least 1)");
        }
        TickBench.Result r = TickBench.run(channels, Speed.checkTick(DurationOption.parse("--tick", tick)),
                DurationOption.parse("--duration", duration));
        PrintWriter out = spec.commandLine().getOut();
        print(out, r);
        BenchOutput.writeJson(outFile, r);
        out.flush();
        return 0;
    }

    static void print(PrintWriter out, TickBench.Result r) {
        out.printf(Locale.ROOT, "bench tick: %d channels at %.0f ms for %.1f s on %s%n", r.channels(), r.tickMs(),
                r.seconds(), BenchOutput.machine());
        BenchOutput.latencyHeader(out);
        BenchOutput.latency(out, "tick start lateness", r.lateness());
        BenchOutput.latency(out, "hiccup floor", r.hiccupFloor());
        BenchOutput.latency(out, "tick duration", r.tickDuration());
        out.printf(Locale.ROOT, "  ticks %,d, missed %,d; CPU %.1f %% of the machine; rows %,d written, %,d dropped%n",
                r.ticks(), r.missedTicks(), r.cpuPercent(), r.rowsWritten(), r.rowsDropped());
        BenchOutput.jvm(out, r.jvm());
        out.printf(Locale.ROOT, "  targets (p99 <= 2 ms, p99.9 <= 5 ms, max <= 25 ms, no missed tick): %s%n",
                r.meetsTargets() ? "held" : "missed");
    }
}
