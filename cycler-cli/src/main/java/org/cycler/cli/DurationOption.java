package org.cycler.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cycler.core.BadInputException;

/**
 * Parses option durations such as {@code 100ms}, {@code 1s}, {@code 2.5 min} (or {@code 10m}, as
 * {@code sleep} and {@code timeout} spell minutes), {@code 1h}.
 */
final class DurationOption {

    private static final Pattern FORM = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|min|m|h)?\\s*");

    private DurationOption() {
    }

    static Duration parse(String option, String text) throws BadInputException {
        Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BadInputException(option + ": '" + text + "' (expected a duration such as 100ms, 1s, 5min, 1h)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double seconds = switch (unit) {
            case "ms" -> value / 1000;
            case "min", "m" -> value * 60;
            case "h" -> value * 3600;
            default -> value;
        };
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
