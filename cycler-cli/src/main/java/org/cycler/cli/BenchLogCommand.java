package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.bench.LogBench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler bench log}: rows per second of our CSV logging beside a bare Commons CSV writer. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Rows per second through the run logger (queue, writer thread, BDF formatting, one file per "
            + "channel) beside a bare Commons CSV writer printing the same rows on one thread."})
final class BenchLogCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "2000000", description = "Rows (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--channels", paramLabel = "N", defaultValue = "64", description = "Files (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    Path outFile;

    @Override
    public Integer call() throws Exception {
        LogBench.Result r = LogBench.run(rows, channels);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench log: %,d rows into %d files on %s%n", r.rows(), r.channels(), BenchOutput.machine());
        out.printf(Locale.ROOT, "  run logger         %,12.0f rows/s%n", r.oursRowsPerS());
        out.printf(Locale.ROOT, "  bare Commons CSV   %,12.0f rows/s%n", r.bareRowsPerS());
        out.printf(Locale.ROOT, "  ratio              %12.2f (target: >= 400,000 rows/s and >= 0.5)%n", r.ratio());
        BenchOutput.jvm(out, r.jvm());
        BenchOutput.writeJson(outFile, r);
        out.flush();
        return 0;
    }
}
