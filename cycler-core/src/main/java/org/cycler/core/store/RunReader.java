package org.cycler.core.store;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cycler.core.BadInputException;
import org.cycler.core.schedule.ChannelEvent;

/**
 * The one reader of a run directory (DESIGN section 5): run.json, the journal, each channel's
 * Battery Data Format data file and cycles.csv. Grading, export, plots, status and recovery all
 * read through it, so each file is parsed one way only.
 *
 * <p>CSV files are streamed: a {@link RowVisitor} sees one row at a time and memory does not grow
 * with the file. A row holds one parsed record and its line; columns are found by position, so a
 * row costs no map. The data and cycles files must carry exactly the header the writer writes
 * ({@link BdfColumns#ALL}, {@link CycleColumns#ALL}). Only complete lines count: a last line torn
 * by a crash shows as a short row in CSV ({@link DataRow#complete()}) and is skipped in the
 * journal. Errors name the file, and the line and column where a row is at fault.
 *
 * <p>Stateless apart from the directory; safe to share between threads.
 */
public final class RunReader {

    private static final int TEST_TIME = BdfColumns.ALL.indexOf(BdfColumns.TEST_TIME);
    private static final int VOLTAGE = BdfColumns.ALL.indexOf(BdfColumns.VOLTAGE);
    private static final int CURRENT = BdfColumns.ALL.indexOf(BdfColumns.CURRENT);
    private static final int UNIX_TIME = BdfColumns.ALL.indexOf(BdfColumns.UNIX_TIME);
    private static final int CYCLE_COUNT = BdfColumns.ALL.indexOf(BdfColumns.CYCLE_COUNT);
    private static final int STEP_COUNT = BdfColumns.ALL.indexOf(BdfColumns.STEP_COUNT);
    private static final int STEP_ID = BdfColumns.ALL.indexOf(BdfColumns.STEP_ID);
    private static final int STEP_TYPE = BdfColumns.ALL.indexOf(BdfColumns.STEP_TYPE);
    private static final int STEP_DISCHARGING_CAPACITY = BdfColumns.ALL.indexOf(BdfColumns.STEP_DISCHARGING_CAPACITY);
    private static final int DISCHARGING_ENERGY = BdfColumns.ALL.indexOf(BdfColumns.DISCHARGING_ENERGY);
    private static final int TEMPERATURE = BdfColumns.ALL.indexOf(BdfColumns.TEMPERATURE);

    private static final int CYCLE_CHANNEL = CycleColumns.ALL.indexOf(CycleColumns.CHANNEL);
    private static final int CYCLE_BARCODE = CycleColumns.ALL.indexOf(CycleColumns.BARCODE);
    private static final int CYCLE_CYCLE_COUNT = CycleColumns.ALL.indexOf(CycleColumns.CYCLE_COUNT);
    private static final int CYCLE_DISCHARGING_CAPACITY = CycleColumns.ALL.indexOf(CycleColumns.DISCHARGING_CAPACITY);
    private static final int CYCLE_PAIRED_DISCHARGE = CycleColumns.ALL.indexOf(CycleColumns.PAIRED_DISCHARGE);
    private static final int CYCLE_EFFICIENCY = CycleColumns.ALL.indexOf(CycleColumns.COULOMBIC_EFFICIENCY);

    private final RunDirectory dir;

    public RunReader(RunDirectory dir) {
        this.dir = dir;
    }

    public RunDirectory directory() {
        return dir;
    }

    /** Sees the rows of a file one at a time, in file order. */
    @FunctionalInterface
    public interface RowVisitor<R> {
        void visit(R row) throws BadInputException, IOException;
    }

    /** run.json. */
    public RunInfo info() throws BadInputException {
        try {
            return dir.readInfo();
        } catch (IOException e) {
            throw new BadInputException(dir.runInfo() + ": cannot read run.json (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The journal's complete events, in order; empty when there is no journal. A last line without
     * its newline (torn by a crash) is left out; a complete line that is not an event is an error
     * naming its line.
     */
    public List<ChannelEvent> journal() throws BadInputException {
        Path journal = dir.journal();
        List<ChannelEvent> events = new ArrayList<>();
        if (!Files.exists(journal)) {
            return events;
        }
        long[] number = {0};
        long[] bad = {0};
        try {
            RunFiles.scan(journal, (line, end) -> {
                number[0]++;
                if (line.isBlank()) {
                    return true;
                }
                ChannelEvent event = RunFiles.parseEvent(line);
                if (event == null) {
                    bad[0] = number[0];
                    return false;
                }
                events.add(event);
                return true;
            });
        } catch (IOException e) {
            throw new BadInputException(journal + ": cannot read journal (" + e.getMessage() + ")", e);
        }
        if (bad[0] > 0) {
            throw new BadInputException(journal + ":" + bad[0] + ": not a journal event (expected one JSON object per line)");
        }
        return events;
    }

    /**
     * Streams every row of {@code channel}'s data file, the torn last one included (it is not
     * {@linkplain DataRow#complete() complete}).
     *
     * @return false when the channel has no data file
     */
    public boolean dataRows(int channel, RowVisitor<DataRow> visitor) throws BadInputException, IOException {
        Path file = dir.dataFile(channel);
        try (CsvRows rows = CsvRows.open(file, "data")) {
            rows.requireHeader(BdfColumns.ALL);
            for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
                visitor.visit(new DataRow(row));
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * The last complete row of {@code channel}'s data file; empty when the file is missing or has
     * none. Reads the file's tail only, so it costs the same on a file of any length.
     */
    public Optional<DataRow> lastDataRow(int channel) throws BadInputException {
        Path file = dir.dataFile(channel);
        try {
            Optional<String> line = RunFiles.lastCompleteRow(file);
            if (line.isEmpty()) {
                return Optional.empty();
            }
            String text = String.join(",", BdfColumns.ALL) + "\n" + line.get() + "\n";
            try (CsvRows rows = CsvRows.tail(file, "data", new StringReader(text))) {
                return Optional.of(new DataRow(rows.next()));
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read data (" + e.getMessage() + ")", e);
        }
    }

    /** Test time of the last complete row of {@code channel}'s data, seconds; -Infinity when there is none. */
    public double lastRowTime(int channel) throws BadInputException {
        Optional<DataRow> last = lastDataRow(channel);
        return last.isPresent() ? last.get().testTimeS() : Double.NEGATIVE_INFINITY;
    }

    /**
     * Streams the rows of cycles.csv.
     *
     * @return false when the run has no cycles.csv
     */
    public boolean cycles(RowVisitor<CycleRow> visitor) throws BadInputException, IOException {
        try (CsvRows rows = CsvRows.open(dir.cycles(), "cycles")) {
            rows.requireHeader(CycleColumns.ALL);
            for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
                visitor.visit(new CycleRow(row));
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * One row of a channel's data file, {@link BdfColumns#ALL} in order, in the SI units its column
     * names. Immutable.
     */
    public static final class DataRow {
        private final CsvRows.Row row;

        private DataRow(CsvRows.Row row) {
            this.row = row;
        }

        /** The line of the file the row ends on (the header is line 1); 0 for a row read from the tail. */
        public long line() {
            return row.line();
        }

        /** {@code file:line}, as a message names this row. */
        public String where() {
            return row.where();
        }

        /** Whether the row has every column; the last row of a file cut by a crash may not. */
        public boolean complete() {
            return row.size() == BdfColumns.ALL.size();
        }

        /** Cells in the row: {@code BdfColumns.ALL.size()} when it is complete. */
        public int size() {
            return row.size();
        }

        /** The cell in column {@code column} (a {@link BdfColumns#ALL} position) as written. */
        public String text(int column) {
            return row.text(column);
        }

        /** Whether this row and {@code other} belong to the same step (the same step count). */
        public boolean sameStep(DataRow other) {
            return row.sameText(other.row, STEP_COUNT);
        }

        public double testTimeS() throws BadInputException {
            return row.number(TEST_TIME);
        }

        public double voltageV() throws BadInputException {
            return row.number(VOLTAGE);
        }

        /** Positive = charge. */
        public double currentA() throws BadInputException {
            return row.number(CURRENT);
        }

        public double unixTimeS() throws BadInputException {
            return row.number(UNIX_TIME);
        }

        public long cycleCount() throws BadInputException {
            return row.wholeNumber(CYCLE_COUNT);
        }

        public long stepCount() throws BadInputException {
            return (long) row.number(STEP_COUNT);
        }

        public int stepId() throws BadInputException {
            return (int) row.number(STEP_ID);
        }

        /** The step type as written ({@code CC_CHG}, {@code REST}, ...). */
        public String stepType() {
            return row.text(STEP_TYPE);
        }

        public double stepDischargingAh() throws BadInputException {
            return row.number(STEP_DISCHARGING_CAPACITY);
        }

        /** Test-level, from run start. */
        public double dischargingWh() throws BadInputException {
            return row.number(DISCHARGING_ENERGY);
        }

        /** NaN when the row has no temperature. */
        public double temperatureC() throws BadInputException {
            return row.numberOrNaN(TEMPERATURE);
        }
    }

    /** One row of cycles.csv, {@link CycleColumns#ALL} in order. Immutable. */
    public static final class CycleRow {
        private final CsvRows.Row row;

        private CycleRow(CsvRows.Row row) {
            this.row = row;
        }

        public long line() {
            return row.line();
        }

        /** {@code file:line}, as a message names this row. */
        public String where() {
            return row.where();
        }

        /** Cells in the row. */
        public int size() {
            return row.size();
        }

        /** The cell in column {@code column} (a {@link CycleColumns#ALL} position) as written. */
        public String text(int column) {
            return row.text(column);
        }

        public int channel() throws BadInputException {
            return (int) row.wholeNumber(CYCLE_CHANNEL);
        }

        /** As written: neutralised against spreadsheet formulas. */
        public String barcode() {
            return row.text(CYCLE_BARCODE);
        }

        public int cycleCount() throws BadInputException {
            return (int) row.wholeNumber(CYCLE_CYCLE_COUNT);
        }

        /** The cycle's first discharge run, the one its efficiency is taken from; NaN when empty. */
        public double pairedDischargeAh() throws BadInputException {
            return row.numberOrNaN(CYCLE_PAIRED_DISCHARGE);
        }

        public double dischargingAh() throws BadInputException {
            return row.number(CYCLE_DISCHARGING_CAPACITY);
        }

        /** NaN when the cycle has none (no charge and discharge of comparable depth). */
        public double coulombicEfficiency() throws BadInputException {
            return row.numberOrNaN(CYCLE_EFFICIENCY);
        }
    }
}
