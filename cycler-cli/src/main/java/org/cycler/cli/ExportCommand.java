package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.List;

import org.cycler.core.BadInputException;
import org.cycler.core.NumberRanges;
import org.cycler.core.store.RunDirectory;
import org.cycler.reports.export.ExportTarget;
import org.cycler.reports.export.RunExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cycler export RUN [--channels 1-8,12] [--cycles 2-5] [--format bdf-csv|wide-csv] [--out PATH]}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a run's data for lab tools, streamed row by row.",
            "bdf-csv: one Battery Data Format file per cell (ch-NNN_<barcode>.bdf.csv) and cycles.csv into the "
                + "--out directory.",
            "wide-csv: one long CSV with Barcode and Channel columns before the Battery Data Format columns, to "
                + "--out FILE (with the per-cycle summary beside it as FILE-stem.cycles.csv) or to stdout."})
final class ExportCommand implements Callable<Integer>, FormatOption.Formatted {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run directory.")
    Path runDir;

    @Option(names = "--channels", paramLabel = "LIST", description = "Channels, e.g. 1-8,12 (default: all).")
    String channels;

    @Option(names = "--cycles", paramLabel = "LIST", description = "Cycle counts, e.g. 2-5 (default: all; cycle 0 is "
            + "the formation charge).")
    String cycles;

    @Mixin
    FormatOption format;

    @Override
    public List<OutputFormat> formats() {
        return List.of(OutputFormat.WIDE_CSV, OutputFormat.BDF_CSV);
    }

    @Option(names = "--out", paramLabel = "PATH", description = "Directory (bdf-csv) or file (wide-csv; default stdout).")
    Path out;

    @Override
    public Integer call() throws Exception {
        OutputFormat chosen = format.get();
        RunDirectory run = Runs.open(runDir);
        RunExport.Selection selection = new RunExport.Selection(
                channels == null ? Optional.empty() : Optional.of(NumberRanges.parse("--channels", channels, 1)),
                cycles == null ? Optional.empty() : Optional.of(NumberRanges.parse("--cycles", cycles, 0)));
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        RunExport.Result result;
        if (chosen == OutputFormat.BDF_CSV) {
            if (out == null) {
                throw new BadInputException("--out: a directory is needed for bdf-csv (one file per cell goes there)");
            }
            result = RunExport.bdfFiles(run, selection, out);
            err.printf(Locale.ROOT, "exported %d rows of %d channels to %s (%d files with cycles.csv)%n", result.rows(),
                    result.channels(), out, result.files().size());
        } else if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            result = RunExport.wide(run, selection, stdout);
            stdout.flush();
            err.printf(Locale.ROOT, "exported %d rows of %d channels to stdout (give --out FILE for the per-cycle "
                    + "summary too)%n", result.rows(), result.channels());
        } else {
            if (Files.isDirectory(out)) {
                throw new BadInputException("--out: " + out + " is a directory (expected a file for wide-csv)");
            }
            Path cyclesFile = cyclesBeside(out);
            ExportTarget.requireOutsideRuns(out, run);
            ExportTarget.requireOutsideRuns(cyclesFile, run);
            result = ExportTarget.write(out, w -> RunExport.wide(run, selection, w));
            ExportTarget.write(cyclesFile, w -> RunExport.cycles(run, selection, w));
            err.printf(Locale.ROOT, "exported %d rows of %d channels to %s, per-cycle summary in %s%n", result.rows(),
                    result.channels(), out, cyclesFile);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "%.1f s, %,.0f rows/s%n", seconds, result.rows() / Math.max(seconds, 1e-9));
        err.flush();
        return 0;
    }

    /** {@code lot.csv} -> {@code lot.cycles.csv}. */
    static Path cyclesBeside(Path file) {
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return file.resolveSibling(stem + ".cycles.csv");
    }
}
