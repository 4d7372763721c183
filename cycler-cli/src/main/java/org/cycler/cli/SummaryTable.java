package org.cycler.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

import org.cycler.core.NumberRanges;
import org.cycler.core.run.FormationRun;
import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.ChannelView;
import org.cycler.core.schedule.CycleSummary;

/**
 * The per-channel table {@code cycler run} prints at the end. CAPACITY is the discharge capacity
 * of the recipe's {@code measure: capacity} step, or of the last discharge when it has none.
 */
final class SummaryTable {

    private SummaryTable() {
    }

    static void print(PrintWriter out, FormationRun.RunResult result) {
        int barcodeWidth = Math.max(7, result.roster().barcodes().values().stream().mapToInt(String::length).max().orElse(7));
        String row = "%4s  %-" + barcodeWidth + "s  %-7s  %6s  %12s  %s%n";
        out.println();
        out.printf(Locale.ROOT, row, "CH", "BARCODE", "STATE", "CYCLES", "CAPACITY Ah", "FAULT");
        for (ChannelView c : result.channels()) {
            String fault = c.faultReason() == null ? "-" : c.faultReason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + ": " + c.message();
            double ah = Double.isNaN(c.measuredCapacityAh()) ? c.lastDischargeCapacityAh() : c.measuredCapacityAh();
            String capacity = Double.isNaN(ah) ? "-" : String.format(Locale.ROOT, "%.4f", ah);
            out.printf(Locale.ROOT, row, c.channel(), result.roster().barcode(c.channel()), c.state(), c.cycleCount(),
                    capacity, fault);
        }
        Map<ChannelState, Integer> counts = result.countByState();
        StringBuilder states = new StringBuilder();
        counts.forEach((state, n) -> states.append(states.isEmpty() ? "" : ", ").append(n).append(' ')
                .append(state.name().toLowerCase(Locale.ROOT)));
        out.println();
        out.printf(Locale.ROOT, "%d channels: %s; %d data rows%s%n", result.channels().size(), states,
                result.rowsWritten(), result.rowsDropped() > 0 ? " (" + result.rowsDropped() + " dropped: writer behind)" : "");
        if (!result.partialCycles().isEmpty()) {
            StringBuilder which = new StringBuilder();
            for (CycleSummary c : result.partialCycles()) {
                which.append(which.isEmpty() ? "" : ", ").append("ch ").append(c.channel()).append(" cycle ")
                        .append(c.cycleCount()).append(String.format(Locale.ROOT, " (%.4f Ah charged, %.4f Ah discharged)",
                                c.pairedChargeAh(), c.pairedDischargeAh()));
            }
            out.printf(Locale.ROOT, "coulombic efficiency left empty for %d partial cycle(s), the smaller of charge and "
                    + "discharge under %.0f %% of the larger: %s%n", result.partialCycles().size(),
                    100 * CycleSummary.MIN_DEPTH_RATIO, which);
        }
        if (!result.roster().emptyPockets().isEmpty()) {
            out.printf(Locale.ROOT, "empty pockets, not run: channel %s%n",
                    NumberRanges.format(result.roster().emptyChannels()));
        }
        out.printf(Locale.ROOT, "test time %s on %d channels in %.1f s wall: %,.0f channel-seconds per wall second%n",
                ProgressDisplay.clock(result.end().testTimeS()), result.channels().size(), result.wallS(),
                result.channelSecondsPerWallSecond());
        out.printf(Locale.ROOT, "run directory: %s (data/, cycles.csv, %srun.json)%n",
                result.directory().root(), java.nio.file.Files.exists(result.directory().simCells()) ? "sim-cells.csv, " : "");
    }
}
