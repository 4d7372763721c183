package org.cycler.core.grading;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVPrinter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Graded cells as {@code cycler bins} prints them: CSV with {@link GradesFile#COLUMNS} (text
 * neutralised against spreadsheet formulas), a JSON array of objects, or a table for people.
 * Only data goes to the writer. Stateless.
 */
public final class GradeOutput {

    private static final JsonFactory JSON = new JsonFactory();

    private GradeOutput() {
    }

    /** The JSON key of a figure: its key and unit, {@code capacity_ah}, {@code dcir_mohm}, {@code k_mv_per_day}. */
    public static String jsonKey(Figure f) {
        return switch (f) {
            case CAPACITY -> "capacity_ah";
            case ENERGY -> "energy_wh";
            case DCIR -> "dcir_mohm";
            case OCV -> "ocv_v";
            case K -> "k_mv_per_day";
            case FIRST_CYCLE_CE -> "first_cycle_ce";
            case LAST_CYCLE_CE -> "last_cycle_ce";
        };
    }

    public static void csv(Writer out, List<GradedCell> cells) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, GradesFile.format());
        for (GradedCell c : cells) {
            GradesFile.printRow(printer, c, List.of());
        }
        printer.flush();
    }

    /**
     * {@code [{"barcode": ..., "channel": 1, "bin": "A", "reason": "", "capacity_ah": 5.01, ...}]}:
     * figures in the units their keys name, null when unknown, efficiencies as ratios.
     */
    public static void json(Writer out, List<GradedCell> cells) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartArray();
            for (GradedCell c : cells) {
                writeCell(g, c);
            }
            g.writeEndArray();
        }
        out.write('\n');
        out.flush();
    }

    /** One graded cell as a JSON object. */
    static void writeCell(JsonGenerator g, GradedCell c) throws IOException {
        g.writeStartObject();
        g.writeStringField("barcode", c.barcode());
        g.writeNumberField("channel", c.channel());
        g.writeStringField("bin", c.bin());
        g.writeStringField("reason", c.reason());
        for (Figure f : Figure.values()) {
            g.writeFieldName(jsonKey(f));
            if (c.has(f)) {
                g.writeNumber(round(f.toColumn(c.value(f)), f.places()));
            } else {
                g.writeNull();
            }
        }
        g.writeEndObject();
    }

    static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    /** A table for people: one line per cell, figures in their display units, '-' for unknown. */
    public static String table(List<GradedCell> cells) {
        int barcodeWidth = Math.max(7, cells.stream().mapToInt(c -> c.barcode().length()).max().orElse(7));
        int binWidth = Math.max(3, cells.stream().mapToInt(c -> c.bin().length()).max().orElse(3));
        String row = "%-" + barcodeWidth + "s  %4s  %-" + binWidth + "s  %9s  %9s  %9s  %8s  %10s  %6s  %6s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, row, "BARCODE", "CH", "BIN", "CAP Ah", "ENERGY Wh", "DCIR mOhm",
                "OCV V", "K mV/day", "CE1 %", "CEn %", "REASON"));
        for (GradedCell c : cells) {
            out.append(String.format(Locale.ROOT, row, c.barcode(), c.channel(), c.bin(),
                    shown(c, Figure.CAPACITY, "%.4f"), shown(c, Figure.ENERGY, "%.3f"), shown(c, Figure.DCIR, "%.2f"),
                    shown(c, Figure.OCV, "%.4f"), shown(c, Figure.K, "%.3f"), shown(c, Figure.FIRST_CYCLE_CE, "%.2f"),
                    shown(c, Figure.LAST_CYCLE_CE, "%.2f"), c.reason()));
        }
        return out.toString();
    }

    private static String shown(GradedCell c, Figure f, String format) {
        return c.has(f) ? String.format(Locale.ROOT, format, f.toShown(c.value(f))) : "-";
    }
}
