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
        if (count < 1) {
            throw new IllegalArgumentException("a channel list names at least one channel");
        }
        out.append("(@");
        int k = 0;
        while (k < count) {
            int first = channels[k];
            int last = first;
            int j = k + 1;
            while (j < count && channels[j] == last + 1) {
                last = channels[j];
                j++;
            }
            if (k > 0) {
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
        String t = text.strip();
        if (!t.startsWith("(@") || !t.endsWith(")") || t.length() < 4) {
            throw new ScpiException(ScpiError.SYNTAX);
        }
        String body = t.substring(2, t.length() - 1);
        int[] out = new int[8];
        int n = 0;
        for (String item : body.split(",", -1)) {
            int colon = item.indexOf(':');
            int from = channel(colon < 0 ? item : item.substring(0, colon), channelCount);
            int to = colon < 0 ? from : channel(item.substring(colon + 1), channelCount);
            int step = to >= from ? 1 : -1;
            for (int ch = from; ; ch += step) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = ch;
                if (ch == to) {
                    break;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int channel(String text, int channelCount) throws ScpiException {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 9) {
            throw new ScpiException(ScpiError.SYNTAX);
        }
        for (int k = 0; k < t.length(); k++) {
            if (t.charAt(k) < '0' || t.charAt(k) > '9') {
                throw new ScpiException(ScpiError.SYNTAX);
            }
        }
        int ch = Integer.parseInt(t);
        if (ch < 1 || ch > channelCount) {
            throw new ScpiException(ScpiError.OUT_OF_RANGE);
        }
        return ch;
    }
}
