package org.cycler.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them: {@code 41 h 34 min}, {@code 3 min 20 s}, {@code 6 d 4 h}. */
final class Durations {

    /** Past this, days read better than hours. */
    private static final long DAYS_FROM_S = 100 * 3600;

    private Durations() {
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= DAYS_FROM_S) {
            return String.format(Locale.ROOT, "%d d %d h", s / 86_400, (s % 86_400) / 3600);
        }
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
