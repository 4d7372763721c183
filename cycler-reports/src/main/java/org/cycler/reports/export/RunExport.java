package org.cycler.reports.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cycler.core.BadInputException;
import org.cycler.core.NumberRanges;
import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.CsvText;
import org.cycler.core.store.CycleColumns;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunInfo;
import org.cycler.core.store.RunReader;

/**
 * Exports a run's data for lab tools, filtered by channel and cycle:
 * <ul>
 *   <li>{@link #bdfFiles}: one Battery Data Format file per cell, the run's columns unchanged,
 *       named {@code ch-NNN_<barcode>.bdf.csv}, plus the filtered {@code cycles.csv};</li>
 *   <li>{@link #wide}: one long CSV, {@code Barcode} and {@code Channel} and then the Battery Data
 *       Format columns, every selected channel one after another.</li>
 * </ul>
 * Values are copied as the run wrote them: test-level capacities and energies still count from
 * run start when cycles are filtered out. Rows are streamed one at a time, so memory does not grow
 * with the data. Every numeric cell is checked to be a number and text is neutralised, so no cell
 * of an export can start a spreadsheet formula. Stateless.
 */
public final class RunExport {

    /** The long CSV's columns. */
    public static final List<String> WIDE_COLUMNS = wideColumns();

    /** Write buffer of an export file, bytes. */
    private static final int BUFFER_BYTES = 1 << 16;

    private static final int STEP_TYPE = BdfColumns.ALL.indexOf(BdfColumns.STEP_TYPE);

    private RunExport() {
    }

    /**
     * What to export.
     *
     * @param channels the channels wanted; empty for every channel of the run
     * @param cycles   the cycles wanted; empty for every cycle
     */
    public record Selection(Optional<NumberRanges> channels, Optional<NumberRanges> cycles) {
        public static final Selection ALL = new Selection(Optional.empty(), Optional.empty());

        boolean channel(int ch) {
            return channels.map(r -> r.contains(ch)).orElse(true);
        }

        boolean cycle(long cycle) {
            return cycles.map(r -> r.contains(cycle)).orElse(true);
        }
    }

    /** What an export wrote. */
    public record Result(int channels, long rows, List<Path> files) {
    }

    /**
     * Writes one BDF file per selected cell, and the selected rows of cycles.csv, into {@code outDir}
     * (created if needed; files of the same names are replaced, each only once complete). Refuses an
     * {@code outDir} inside any run directory ({@link ExportTarget#requireOutsideRuns}).
     */
    public static Result bdfFiles(RunDirectory run, Selection selection, Path outDir) throws BadInputException, IOException {
        List<RunInfo.ChannelInfo> channels = selected(run, selection);
        List<Path> files = new ArrayList<>();
        for (RunInfo.ChannelInfo ch : channels) {
            files.add(outDir.resolve(String.format(Locale.ROOT, "ch-%03d_%s.bdf.csv", ch.channel(), safeName(ch.barcode()))));
        }
        files.add(outDir.resolve("cycles.csv"));
        ExportTarget.requireOutsideRuns(outDir, run);
        for (Path file : files) {
            ExportTarget.requireOutsideRuns(file, run);
        }
        Files.createDirectories(outDir);
        long rows = 0;
        RunReader reader = new RunReader(run);
        for (int i = 0; i < channels.size(); i++) {
            int channel = channels.get(i).channel();
            rows += ExportTarget.write(files.get(i), out -> {
                header(out, BdfColumns.ALL);
                return copy(reader, channel, selection, out, "");
            });
        }
        ExportTarget.write(files.get(channels.size()), out -> cycles(run, selection, out));
        return new Result(channels.size(), rows, files);
    }

    /** Writes the long CSV of the selected channels and cycles to {@code out}. */
    public static Result wide(RunDirectory run, Selection selection, Writer out) throws BadInputException, IOException {
        List<RunInfo.ChannelInfo> channels = selected(run, selection);
        Writer buffered = out instanceof BufferedWriter ? out : new BufferedWriter(out, BUFFER_BYTES);
        header(buffered, WIDE_COLUMNS);
        long rows = 0;
        RunReader reader = new RunReader(run);
        for (RunInfo.ChannelInfo ch : channels) {
            StringBuilder lead = new StringBuilder();
            field(lead, CsvText.neutralise(ch.barcode()));
            lead.append(',').append(ch.channel()).append(',');
            rows += copy(reader, ch.channel(), selection, buffered, lead.toString());
        }
        buffered.flush();
        return new Result(channels.size(), rows, List.of());
    }

    /** Writes the rows of the run's cycles.csv whose channel and cycle are selected. */
    public static long cycles(RunDirectory run, Selection selection, Writer out) throws BadInputException, IOException {
        long[] rows = {0};
        CSVPrinter printer = new CSVPrinter(out, format(CycleColumns.ALL));
        int barcode = CycleColumns.ALL.indexOf(CycleColumns.BARCODE);
        Path file = run.cycles();
        new RunReader(run).cycles(row -> {
            if (!selection.channel(row.channel()) || !selection.cycle(row.cycleCount())) {
                return;
            }
            for (int i = 0; i < row.size(); i++) {
                String value = row.text(i);
                printer.print(i == barcode ? safeText(value) : number(value, file, row.line()));
            }
            printer.println();
            rows[0]++;
        });
        printer.flush();
        return rows[0];
    }

    /**
     * Copies the selected rows of one data file, each after {@code lead} (cells already written as
     * CSV, ending in a comma, or empty); returns the rows copied. Rows are written as text directly:
     * numeric cells need no quoting once checked, and the one text column is quoted when it must be.
     */
    private static long copy(RunReader reader, int channel, Selection selection, Writer out, String lead)
            throws BadInputException, IOException {
        long[] rows = {0};
        StringBuilder line = new StringBuilder(256);
        Path file = reader.directory().dataFile(channel);
        int columns = BdfColumns.ALL.size();
        reader.dataRows(channel, row -> {
            if (!row.complete()) {
                throw new BadInputException(row.where() + ": " + row.size() + " columns (expected " + columns + ")");
            }
            if (selection.cycles().isPresent() && !selection.cycle(row.cycleCount())) {
                return;
            }
            line.setLength(0);
            line.append(lead);
            for (int i = 0; i < columns; i++) {
                if (i > 0) {
                    line.append(',');
                }
                String value = row.text(i);
                if (i == STEP_TYPE) {
                    field(line, safeText(value));
                } else {
                    line.append(number(value, file, row.line()));
                }
            }
            line.append('\n');
            out.append(line);
            rows[0]++;
        });
        return rows[0];
    }

    private static void header(Writer out, List<String> columns) throws IOException {
        StringBuilder line = new StringBuilder();
        for (String c : columns) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            field(line, c);
        }
        out.append(line).append('\n');
    }

    /** One text cell as RFC 4180 CSV: quoted, with quotes doubled, when it holds a comma, quote or line break. */
    static void field(StringBuilder out, String text) {
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.append(text);
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c);
            if (c == '"') {
                out.append('"');
            }
        }
        out.append('"');
    }

    /**
     * {@code value} when it reads as a number or is empty: a sign or digit first, then digits and at
     * most a point and an exponent. Checked by characters, not parsed, to keep the export fast.
     */
    static String number(String value, Path file, long line) throws BadInputException {
        if (!looksNumeric(value)) {
            throw new BadInputException(file + ":" + line + ": '" + value + "' where a number belongs");
        }
        return value;
    }

    static boolean looksNumeric(String value) {
        int n = value.length();
        if (n == 0) {
            return true;
        }
        int i = value.charAt(0) == '-' ? 1 : 0;
        if (i == n) {
            return false;
        }
        boolean digit = false;
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != 'e' && c != 'E' && !(c == '-' && i > 0 && (value.charAt(i - 1) == 'e'
                    || value.charAt(i - 1) == 'E'))) {
                return false;
            }
        }
        return digit;
    }

    private static String safeText(String value) {
        return CsvText.neutralise(value);
    }

    /** A barcode as a file-name part: letters, digits, '.', '_' and '-' kept, anything else '_'. */
    static String safeName(String barcode) {
        String name = barcode.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || name.startsWith(".") ? "_" + name : name;
    }

    private static List<RunInfo.ChannelInfo> selected(RunDirectory run, Selection selection) throws BadInputException {
        RunInfo info = new RunReader(run).info();
        List<RunInfo.ChannelInfo> out = new ArrayList<>();
        for (RunInfo.ChannelInfo ch : info.channels()) {
            if (selection.channel(ch.channel())) {
                out.add(ch);
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException("--channels: " + selection.channels().map(Object::toString).orElse("")
                    + " selects no channel of the run (it has " + info.channels().size() + " channels)");
        }
        return out;
    }

    private static CSVFormat format(List<String> header) {
        return CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(header.toArray(String[]::new)).get();
    }

    private static List<String> wideColumns() {
        List<String> out = new ArrayList<>();
        out.add("Barcode");
        out.add("Channel");
        out.addAll(BdfColumns.ALL);
        return List.copyOf(out);
    }
}
