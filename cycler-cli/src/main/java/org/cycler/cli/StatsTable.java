package org.cycler.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.cycler.core.schedule.TickStats;

/** The control loop's timing figures as {@code cycler run --stats} and {@code cycler status} print them. */
final class StatsTable {

    private StatsTable() {
    }

    static void print(PrintWriter out, TickStats.Snapshot stats, boolean virtualClock) {
        out.println();
        out.printf(Locale.ROOT, "control loop: %,d ticks, %,d missed%s%n", stats.ticks(), stats.missedTicks(),
                virtualClock ? " (virtual clock: no deadlines, lateness is 0 by definition)" : "");
        String row = "  %-26s %10s %10s %10s %10s %10s%n";
        out.printf(Locale.ROOT, row, "wall-clock ms", "count", "p50", "p99", "p99.9", "max");
        for (TickStats.Distribution d : stats.distributions()) {
            out.printf(Locale.ROOT, row, d.name(), String.format(Locale.ROOT, "%,d", d.count()), ms(d.p50Ms()),
                    ms(d.p99Ms()), ms(d.p999Ms()), ms(d.maxMs()));
        }
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
