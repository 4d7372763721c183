package org.cycler.core.grading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cycler.core.BadInputException;
import org.cycler.core.store.CsvRows;
import org.cycler.core.store.CsvText;
import org.cycler.core.store.Decimals;

/**
 * {@code grades.csv}: one row per cell, {@link #COLUMNS} in order. Figures in the units their
 * column names, empty when unknown; text (barcode, bin, reason) neutralised against spreadsheet
 * formulas. Written atomically (temp file, then rename), so regrading never leaves half a file.
 */
public final class GradesFile {

    public static final String BARCODE = "Barcode";
    public static final String CHANNEL = "Channel";
    public static final String BIN = "Bin";
    public static final String REASON = "Reason";

    /** Every column, in file order. */
    public static final List<String> COLUMNS = columns();

    private static final String EXPECTED = "a grades file";

    private GradesFile() {
    }

    /** The columns of the figures, in file order: {@code Capacity / Ah} ... {@code Last Cycle CE / 1}. */
    public static List<String> figureColumns() {
        List<String> out = new ArrayList<>();
        for (Figure f : Figure.values()) {
            out.add(f.column());
        }
        return out;
    }

    /** Replaces {@code file} with {@code cells}. */
    public static void write(Path file, List<GradedCell> cells) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8), format())) {
            for (GradedCell cell : cells) {
                printRow(out, cell, List.of());
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The CSV format of grades files and of {@code cycler bins --format csv}: a header, '\n' line ends. */
    public static CSVFormat format() {
        return CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(COLUMNS.toArray(String[]::new)).get();
    }

    /** Prints one row in {@link #COLUMNS} order, then {@code extra} cells (already safe text). */
    public static void printRow(CSVPrinter out, GradedCell cell, List<String> extra) throws IOException {
        List<String> row = new ArrayList<>(COLUMNS.size() + extra.size());
        row.add(CsvText.neutralise(cell.barcode()));
        row.add(Integer.toString(cell.channel()));
        for (Figure f : Figure.values()) {
            row.add(cell.has(f) ? Decimals.format(f.toColumn(cell.value(f)), f.places()) : "");
        }
        row.add(CsvText.neutralise(cell.bin()));
        row.add(CsvText.neutralise(cell.reason()));
        row.addAll(extra);
        out.printRecord(row);
    }

    /** Reads a grades file; messages name the file and line. */
    public static List<GradedCell> read(Path file) throws BadInputException {
        List<GradedCell> cells = new ArrayList<>();
        try (CsvRows rows = CsvRows.open(file, "grades")) {
            int[] figures = new int[Figure.values().length];
            for (Figure f : Figure.values()) {
                figures[f.ordinal()] = rows.column(f.column(), EXPECTED);
            }
            int barcode = rows.column(BARCODE, EXPECTED);
            int channelColumn = rows.column(CHANNEL, EXPECTED);
            int binColumn = rows.column(BIN, EXPECTED);
            int reasonColumn = rows.column(REASON, EXPECTED);
            for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
                Map<Figure, Double> values = new EnumMap<>(Figure.class);
                for (Figure f : Figure.values()) {
                    if (!row.text(figures[f.ordinal()]).isEmpty()) {
                        values.put(f, f.fromColumn(row.number(figures[f.ordinal()])));
                    }
                }
                double channel = row.number(channelColumn);
                if (channel < 1 || channel != Math.rint(channel)) {
                    throw new BadInputException(row.where() + ": channel '" + row.text(channelColumn)
                            + "' (expected 1 or more)");
                }
                String bin = CsvText.restore(row.text(binColumn));
                String reason = CsvText.restore(row.text(reasonColumn));
                if (bin.isEmpty() || bin.equals(GradingSpec.REJECT) == reason.isEmpty()) {
                    throw new BadInputException(row.where() + ": bin '" + bin + "' with reason '" + reason
                            + "' (expected a bin, and a reason only for REJECT)");
                }
                cells.add(new GradedCell(CsvText.restore(row.text(barcode)), (int) channel, values, bin, reason));
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file (grade the run first: cycler grade RUN --spec SPEC)", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read grades (" + e.getMessage() + ")", e);
        }
        return cells;
    }

    private static List<String> columns() {
        List<String> out = new ArrayList<>();
        out.add(BARCODE);
        out.add(CHANNEL);
        out.addAll(figureColumns());
        out.add(BIN);
        out.add(REASON);
        return List.copyOf(out);
    }
}
