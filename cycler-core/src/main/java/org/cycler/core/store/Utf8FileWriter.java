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
 */
final class Utf8FileWriter extends Writer {

    /** Bytes held before they go to the file. */
    static final int BUFFER_BYTES = 1 << 16;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int used;

    Utf8FileWriter(OutputStream out) {
        this.out = out;
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

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
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
