package org.cycler.core.store;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.cycler.core.schedule.CycleSummary;

/** The columns of {@code cycles.csv}: one row per channel and cycle. */
public final class CycleColumns {

    public static final String CHANNEL = "Channel";
    public static final String BARCODE = "Barcode";
    public static final String CYCLE_COUNT = "Cycle Count / 1";
    public static final String CHARGING_CAPACITY = "Charging Capacity / Ah";
    public static final String DISCHARGING_CAPACITY = "Discharging Capacity / Ah";
    public static final String CHARGING_ENERGY = "Charging Energy / Wh";
    public static final String DISCHARGING_ENERGY = "Discharging Energy / Wh";
    public static final String PAIRED_CHARGE = "Paired Charge / Ah";
    public static final String PAIRED_DISCHARGE = "Paired Discharge / Ah";
    public static final String COULOMBIC_EFFICIENCY = "Coulombic Efficiency / 1";
    public static final String END_TIME = "Test Time / s";

    public static final List<String> ALL = List.of(CHANNEL, BARCODE, CYCLE_COUNT, CHARGING_CAPACITY,
            DISCHARGING_CAPACITY, CHARGING_ENERGY, DISCHARGING_ENERGY, PAIRED_CHARGE, PAIRED_DISCHARGE,
            COULOMBIC_EFFICIENCY, END_TIME);

    private static final int CHARGE_PLACES = 7;

    private CycleColumns() {
    }

    static void print(CSVPrinter out, CycleSummary c, String barcode) throws IOException {
        out.printRecord(Integer.toString(c.channel()), CsvText.neutralise(barcode), Integer.toString(c.cycleCount()),
                Decimals.format(c.chargeAh(), CHARGE_PLACES), Decimals.format(c.dischargeAh(), CHARGE_PLACES),
                Decimals.format(c.chargeWh(), CHARGE_PLACES), Decimals.format(c.dischargeWh(), CHARGE_PLACES),
                Decimals.format(c.pairedChargeAh(), CHARGE_PLACES), Decimals.format(c.pairedDischargeAh(), CHARGE_PLACES),
                Decimals.format(c.coulombicEfficiency(), 6),
                Decimals.format(c.endTestTimeS(), 3));
    }

    /**
     * Rewrites {@code file} with the whole rows that {@code keep} accepts (by channel and end test
     * time), ordered by channel then cycle, their text unchanged; rows that are not whole (a torn
     * line) are left out. Written beside it and renamed over it, so a crash leaves one or the
     * other. A missing file stays missing.
     */
    public static void keepRows(Path file, BiPredicate<Integer, Double> keep) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<CSVRecord> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            for (CSVRecord row : parser) {
                if (row.size() != ALL.size()) {
                    continue;
                }
                try {
                    int channel = Integer.parseInt(row.get(CHANNEL));
                    Integer.parseInt(row.get(CYCLE_COUNT));
                    if (keep.test(channel, Double.parseDouble(row.get(END_TIME)))) {
                        rows.add(row);
                    }
                } catch (NumberFormatException torn) {
                    // not a whole row
                }
            }
        }
        rows.sort(Comparator.<CSVRecord>comparingInt(r -> Integer.parseInt(r.get(CHANNEL)))
                .thenComparingInt(r -> Integer.parseInt(r.get(CYCLE_COUNT))));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(ALL.toArray(String[]::new)).get())) {
            for (CSVRecord row : rows) {
                out.printRecord(row.values());
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Replaces {@code file} with the rows ordered by channel then cycle (atomic rename). */
    static void writeSorted(Path file, List<CycleSummary> cycles, Map<Integer, String> barcodes) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(ALL.toArray(String[]::new)).get())) {
            List<CycleSummary> sorted = cycles.stream()
                    .sorted(Comparator.comparingInt(CycleSummary::channel).thenComparingInt(CycleSummary::cycleCount))
                    .toList();
            for (CycleSummary c : sorted) {
                print(out, c, barcodes.getOrDefault(c.channel(), ""));
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
