package org.cycler.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them: {@code 21 h 34 min}, {@code 3 min 20 s}, {@code 2 d 4 h}. */
final class Durations {

    private Durations() {
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 86_400) {
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
