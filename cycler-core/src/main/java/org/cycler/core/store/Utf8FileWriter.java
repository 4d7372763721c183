package org.cycler.core.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A buffered UTF-8 writer for data files that allocates nothing per write: characters go
 * straight into a byte buffer (ASCII, which is all that numbers and step types are, as one byte
 * each), and {@link #append(CharSequence, int, int)} copies from the sequence instead of making a
 * substring first as {@link java.io.BufferedWriter} does. Commons CSV prints every cell through
 * that method, so this is where a logger's time went. Not thread-safe: one writer thread owns it.
 *
 * <p>Why ours and not a library's: the JDK's writers ({@code BufferedWriter} over an
 * {@code OutputStreamWriter}) and Commons CSV's printer on top of them make a substring and a
 * {@code String} per cell, and no well-kept library offers a {@code Writer} that copies a
 * {@code CharSequence} range without one. Measured by {@code cycler bench log} (BENCHMARKS.md,
 * Logging): the run logger went from 342,571 rows/s (0.97 of a bare Commons CSV writer) to 625,194
 * rows/s (1.72 of it) with this writer alone, on the same rows, machine and date, and the files
 * came out byte for byte the same as through {@code BufferedWriter}. Commons CSV still owns the
 * header, quoting and record separators; this class only moves characters into bytes.
 */
final class Utf8FileWriter extends Writer {

    /** Bytes held before they go to the file, unless told otherwise. */
    static final int BUFFER_BYTES = 1 << 16;

    private final OutputStream out;
    private final byte[] buffer;
    private int used;

    Utf8FileWriter(OutputStream out) {
        this(out, BUFFER_BYTES);
    }

    /** @param bufferBytes bytes held before they go to the file, at least 4 (one UTF-8 character) */
    Utf8FileWriter(OutputStream out, int bufferBytes) {
        this.out = out;
        this.buffer = new byte[Math.max(4, bufferBytes)];
    }

    @Override
    public void write(int c) throws IOException {
        put((char) c);
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            put(chars[i]);
        }
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            put(text.charAt(i));
        }
    }

    @Override
    public Writer append(CharSequence text, int start, int end) throws IOException {
        if (text instanceof AsciiRow row && start == 0 && end == row.length() && end <= buffer.length) {
            if (used + end > buffer.length) {
                drain();
            }
            row.copyTo(buffer, used);
            used += end;
            return this;
        }
        CharSequence s = text == null ? "null" : text;
        for (int i = start; i < end; i++) {
            put(s.charAt(i));
        }
        return this;
    }

    @Override
    public Writer append(CharSequence text) throws IOException {
        CharSequence s = text == null ? "null" : text;
        return append(s, 0, s.length());
    }

    private void put(char c) throws IOException {
        if (c < 0x80) {
            if (used == buffer.length) {
                drain();
            }
            buffer[used++] = (byte) c;
        } else {
            byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            if (used + bytes.length > buffer.length) {
                drain();
            }
            System.arraycopy(bytes, 0, buffer, used, bytes.length);
            used += bytes.length;
        }
    }

    /** Writes the buffer out; an empty one touches nothing, so a file closed by {@link OpenFiles} stays closed. */
    private void drain() throws IOException {
        if (used > 0) {
            out.write(buffer, 0, used);
            used = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            out.close();
        }
    }
}
