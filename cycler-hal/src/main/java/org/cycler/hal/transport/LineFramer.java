package org.cycler.hal.transport;

import java.nio.charset.StandardCharsets;

/**
 * Cuts a byte stream into {@code \n}-terminated lines of at most {@link #maxLineLength()} bytes.
 * Bytes go in with {@link #feed}, complete lines come out of {@link #nextLine()}; a trailing
 * {@code \r} is dropped so CRLF devices work too. Text is ASCII (ISO-8859-1 decoding, so no byte
 * is ever rejected).
 *
 * <p>A line longer than the maximum is an error, reported once by {@link #nextLine()}; the framer
 * then skips the rest of that line up to its {@code \n} and goes on with the next, so one
 * runaway line does not poison the stream.
 *
 * <p>Not thread-safe: owned by the transport's thread.
 */
public final class LineFramer {

    /** Default maximum line length, bytes: a 4,096-channel {@code MEAS:ALL?} reply fits. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 256 * 1024;

    private final int maxLineLength;
    private byte[] buffer = new byte[1024];
    /** Bytes held: {@code buffer[0, end)}; complete lines start at {@code start}. */
    private int start;
    private int end;
    /** Where to continue looking for the next {@code \n}. */
    private int scan;
    /** True while the rest of an over-long line is being skipped. */
    private boolean skipping;
    private boolean overflowPending;

    public LineFramer(int maxLineLength) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maximum line length must be positive: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    public LineFramer() {
        this(DEFAULT_MAX_LINE_LENGTH);
    }

    public int maxLineLength() {
        return maxLineLength;
    }

    /** Appends received bytes. */
    public void feed(byte[] bytes, int offset, int length) {
        compact(length);
        System.arraycopy(bytes, offset, buffer, end, length);
        end += length;
    }

    /**
     * The next complete line, or null when none is complete yet.
     *
     * @throws LineTooLongException once for each line longer than the maximum
     */
    public String nextLine() throws LineTooLongException {
        while (true) {
            int newline = -1;
            for (int k = scan; k < end; k++) {
                if (buffer[k] == '\n') {
                    newline = k;
                    break;
                }
            }
            if (newline < 0) {
                scan = end;
                if (!skipping && end - start > maxLineLength) {
                    skipping = true;
                    overflowPending = true;
                }
                if (skipping) {
                    start = end;
                    scan = end;
                }
                if (overflowPending) {
                    overflowPending = false;
                    throw tooLong();
                }
                return null;
            }
            int lineStart = start;
            start = newline + 1;
            scan = start;
            if (skipping) {
                skipping = false;
                continue;
            }
            int lineEnd = newline;
            if (lineEnd > lineStart && buffer[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (lineEnd - lineStart > maxLineLength) {
                throw tooLong();
            }
            return new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1);
        }
    }

    /** Drops everything held, complete lines included. */
    public void clear() {
        start = 0;
        end = 0;
        scan = 0;
        skipping = false;
        overflowPending = false;
    }

    /** Bytes held that are not yet part of a returned line. */
    public int pending() {
        return end - start;
    }

    private LineTooLongException tooLong() {
        return new LineTooLongException("a received line is longer than " + maxLineLength + " bytes");
    }

    private void compact(int incoming) {
        if (start > 0 && (start == end || end + incoming > buffer.length)) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scan -= start;
            start = 0;
        }
        if (end + incoming > buffer.length) {
            int size = buffer.length;
            while (size < end + incoming) {
                size *= 2;
            }
            buffer = java.util.Arrays.copyOf(buffer, size);
        }
    }
}
