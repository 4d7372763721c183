package org.cycler.core.store;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cycler.core.BadInputException;
import org.cycler.core.TextFiles;

/**
 * Which cell (barcode) sits on which channel, and which tray pockets are empty. Read from a
 * barcode file or made up for simulated lots. Immutable; channels are 1-based and sorted.
 *
 * <p>A barcode file is CSV in one of three forms, told apart by its first non-blank line:
 * <ul>
 *   <li>a header naming a {@code barcode} column and optionally a {@code channel} column;</li>
 *   <li>two columns without a header: {@code channel,barcode} on every line ({@code 1,A1});</li>
 *   <li>one barcode per line, channels 1, 2, 3, ... in order of the lines.</li>
 * </ul>
 * An empty pocket is a blank line (when lines give the channel order) or an empty barcode: its
 * channel holds no cell and is not run, and later lines keep their channels. Blank lines at the
 * end of the file, and blank lines in a file with a channel column, mean nothing. Cells are
 * trimmed. A barcode may appear only once; one that a spreadsheet would read as a formula is kept
 * as it is here and neutralised wherever it is written to CSV.
 *
 * @param barcodes     channel -> barcode of every channel that holds a cell; at least one
 * @param emptyPockets channels the file marks empty; none of them holds a barcode
 */
public record CellRoster(SortedMap<Integer, String> barcodes, SortedSet<Integer> emptyPockets) {

    /** Longest barcode accepted; real ones are 20-30 characters. */
    public static final int MAX_BARCODE_LENGTH = 64;
    /** Largest barcode file read, bytes: a full line of barcodes for every channel of the largest cabinets. */
    public static final long MAX_FILE_BYTES = 8L << 20;

    public CellRoster {
        barcodes = Collections.unmodifiableSortedMap(new TreeMap<>(barcodes));
        emptyPockets = Collections.unmodifiableSortedSet(new TreeSet<>(emptyPockets));
        if (barcodes.isEmpty()) {
            throw new IllegalArgumentException("a roster holds at least one cell");
        }
        for (int ch : emptyPockets) {
            if (barcodes.containsKey(ch)) {
                throw new IllegalArgumentException("channel " + ch + " is both empty and holds " + barcodes.get(ch));
            }
        }
    }

    /** A roster without empty pockets. */
    public CellRoster(SortedMap<Integer, String> barcodes) {
        this(barcodes, new TreeSet<>());
    }

    /** Channels 1..count with barcodes {@code <prefix>-001}, {@code <prefix>-002}, ... */
    public static CellRoster generated(String prefix, int count) {
        SortedMap<Integer, String> map = new TreeMap<>();
        for (int ch = 1; ch <= count; ch++) {
            map.put(ch, String.format(Locale.ROOT, "%s-%03d", prefix, ch));
        }
        return new CellRoster(map);
    }

    /** The channels that hold a cell, the ones that run. */
    public int[] channels() {
        return barcodes.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The empty pockets' channels, sorted; they do not run. */
    public int[] emptyChannels() {
        return emptyPockets.stream().mapToInt(Integer::intValue).toArray();
    }

    public int maxChannel() {
        return barcodes.lastKey();
    }

    public String barcode(int channel) {
        return barcodes.getOrDefault(channel, "");
    }

    /**
     * The channel -> barcode map in a few lines, one per run of channels: {@code 1-15  A001..A015}
     * where consecutive channels carry barcodes counting up with them, {@code 16  (empty pocket, not run)},
     * otherwise one line per channel.
     */
    public List<String> describe() {
        SortedMap<Integer, String> all = new TreeMap<>(barcodes);
        emptyPockets.forEach(ch -> all.put(ch, ""));
        List<String> lines = new ArrayList<>();
        Integer from = null;
        int to = 0;
        for (Map.Entry<Integer, String> e : all.entrySet()) {
            int ch = e.getKey();
            if (from != null && ch == to + 1 && follows(all.get(to), e.getValue())) {
                to = ch;
                continue;
            }
            if (from != null) {
                lines.add(segment(from, to, all));
            }
            from = ch;
            to = ch;
        }
        lines.add(segment(from, to, all));
        return lines;
    }

    private static String segment(int from, int to, SortedMap<Integer, String> all) {
        String first = all.get(from);
        String what = first.isEmpty() ? (from == to ? "(empty pocket, not run)" : "(empty pockets, not run)")
                : from == to ? first : first + ".." + all.get(to);
        return String.format(Locale.ROOT, "%-9s %s", from == to ? Integer.toString(from) : from + "-" + to, what);
    }

    /** True when {@code next} is {@code previous} counted up by one (same prefix and width), or both are empty. */
    private static boolean follows(String previous, String next) {
        if (previous.isEmpty() || next.isEmpty()) {
            return previous.isEmpty() && next.isEmpty();
        }
        int p = digitsFrom(previous);
        int n = digitsFrom(next);
        if (p == previous.length() || n == next.length() || previous.length() - p > 18 || next.length() - n > 18
                || !previous.substring(0, p).equals(next.substring(0, n))) {
            return false;
        }
        String a = previous.substring(p);
        String b = next.substring(n);
        long expected = Long.parseLong(a) + 1;
        String counted = String.format(Locale.ROOT, "%0" + a.length() + "d", expected);
        return counted.equals(b);
    }

    private static int digitsFrom(String text) {
        int i = text.length();
        while (i > 0 && Character.isDigit(text.charAt(i - 1)) && text.charAt(i - 1) < 128) {
            i--;
        }
        return i;
    }

    /**
     * Reads a barcode file for a cycler with {@code channelCount} channels (0 when the count
     * follows from the file).
     *
     * @throws BadInputException naming {@code file:line} and what was expected
     */
    public static CellRoster read(Path file, int channelCount) throws BadInputException {
        List<Line> lines = lines(file);
        int firstFilled = 0;
        while (firstFilled < lines.size() && lines.get(firstFilled).blank()) {
            firstFilled++;
        }
        if (firstFilled == lines.size()) {
            throw new BadInputException(file + ": no barcodes (expected one barcode per line, 'channel,barcode' lines,"
                    + " or a 'barcode' column)");
        }
        Line head = lines.get(firstFilled);
        int barcodeColumn = 0;
        int channelColumn = -1;
        int first = 0;
        boolean header = false;
        for (int c = 0; c < head.cells().size(); c++) {
            String name = head.cells().get(c).toLowerCase(Locale.ROOT);
            if (name.equals("barcode")) {
                barcodeColumn = c;
                header = true;
            } else if (name.equals("channel")) {
                channelColumn = c;
                header = true;
            }
        }
        boolean twoColumns = !header && head.cells().size() > 1;
        if (header) {
            if (!head.cells().stream().anyMatch(cell -> cell.equalsIgnoreCase("barcode"))) {
                throw new BadInputException(file + ":" + head.number() + ": header has 'channel' but no 'barcode' column");
            }
            first = firstFilled + 1;
        } else if (twoColumns) {
            channelColumn = 0;
            barcodeColumn = 1;
        }
        SortedMap<Integer, String> map = new TreeMap<>();
        SortedSet<Integer> empty = new TreeSet<>();
        Map<String, Long> seen = new HashMap<>();
        Map<Integer, Long> placed = new HashMap<>();
        int next = 1;
        for (int r = first; r < lines.size(); r++) {
            Line row = lines.get(r);
            long line = row.number();
            String where = file + ":" + line + ": ";
            if (twoColumns && !row.blank() && row.cells().size() != 2) {
                throw new BadInputException(where + row.cells().size() + " columns (expected 'channel,barcode' as on line "
                        + head.number() + ")");
            }
            if (row.blank() && channelColumn >= 0) {
                continue;
            }
            String barcode = row.blank() || barcodeColumn >= row.cells().size() ? "" : row.cells().get(barcodeColumn);
            int channel = next++;
            if (channelColumn >= 0) {
                String text = channelColumn < row.cells().size() ? row.cells().get(channelColumn) : "";
                try {
                    channel = Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new BadInputException(where + "channel '" + text + "' is not a whole number");
                }
                if (channel < 1) {
                    throw new BadInputException(where + "channel " + channel + " (channels start at 1)");
                }
            }
            Long earlierChannel = placed.putIfAbsent(channel, line);
            if (earlierChannel != null) {
                throw new BadInputException(where + "channel " + channel + " is given twice (first on line "
                        + earlierChannel + ")");
            }
            if (channelCount > 0 && channel > channelCount) {
                throw new BadInputException(where + "channel " + channel + " does not exist on a "
                        + channelCount + "-channel cycler");
            }
            if (barcode.isEmpty()) {
                empty.add(channel);
                continue;
            }
            if (barcode.length() > MAX_BARCODE_LENGTH) {
                throw new BadInputException(where + "barcode longer than " + MAX_BARCODE_LENGTH + " characters");
            }
            if (barcode.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                throw new BadInputException(where + "barcode contains control characters");
            }
            Long earlier = seen.putIfAbsent(barcode, line);
            if (earlier != null) {
                throw new BadInputException(where + "barcode '" + barcode + "' appears twice (first on line "
                        + earlier + ")");
            }
            map.put(channel, barcode);
        }
        if (map.isEmpty()) {
            throw new BadInputException(file + ": no barcodes" + (empty.isEmpty() ? " after the header"
                    : " (every pocket is empty)"));
        }
        return new CellRoster(map, empty);
    }

    /** One line of the file: its number and trimmed cells; {@code blank} when every cell is empty. */
    private record Line(long number, List<String> cells, boolean blank) {
    }

    /** The file's lines without the blank ones at its end. */
    private static List<Line> lines(Path file) throws BadInputException {
        List<Line> lines = new ArrayList<>();
        try (Reader in = new StringReader(TextFiles.read(file, MAX_FILE_BYTES));
             CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setTrim(true).get().parse(in)) {
            for (CSVRecord record : parser) {
                List<String> cells = record.toList();
                lines.add(new Line(parser.getCurrentLineNumber(), cells, cells.stream().allMatch(String::isEmpty)));
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(file + ": no such barcode file", e);
        } catch (FileSystemException e) {
            throw new BadInputException(file + ": cannot read barcode file (" + e.getReason() + ")", e);
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": cannot read barcode file (not UTF-8 text)", e);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ": cannot read barcode file (" + e.getMessage() + ")", e);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).blank()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
