package org.cycler.hal.scpi;

import java.util.Arrays;

/**
 * SCPI channel lists (DESIGN section 9): {@code (@1)}, {@code (@1,3,5)}, {@code (@1:64)}, and
 * mixtures such as {@code (@1:4,9,12:16)}. Channels are 1-based. Stateless and thread-safe.
 */
public final class ChannelList {

    private ChannelList() {
    }

    /**
     * Appends the shortest list naming {@code channels[0, count)}, which must be ascending and
     * distinct: runs of three or more become ranges, e.g. {@code (@1:3,5,7:9)}.
     */
    public static StringBuilder append(StringBuilder out, int[] channels, int count) {
        return append(out, channels, 0, count);
    }

    /** As {@link #append(StringBuilder, int[], int)}, for {@code channels[from, to)}. */
    public static StringBuilder append(StringBuilder out, int[] channels, int from, int to) {
        if (to - from < 1) {
            throw new IllegalArgumentException("a channel list names at least one channel");
        }
        out.append("(@");
        int k = from;
        int count = to;
        while (k < count) {
            int first = channels[k];
            int last = first;
            int j = k + 1;
            while (j < count && channels[j] == last + 1) {
                last = channels[j];
                j++;
            }
            if (k > from) {
                out.append(',');
            }
            out.append(first);
            if (last >= first + 2) {
                out.append(':').append(last);
                k = j;
            } else {
                k++;
            }
        }
        return out.append(')');
    }

    /** The list of channels {@code 1..count}: {@code (@1:count)}, or {@code (@1)}. */
    public static String all(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a channel list names at least one channel");
        }
        return count == 1 ? "(@1)" : count == 2 ? "(@1,2)" : "(@1:" + count + ")";
    }

    /**
     * Reads a channel list, checking each channel against {@code channelCount}.
     *
     * @return the channels in the order written, ranges expanded (ascending or descending)
     * @throws ScpiException {@link ScpiError#SYNTAX} for a malformed list,
     *                       {@link ScpiError#OUT_OF_RANGE} for a channel outside {@code 1..channelCount}
     */
    public static int[] parse(String text, int channelCount) throws ScpiException {
        return parse(text, 0, text.length(), channelCount);
    }

    /** As {@link #parse(String, int)}, for the list in {@code text[from, to)}, without copying it out. */
    public static int[] parse(String text, int from, int to, int channelCount) throws ScpiException {
        int a = ScpiNumbers.firstNonBlank(text, from, to);
        int b = ScpiNumbers.endOfNonBlank(text, a, to);
        if (b - a < 4 || text.charAt(a) != '(' || text.charAt(a + 1) != '@' || text.charAt(b - 1) != ')') {
            throw new ScpiException(ScpiError.SYNTAX);
        }
        int[] out = null;
        int n = 0;
        int end = b - 1;
        for (int item = a + 2; ; ) {
            int comma = item;
            while (comma < end && text.charAt(comma) != ',') {
                comma++;
            }
            int colon = item;
            while (colon < comma && text.charAt(colon) != ':') {
                colon++;
            }
            int first = channel(text, item, colon, channelCount);
            int last = colon == comma ? first : channel(text, colon + 1, comma, channelCount);
            if (out == null) {
                // A list of one item, (@n) or (@a:b), as a tick's lists mostly are, gets its array at its size.
                out = new int[comma == end ? Math.abs(last - first) + 1 : 8];
            }
            int step = last >= first ? 1 : -1;
            for (int ch = first; ; ch += step) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = ch;
                if (ch == last) {
                    break;
                }
            }
            if (comma == end) {
                return n == out.length ? out : Arrays.copyOf(out, n);
            }
            item = comma + 1;
        }
    }

    /** The channel number in {@code text[from, to)}, blanks around it allowed. */
    private static int channel(String text, int from, int to, int channelCount) throws ScpiException {
        int a = ScpiNumbers.firstNonBlank(text, from, to);
        int b = ScpiNumbers.endOfNonBlank(text, a, to);
        if (a == b || b - a > 9) {
            throw new ScpiException(ScpiError.SYNTAX);
        }
        int ch = 0;
        for (int k = a; k < b; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                throw new ScpiException(ScpiError.SYNTAX);
            }
            ch = ch * 10 + (c - '0');
        }
        if (ch < 1 || ch > channelCount) {
            throw new ScpiException(ScpiError.OUT_OF_RANGE);
        }
        return ch;
    }
}
