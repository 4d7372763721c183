package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.core.grading.GradeOutput;
import org.cycler.core.grading.GradedCell;
import org.cycler.core.grading.GradesFile;
import org.cycler.core.store.RunDirectory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler bins RUN [--bin NAME] [--format table|csv|json]}: the graded cells a pack line pulls. */
@Command(name = "bins", mixinStandardHelpOptions = true,
        description = {"List the graded cells of a run (from RUN/grades.csv, made by 'cycler grade'): barcode, "
            + "channel, bin and figures, one row per cell. With --format csv or json, stdout holds only the data; "
            + "notes go to stderr."})
final class BinsCommand implements Callable<Integer>, FormatOption.Formatted {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run directory, graded.")
    Path runDir;

    @Option(names = "--bin", paramLabel = "NAME", description = "Only the cells of this bin (e.g. A, or REJECT).")
    String bin;

    @Mixin
    FormatOption format;

    @Override
    public List<OutputFormat> formats() {
        return List.of(OutputFormat.TABLE, OutputFormat.CSV, OutputFormat.JSON);
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat chosen = format.get();
        RunDirectory run = Runs.open(runDir);
        List<GradedCell> cells = GradesFile.read(run.grades());
        if (bin != null) {
            cells = cells.stream().filter(c -> c.bin().equalsIgnoreCase(bin.strip())).toList();
            if (cells.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.printf(Locale.ROOT, "cycler bins: no cell in bin '%s'%n", bin.strip());
                err.flush();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (chosen) {
            case CSV -> GradeOutput.csv(out, cells);
            case JSON -> GradeOutput.json(out, cells);
            case TABLE -> out.print(GradeOutput.table(cells));
        }
        out.flush();
        return 0;
    }
}
