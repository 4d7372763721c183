package org.cycler.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.cycler.bench.StationWebBench;
import org.cycler.core.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler bench station}: the station's tick lateness with and without web pages streaming. */
@Command(name = "station", mixinStandardHelpOptions = true,
        description = {"A station in this process on an SCPI emulator over TCP (real time, 10 Hz tick), one job of CC "
            + "pulses on every channel, measured twice for the given time: with no page open, then with N headless "
            + "Chromium pages logged in with a read token and streaming the tray view. Prints the device loop's tick "
            + "lateness, tick duration and round trip from GET /api/v1/stats beside DESIGN section 10's targets, and "
            + "how many tray changes each page saw (every page must have streamed)."})
final class BenchStationCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--channels", paramLabel = "N", defaultValue = "512", description = "Channels (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--pages", paramLabel = "N", defaultValue = "2", description = "Open pages (default: ${DEFAULT-VALUE}).")
    int pages;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "60",
            description = "Measured seconds of each of the two runs (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--chromium", paramLabel = "PATH", defaultValue = "/usr/bin/chromium",
            description = "The browser (default: ${DEFAULT-VALUE}, Debian's chromium package).")
    Path chromium;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    Path outFile;

    @Override
    public Integer call() throws Exception {
        if (channels < 1) {
            throw new BadInputException("--channels: " + channels + " (expected at least 1)");
        }
        if (pages < 1) {
            throw new BadInputException("--pages: " + pages + " (expected at least 1)");
        }
        if (seconds < 1) {
            throw new BadInputException("--seconds: " + seconds + " (expected at least 1)");
        }
        if (!Files.isExecutable(chromium)) {
            throw new BadInputException("--chromium: " + chromium + " is not an executable browser "
                    + "(install Debian's chromium package, or name one)");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench station: %d channels, %d pages, %d s each, on %s%n", channels, pages, seconds,
                BenchOutput.machine());
        out.flush();
        Path work = Files.createTempDirectory("cycler-bench-station");
        StationWebBench.Result r;
        try {
            r = StationWebBench.run(channels, pages, Duration.ofSeconds(seconds), chromium, work);
        } catch (IOException e) {
            throw new BadInputException("bench station: " + e.getMessage(), e);
        } finally {
            BenchOutput.deleteTree(work);
        }
        print(out, r);
        BenchOutput.writeJson(outFile, r);
        out.flush();
        return r.pagesStreamed() ? 0 : CyclerCommand.EXIT_FAILURE;
    }

    static void print(PrintWriter out, StationWebBench.Result r) {
        out.printf(Locale.ROOT, "  device: %s, %d channels, tick %.0f ms; load average %.2f at the start, %.2f at the end%n",
                r.device(), r.channels(), r.tickMs(), r.loadAverage()[0], r.loadAverage()[1]);
        for (StationWebBench.Phase p : new StationWebBench.Phase[] {r.withoutPages(), r.withPages()}) {
            out.printf(Locale.ROOT, "  %s: %,d ticks, %,d missed; CPU %% of the machine: station and emulator %.1f, "
                    + "pages %.1f%n", p.pages() == 0 ? "no page" : p.pages() + " pages", p.ticks(), p.missedTicks(),
                    p.stationCpuPercent(), p.pagesCpuPercent());
            out.printf(Locale.ROOT, "  control loop %s; emulator %s%n", p.loopPriority(), p.emulatorPriority());
            BenchOutput.latencyHeader(out);
            BenchOutput.latency(out, "tick start lateness", p.lateness());
            BenchOutput.latency(out, "hiccup floor", p.hiccupFloor());
            BenchOutput.latency(out, "tick duration", p.tickDuration());
            BenchOutput.latency(out, "device round trip", p.roundTrip());
            if (p.pages() > 0) {
                out.printf(Locale.ROOT, "  tray changes seen per page: %s%n",
                        p.pageUpdates().stream().map(String::valueOf).collect(Collectors.joining(", ")));
            }
            out.printf(Locale.ROOT, "  targets (p99 <= 2 ms, p99.9 <= 5 ms, max <= 25 ms, no missed tick): %s%n",
                    p.meetsTargets() ? "held" : "missed");
        }
        if (!r.pagesStreamed()) {
            out.println("  a page saw no change in its tray: it did not stream");
        }
    }
}
