package org.cycler.core.store;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cycler.core.BadInputException;
import org.cycler.core.TextFiles;

/**
 * Which cell (barcode) sits on which channel. Read from a barcode file or made up for simulated
 * lots. Immutable; channels are 1-based and sorted.
 *
 * <p>A barcode file is CSV: either one barcode per line (channels 1, 2, 3, ... in order), or a
 * header naming a {@code barcode} column and optionally a {@code channel} column. Blank lines are
 * skipped and cells trimmed. A barcode may appear only once; one that a spreadsheet would read as
 * a formula is kept as it is here and neutralised wherever it is written to CSV.
 */
public record CellRoster(SortedMap<Integer, String> barcodes) {

    /** Longest barcode accepted; real ones are 20-30 characters. */
    public static final int MAX_BARCODE_LENGTH = 64;
    /** Largest barcode file read, bytes: a full line of barcodes for every channel of the largest cabinets. */
    public static final long MAX_FILE_BYTES = 8L << 20;

    public CellRoster {
        barcodes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(barcodes));
        if (barcodes.isEmpty()) {
            throw new IllegalArgumentException("a roster holds at least one cell");
        }
    }

    /** Channels 1..count with barcodes {@code <prefix>-001}, {@code <prefix>-002}, ... */
    public static CellRoster generated(String prefix, int count) {
        SortedMap<Integer, String> map = new TreeMap<>();
        for (int ch = 1; ch <= count; ch++) {
            map.put(ch, String.format(Locale.ROOT, "%s-%03d", prefix, ch));
        }
        return new CellRoster(map);
    }

    public int[] channels() {
        return barcodes.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    public int maxChannel() {
        return barcodes.lastKey();
    }

    public String barcode(int channel) {
        return barcodes.getOrDefault(channel, "");
    }

    /**
     * Reads a barcode file for a cycler with {@code channelCount} channels (0 when the count
     * follows from the file).
     */
    public static CellRoster read(Path file, int channelCount) throws BadInputException {
        List<CSVRecord> records = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (Reader in = new StringReader(TextFiles.read(file, MAX_FILE_BYTES));
             CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get().parse(in)) {
            for (CSVRecord record : parser) {
                if (!(record.size() == 1 && record.get(0).isEmpty())) {
                    records.add(record);
                    lines.add(parser.getCurrentLineNumber());
                }
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
        if (records.isEmpty()) {
            throw new BadInputException(file + ": no barcodes (expected one barcode per line, or a 'barcode' column)");
        }
        int barcodeColumn = 0;
        int channelColumn = -1;
        int first = 0;
        CSVRecord head = records.get(0);
        for (int c = 0; c < head.size(); c++) {
            String name = head.get(c).toLowerCase(Locale.ROOT);
            if (name.equals("barcode")) {
                barcodeColumn = c;
                first = 1;
            } else if (name.equals("channel")) {
                channelColumn = c;
                first = 1;
            }
        }
        if (first == 1 && channelColumn >= 0 && !headerHas(head, "barcode")) {
            throw new BadInputException(file + ":1: header has 'channel' but no 'barcode' column");
        }
        SortedMap<Integer, String> map = new TreeMap<>();
        Map<String, Long> seen = new HashMap<>();
        int next = 1;
        for (int r = first; r < records.size(); r++) {
            CSVRecord record = records.get(r);
            long line = lines.get(r);
            String barcode = barcodeColumn < record.size() ? record.get(barcodeColumn) : "";
            if (barcode.isEmpty()) {
                throw new BadInputException(file + ":" + line + ": empty barcode");
            }
            if (barcode.length() > MAX_BARCODE_LENGTH) {
                throw new BadInputException(file + ":" + line + ": barcode longer than " + MAX_BARCODE_LENGTH + " characters");
            }
            if (barcode.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                throw new BadInputException(file + ":" + line + ": barcode contains control characters");
            }
            Long earlier = seen.putIfAbsent(barcode, line);
            if (earlier != null) {
                throw new BadInputException(file + ":" + line + ": barcode '" + barcode + "' appears twice (first on line "
                        + earlier + ")");
            }
            int channel = next++;
            if (channelColumn >= 0) {
                String text = channelColumn < record.size() ? record.get(channelColumn) : "";
                try {
                    channel = Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new BadInputException(file + ":" + line + ": channel '" + text + "' is not a whole number");
                }
                if (channel < 1) {
                    throw new BadInputException(file + ":" + line + ": channel " + channel + " (channels start at 1)");
                }
                if (map.containsKey(channel)) {
                    throw new BadInputException(file + ":" + line + ": channel " + channel + " is given twice");
                }
            }
            if (channelCount > 0 && channel > channelCount) {
                throw new BadInputException(file + ":" + line + ": channel " + channel + " does not exist on a "
                        + channelCount + "-channel cycler");
            }
            map.put(channel, barcode);
        }
        if (map.isEmpty()) {
            throw new BadInputException(file + ": no barcodes after the header");
        }
        return new CellRoster(map);
    }

    private static boolean headerHas(CSVRecord head, String column) {
        for (String cell : head) {
            if (cell.equalsIgnoreCase(column)) {
                return true;
            }
        }
        return false;
    }
}
