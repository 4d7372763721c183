package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.cycler.core.grading.GradedCell;
import org.cycler.core.grading.GradesFile;
import org.cycler.core.grading.MatchReport;
import org.cycler.core.grading.PackMatcher;
import org.cycler.core.store.RunDirectory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler match RUN --series S --parallel P [--bin NAME]}: graded cells into matched packs. */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Group the graded cells of a run into packs of S series groups of P parallel cells: equal "
            + "capacity across each pack's series groups, alike DCIR and OCV within each parallel group. Prints each "
            + "group's spread, the lot's worst case and, beside it, that of naive sorted chunking. Cells beyond whole "
            + "packs are left over; every graded cell appears once."})
final class MatchCommand implements Callable<Integer>, FormatOption.Formatted {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run directory, graded.")
    Path runDir;

    @Option(names = "--series", paramLabel = "S", required = true, description = "Series groups per pack.")
    int series;

    @Option(names = "--parallel", paramLabel = "P", required = true, description = "Cells in parallel per group.")
    int parallel;

    @Option(names = "--bin", paramLabel = "NAME", description = "Match only this bin (default: every bin but REJECT).")
    String bin;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the search (default: ${DEFAULT-VALUE}).")
    long seed = PackMatcher.DEFAULT_SEED;

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
        MatchReport report = MatchReport.of(cells, Optional.ofNullable(bin).map(String::strip), series, parallel, seed);
        PrintWriter out = spec.commandLine().getOut();
        switch (chosen) {
            case CSV -> report.csv(out);
            case JSON -> report.json(out);
            case TABLE -> out.print(report.table());
        }
        out.flush();
        return 0;
    }
}
