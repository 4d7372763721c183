package org.cycler.core.store;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cycler.core.BadInputException;

/**
 * A CSV file of a run directory with a header line, streamed one record at a time: the one place
 * that parses the run's CSV (Commons CSV underneath). Each {@link #next} costs one record and no
 * map; columns are found by position, once, from the header. Every error names the file, and
 * where a row is at fault its line and column. One reader per file, on one thread; close it.
 */
public final class CsvRows implements AutoCloseable {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    private final Path file;
    private final String what;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    /** Whether the records come from a file's tail, where line numbers are unknown. */
    private final boolean tail;

    private CsvRows(Path file, String what, CSVParser parser, boolean tail) {
        this.file = file;
        this.what = what;
        this.parser = parser;
        this.tail = tail;
        this.records = parser.iterator();
        this.header = parser.getHeaderNames();
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @param what what the file holds, for messages: {@code data}, {@code cycles}, {@code grades}
     * @throws java.nio.file.NoSuchFileException when there is no such file
     * @throws BadInputException when the header cannot be read
     */
    public static CsvRows open(Path file, String what) throws IOException, BadInputException {
        Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            return new CsvRows(file, what, FORMAT.parse(in), false);
        } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            in.close();
            throw new BadInputException(file + ": cannot read " + what + " (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Rows of {@code file}'s tail, given as a header line and the rows in {@code text}: their lines
     * are unknown, so messages say {@code (last row)}.
     */
    static CsvRows tail(Path file, String what, Reader text) throws IOException, BadInputException {
        try {
            return new CsvRows(file, what, FORMAT.parse(text), true);
        } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw new BadInputException(file + ": cannot read " + what + " (" + e.getMessage() + ")", e);
        }
    }

    public Path file() {
        return file;
    }

    /** The column names, in file order. */
    public List<String> header() {
        return header;
    }

    /** Requires the header to be {@code expected}, in that order. */
    public void requireHeader(List<String> expected) throws BadInputException {
        if (!header.equals(expected)) {
            throw new BadInputException(file + ": unexpected header (expected " + String.join(",", expected) + ")");
        }
    }

    /**
     * The position of column {@code name}.
     *
     * @param expected what the file should be, for the message: {@code a grades file}
     */
    public int column(String name, String expected) throws BadInputException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new BadInputException(file + ": no column '" + name + "' (expected " + expected + ")");
        }
        return i;
    }

    /** The next record, or null after the last. */
    public Row next() throws BadInputException {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord record = records.next();
            return new Row(record, tail ? 0 : parser.getCurrentLineNumber());
        } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw new BadInputException(file + ": cannot read " + what + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** One record and the line it ends on; immutable. */
    public final class Row {
        private final CSVRecord record;
        private final long line;

        private Row(CSVRecord record, long line) {
            this.record = record;
            this.line = line;
        }

        /** The line of the file this record ends on, 1-based (the header is line 1); 0 in a tail. */
        public long line() {
            return line;
        }

        /** Cells in this record; fewer than the header's when the row was torn. */
        public int size() {
            return record.size();
        }

        public Path file() {
            return file;
        }

        /** {@code file:line}, or {@code file (last row)} in a tail: how a message names this record. */
        public String where() {
            return tail ? file + " (last row)" : file + ":" + line;
        }

        public String text(int column) {
            return record.get(column);
        }

        /** Whether this record's cell in {@code column} is the same text as {@code other}'s. */
        public boolean sameText(Row other, int column) {
            return record.get(column).equals(other.record.get(column));
        }

        /** A finite number; anything else is an error naming the file, line and column. */
        public double number(int column) throws BadInputException {
            String text = record.get(column);
            try {
                double v = Double.parseDouble(text);
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new BadInputException(where() + ": '" + text + "' in column '" + header.get(column)
                    + "' is not a number");
        }

        /** {@link #number}, or NaN for an empty cell. */
        public double numberOrNaN(int column) throws BadInputException {
            return record.get(column).isEmpty() ? Double.NaN : number(column);
        }

        /** A whole number; anything else is an error naming the file, line and column. */
        public long wholeNumber(int column) throws BadInputException {
            String text = record.get(column);
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new BadInputException(where() + ": '" + text + "' in column '" + header.get(column)
                        + "' is not a whole number", e);
            }
        }
    }
}
