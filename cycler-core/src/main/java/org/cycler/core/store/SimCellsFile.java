package org.cycler.core.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.SimulatedInstrument.ChannelErrors;

/**
 * {@code sim-cells.csv}: the truth about each simulated cell that holds a barcode, and about the
 * channel's measuring errors (a reading is {@code (1 + gain error) * truth + offset}), so grading
 * can be checked against it. One row per channel in the roster.
 */
public final class SimCellsFile {

    public static final List<String> COLUMNS = List.of("Channel", "Barcode", "Chemistry", "Capacity / Ah",
            "R0 / Ohm", "R1 / Ohm", "Tau1 / s", "R2 / Ohm", "Tau2 / s", "Diffusion Lead / 1/A",
            "Tau Diffusion / s", "Leakage Current / A", "SEI Loss / Ah",
            "Defect", "Current Gain Error / 1", "Current Offset / A", "Voltage Gain Error / 1", "Voltage Offset / V");

    private SimCellsFile() {
    }

    /** {@code cells.get(ch - 1)} sits on channel {@code ch}, which measures with {@code errors.get(ch - 1)}. */
    public static void write(Path file, List<CellParameters> cells, List<ChannelErrors> errors, CellRoster roster)
            throws IOException {
        try (CSVPrinter out = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(COLUMNS.toArray(String[]::new)).get())) {
            for (int ch : roster.channels()) {
                CellParameters c = cells.get(ch - 1);
                ChannelErrors e = errors.get(ch - 1);
                out.printRecord(Integer.toString(ch), CsvText.neutralise(roster.barcode(ch)), c.chemistry().name(),
                        Decimals.format(c.capacityAh(), 6), Decimals.format(c.r0Ohm(), 7), Decimals.format(c.r1Ohm(), 7),
                        Decimals.format(c.tau1S(), 3), Decimals.format(c.r2Ohm(), 7), Decimals.format(c.tau2S(), 3),
                        Decimals.format(c.diffusionSocPerA(), 9), Decimals.format(c.tauDiffusionS(), 3),
                        Decimals.format(c.leakageCurrentA(), 9), Decimals.format(c.seiLossAh(), 6), c.defect().name(),
                        Decimals.format(e.currentGainError(), 9), Decimals.format(e.currentOffsetA(), 9),
                        Decimals.format(e.voltageGainError(), 9), Decimals.format(e.voltageOffsetV(), 9));
            }
        }
    }
}
