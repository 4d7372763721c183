package org.cycler.core.control;

import java.util.Arrays;
import java.util.TreeSet;

import org.cycler.core.BadInputException;

/**
 * Channel lists as users write them on the command line: {@code 1-8,12,15-16}. Channels are
 * 1-based; the result is sorted and free of duplicates.
 */
public final class ChannelList {

    /** More channels than any cycler has; guards against {@code 1-2000000000}. */
    static final int MAX_CHANNEL = 100_000;

    private ChannelList() {
    }

    public static int[] parse(String option, String text) throws BadInputException {
        TreeSet<Integer> channels = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            String item = part.strip();
            try {
                int dash = item.indexOf('-', 1);
                int from = Integer.parseInt(dash < 0 ? item : item.substring(0, dash).strip());
                int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1).strip());
                if (from < 1 || to < from || to > MAX_CHANNEL) {
                    throw new NumberFormatException();
                }
                for (int ch = from; ch <= to; ch++) {
                    channels.add(ch);
                }
            } catch (NumberFormatException e) {
                throw new BadInputException(option + ": '" + item + "' in '" + text
                        + "' (expected channels such as 1-8,12 from 1 up)");
            }
        }
        return channels.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The compact form of sorted channels: {@code 1-8,12}. */
    public static String format(int[] channels) {
        int[] sorted = channels.clone();
        Arrays.sort(sorted);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sorted.length; i++) {
            int start = sorted[i];
            while (i + 1 < sorted.length && sorted[i + 1] == sorted[i] + 1) {
                i++;
            }
            out.append(out.isEmpty() ? "" : ",").append(start);
            if (sorted[i] != start) {
                out.append('-').append(sorted[i]);
            }
        }
        return out.toString();
    }
}
