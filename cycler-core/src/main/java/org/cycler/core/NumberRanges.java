package org.cycler.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of whole numbers written as people write channel or cycle lists on the command line:
 * {@code 1-8,12}, {@code 3}, {@code 2-5,7-9}. Ranges are inclusive; spaces are allowed around
 * numbers. The one parser of such lists (the SCPI wire form {@code (@1:8,12)} is the driver's own).
 * Immutable.
 */
public final class NumberRanges {

    /** More channels than any cycler has; guards {@link #values()} against {@code 1-2000000000}. */
    public static final int MAX_VALUES = 100_000;

    private static final Pattern ITEM = Pattern.compile("\\s*(\\d{1,9})\\s*(?:-\\s*(\\d{1,9})\\s*)?");

    private final String option;
    private final List<long[]> ranges;
    private final String text;

    private NumberRanges(String option, List<long[]> ranges, String text) {
        this.option = option;
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
        return new NumberRanges(option, List.copyOf(out), text.strip());
    }

    /** A list of channels (from 1), sorted and free of duplicates. */
    public static int[] channels(String option, String text) throws BadInputException {
        return parse(option, text, 1).values();
    }

    public boolean contains(long value) {
        for (long[] r : ranges) {
            if (value >= r[0] && value <= r[1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every number in the set, ascending and once each.
     *
     * @throws BadInputException when the set holds more than {@link #MAX_VALUES} numbers or one beyond it
     */
    public int[] values() throws BadInputException {
        TreeSet<Integer> all = new TreeSet<>();
        for (long[] r : ranges) {
            if (r[1] > MAX_VALUES) {
                throw new BadInputException(String.format(Locale.ROOT, "%s: %d in '%s' (expected at most %d)",
                        option, r[1], text, MAX_VALUES));
            }
            for (long v = r[0]; v <= r[1]; v++) {
                all.add((int) v);
            }
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The compact form of a set of numbers: {@code 1-8,12}. */
    public static String format(int[] values) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sorted.length; i++) {
            int start = sorted[i];
            while (i + 1 < sorted.length && sorted[i + 1] <= sorted[i] + 1) {
                i++;
            }
            out.append(out.isEmpty() ? "" : ",").append(start);
            if (sorted[i] != start) {
                out.append('-').append(sorted[i]);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
