package org.cycler.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.apache.commons.csv.CSVPrinter;
import org.cycler.core.grading.Figure;
import org.cycler.core.grading.GradesFile;
import org.cycler.core.json.Json;
import org.cycler.core.store.CsvText;
import org.cycler.grades.db.CellQuery;
import org.cycler.grades.db.CellView;
import org.cycler.grades.db.DbLocation;
import org.cycler.grades.db.GradesDatabase;
import org.cycler.grades.db.StoredCell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler cells [--db DB] [--bin NAME] [--lot NAME] [--status S] [--format F]}: current cells of the grades database. */
@Command(name = "cells", mixinStandardHelpOptions = true,
        description = {"List the current graded cells of a grades database (filled by 'cycler grade'), with who "
            + "claimed them: the same data 'cycler serve' gives pack lines. With --format csv or json, stdout holds "
            + "only the data."})
final class CellsCommand implements Callable<Integer>, FormatOption.Formatted {

    /** Where {@code cycler grade} puts the database for runs in the default {@code runs/} directory. */
    static final String DEFAULT_DB = "runs/grades.db";

    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "DB", defaultValue = DEFAULT_DB,
            description = "Grades database: a file (SQLite) or a jdbc:postgresql:// URL (default: ${DEFAULT-VALUE}).")
    String db;

    @Option(names = "--bin", paramLabel = "NAME", description = "Only the cells of this bin (e.g. A, or REJECT).")
    String bin;

    @Option(names = "--lot", paramLabel = "NAME", description = "Only the cells of this lot.")
    String lot;

    @Option(names = "--status", paramLabel = "available|claimed|all", defaultValue = "all",
            description = "Only free cells (not REJECT), only claimed ones, or all (default: ${DEFAULT-VALUE}).")
    String status;

    @Mixin
    FormatOption format;

    @Override
    public List<OutputFormat> formats() {
        return List.of(OutputFormat.TABLE, OutputFormat.CSV, OutputFormat.JSON);
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat chosen = format.get();
        CellQuery query = new CellQuery(Optional.ofNullable(bin).map(String::strip),
                Optional.ofNullable(lot).map(String::strip), CellQuery.Filter.parse(status));
        DbLocation location = DbLocation.parse(db).requireExisting();
        List<StoredCell> cells;
        try (GradesDatabase database = GradesDatabase.open(location, Clock.systemUTC(), 1)) {
            cells = database.cells(query);
        } catch (SQLException e) {
            throw GradesDatabase.userError(location, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (chosen) {
            case JSON -> out.println(Json.PRETTY.writeValueAsString(CellView.of(cells)));
            case CSV -> {
                CSVPrinter printer = new CSVPrinter(out, GradesFile.format().builder()
                        .setHeader(csvHeader()).get());
                for (StoredCell c : cells) {
                    GradesFile.printRow(printer, c.grade(), List.of(safe(c.runId()), safe(c.lot()), c.gradedAt(),
                            c.status().text(), c.claim().map(h -> safe(h.claimedBy())).orElse(""),
                            c.claim().map(StoredCell.Holder::claimId).orElse("")));
                }
                printer.flush();
            }
            case TABLE -> out.print(table(cells));
        }
        out.flush();
        return 0;
    }

    private static String[] csvHeader() {
        List<String> header = new ArrayList<>(GradesFile.COLUMNS);
        header.addAll(List.of("Run", "Lot", "Graded At", "Status", "Claimed By", "Claim ID"));
        return header.toArray(String[]::new);
    }

    private static String safe(String text) {
        return CsvText.neutralise(text);
    }

    /** The cells as a table for a terminal; names are {@link TerminalText#escape escaped}, never printed raw. */
    static String table(List<StoredCell> cells) {
        StringBuilder out = new StringBuilder();
        String row = "%-20s  %-28s  %-6s  %10s  %10s  %-9s  %s%n";
        out.append(String.format(Locale.ROOT, row, "BARCODE", "LOT", "BIN", "CAP Ah", "DCIR mOhm", "STATUS", "CLAIMED BY"));
        for (StoredCell c : cells) {
            out.append(String.format(Locale.ROOT, row, TerminalText.escape(c.barcode()), TerminalText.escape(c.lot()),
                    TerminalText.escape(c.bin()), number(c, Figure.CAPACITY, "%.4f"),
                    number(c, Figure.DCIR, "%.2f"), c.status().text(),
                    TerminalText.escape(c.claim().map(StoredCell.Holder::claimedBy).orElse(""))));
        }
        out.append(String.format(Locale.ROOT, "%d cells%n", cells.size()));
        return out.toString();
    }

    private static String number(StoredCell c, Figure f, String format) {
        return c.grade().has(f) ? String.format(Locale.ROOT, format, f.toShown(c.grade().value(f))) : "-";
    }
}
