package org.cycler.reports.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cycler.core.BadInputException;

/**
 * A set of whole numbers written as people write channel or cycle lists: {@code 1-8,12},
 * {@code 3}, {@code 2-5,7-9}. Ranges are inclusive; spaces are allowed around numbers. Immutable.
 */
public final class NumberRanges {

    private static final Pattern ITEM = Pattern.compile("\\s*(\\d{1,9})\\s*(?:-\\s*(\\d{1,9})\\s*)?");

    private final List<long[]> ranges;
    private final String text;

    private NumberRanges(List<long[]> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /**
     * Parses {@code text}; {@code option} names it in messages, e.g. {@code --channels}.
     *
     * @param min smallest number allowed (1 for channels, 0 for cycles)
     */
    public static NumberRanges parse(String option, String text, long min) throws BadInputException {
        List<long[]> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            Matcher m = ITEM.matcher(item);
            if (!m.matches()) {
                throw new BadInputException(option + ": '" + text + "' (expected numbers and ranges such as 1-8,12)");
            }
            long low = Long.parseLong(m.group(1));
            long high = m.group(2) == null ? low : Long.parseLong(m.group(2));
            if (low > high) {
                throw new BadInputException(String.format(Locale.ROOT, "%s: range %d-%d runs backwards (expected low-high)",
                        option, low, high));
            }
            if (low < min) {
                throw new BadInputException(String.format(Locale.ROOT, "%s: %d (expected %d or more)", option, low, min));
            }
            out.add(new long[] {low, high});
        }
        return new NumberRanges(List.copyOf(out), text.strip());
    }

    public boolean contains(long value) {
        for (long[] r : ranges) {
            if (value >= r[0] && value <= r[1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
