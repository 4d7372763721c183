package org.cycler.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import org.cycler.bench.JvmMeter;
import org.cycler.bench.Latency;

import org.cycler.core.json.Json;

/** How benchmarks print their figures and write them as JSON for comparing runs. */
final class BenchOutput {

    private BenchOutput() {
    }

    static void writeJson(Path file, Object result) throws IOException {
        if (file != null) {
            Json.PRETTY.writeValue(file.toFile(), result);
        }
    }

    /** Deletes a benchmark's temporary folder and everything in it. */
    static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String machine() {
        return String.format(Locale.ROOT, "%d cores, Java %s (%s), max heap %d MB", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() / 1_000_000);
    }

    static void latency(PrintWriter out, String name, Latency l) {
        out.printf(Locale.ROOT, "  %-22s %,10d %9.3f %9.3f %9.3f %9.3f%n", name, l.count(), l.p50Ms(), l.p99Ms(), l.p999Ms(),
                l.maxMs());
    }

    static void latencyHeader(PrintWriter out) {
        out.printf(Locale.ROOT, "  %-22s %10s %9s %9s %9s %9s%n", "ms", "count", "p50", "p99", "p99.9", "max");
    }

    static void jvm(PrintWriter out, JvmMeter.Figures f) {
        out.printf(Locale.ROOT, "  JVM: heap peak %.0f MB, allocated %.0f MB (%.1f MB/s), %d GC pauses, p99 %.1f ms, max %.1f ms%n",
                f.heapPeakMb(), f.allocatedMb(), f.allocationMbPerS(), f.gcPauses(), f.gcPauseP99Ms(), f.gcPauseMaxMs());
    }
}
