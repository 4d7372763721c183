package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.cycler.core.BadInputException;
import org.cycler.grades.db.DbLocation;
import org.cycler.grades.db.GradesDatabase;
import org.cycler.core.grading.Grade;
import org.cycler.core.grading.GradeReport;
import org.cycler.core.grading.GradeRun;
import org.cycler.core.grading.GradedCell;
import org.cycler.core.grading.GradingSpec;
import org.cycler.core.grading.io.GradingSpecParser;
import org.cycler.core.store.RunDirectory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler grade RUN --spec SPEC}: figures and a bin for every cell of a run, into grades.csv. */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grade every cell of a finished run: capacity, energy, DCIR, OCV, K and coulombic "
            + "efficiencies from its data, then reject rules and bins from a grading spec. Writes RUN/grades.csv "
            + "(and RUN/grading.yaml, the spec used) and prints a per-bin table and a capacity histogram.",
            "Also records every graded cell in a grades database (--db), which 'cycler cells' and 'cycler serve' "
                + "read; regrading a run replaces its cells' current grades and keeps the old ones as history.",
            "Grading again with another spec replaces grades.csv; the cells need no new test."})
final class GradeCommand implements Callable<Integer> {

    /** The grades database's file name when {@code --db} is not given: beside the run directory. */
    static final String DEFAULT_DB_FILE = "grades.db";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run directory made by 'cycler run'.")
    Path runDir;

    @Option(names = "--spec", paramLabel = "SPEC", required = true, description = "Grading spec (YAML).")
    Path specFile;

    @Option(names = "--aging", paramLabel = "LATER_RUN",
            description = "A later run of the same cells (matched by barcode): K from this run's last OCV point "
                    + "and that run's first one; the cells' OCV becomes that run's latest.")
    Path agingDir;

    @Option(names = "--db", paramLabel = "DB",
            description = "Grades database to record the cells in: a file (SQLite, created when missing) or a "
                    + "jdbc:postgresql:// URL (default: grades.db beside the run directory, e.g. runs/grades.db).")
    String db;

    @Option(names = "--lot", paramLabel = "NAME", description = "Lot the cells belong to in the grades database "
            + "(default: the run ID).")
    String lot;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        GradingSpec gradingSpec = GradingSpecParser.parse(specFile);
        RunDirectory run = Runs.open(runDir);
        Optional<RunDirectory> aging = agingDir == null ? Optional.empty() : Optional.of(Runs.open(agingDir));
        String lotName = lot == null ? null : lot.strip();
        if (lotName != null && lotName.isEmpty()) {
            throw new BadInputException("--lot: empty (expected a lot name)");
        }
        DbLocation location = db != null ? DbLocation.parse(db)
                : DbLocation.file(run.root().toAbsolutePath().normalize().resolveSibling(DEFAULT_DB_FILE));
        GradeRun.Result result = GradeRun.grade(run, aging, gradingSpec, specFile);
        if (lotName == null) {
            lotName = result.runId();
        }
        try (GradesDatabase database = GradesDatabase.open(location)) {
            database.record(result.runId(), lotName, result.spec().name(), result.cells());
        } catch (SQLException e) {
            throw GradesDatabase.userError(location, e);
        }
        present(out, run, result, location, lotName);
        return 0;
    }

    private void present(PrintWriter out, RunDirectory run, GradeRun.Result result, DbLocation location, String lotName) {
        List<GradedCell> cells = result.cells();
        long rejected = result.rejected();
        out.printf(Locale.ROOT, "graded %d cells of %s with %s (%s): %d binned, %d REJECT%n", cells.size(),
                run.root(), specFile, result.spec().name(), cells.size() - rejected, rejected);
        out.println();
        List<String> order = new ArrayList<>();
        result.spec().bins().forEach(b -> order.add(b.name()));
        out.print(GradeReport.binTable(cells, order));
        out.println();
        out.print(GradeReport.capacityHistogram(cells, GradeReport.edges(result.spec())));
        if (rejected > 0) {
            out.println();
            out.println("rejected:");
            for (Grade g : result.grades()) {
                if (g.rejected()) {
                    out.printf(Locale.ROOT, "  ch %3d  %s  %s%n", g.cell().channel(), g.cell().barcode(), g.reason());
                }
            }
        }
        for (GradeRun.Unknown u : result.unknown()) {
            out.println();
            out.printf(Locale.ROOT, "note: %s unknown for %d of %d cells, so its rules were not applied to them (%s)%n",
                    u.figure().key(), u.cells(), u.of(), u.firstReason());
        }
        out.println();
        out.println("grades: " + run.grades());
        out.println("database: " + location.shown() + " (lot " + lotName + ")");
        out.flush();
    }
}
