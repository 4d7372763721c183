package org.cycler.core.store;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data files a process holds open, never more than {@link #capacity()} at a time, so that a
 * run may have more channels than the process may open files (DESIGN section 10: 50,000
 * channels without an open file per channel). A file asked for while the pool is full closes the
 * least recently used one; that one opens again, in append mode, the next time it is written.
 *
 * <p>The streams handed out hold no buffer of their own: every {@code write} goes to the file at
 * once, so closing one loses nothing. The caller buffers (see {@link Utf8FileWriter}) and writes
 * whole buffers, which keeps reopening rare.
 *
 * <p>One pool serves every run in the process ({@link #SHARED}): its capacity comes from the
 * process's open-file limit less {@link #headroom(long)} for sockets, jars, journals and the rest.
 * Thread-safe: each run's writer thread may write through it.
 */
public final class OpenFiles {

    /** The fewest data files a pool keeps open; a limit that leaves fewer is refused before a run. */
    public static final int MIN_CAPACITY = 16;

    /** The process's pool, sized from its open-file limit. */
    public static final OpenFiles SHARED = new OpenFiles(capacityFor(openFileLimit()));

    private final int capacity;
    /** Open streams by file, least recently written first; guarded by this. */
    private final LinkedHashMap<PooledFile, OutputStream> open = new LinkedHashMap<>(64, 0.75f, true);
    private long reopened;

    /** @param capacity the most files held open at once, at least 1 */
    public OpenFiles(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " (expected at least 1)");
        }
        this.capacity = capacity;
    }

    /**
     * The process's limit on open files ({@code ulimit -n}), or {@code Long.MAX_VALUE} where the
     * JVM cannot say (not a Unix system).
     */
    public static long openFileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            return max > 0 ? max : Long.MAX_VALUE;
        }
        return Long.MAX_VALUE;
    }

    /** Files kept back from the pool under a limit of {@code limit}: a quarter of it, at least 256. */
    public static long headroom(long limit) {
        return Math.max(256, limit / 4);
    }

    /** The pool's capacity under an open-file limit: the limit less its headroom, at most {@code Integer.MAX_VALUE}. */
    public static int capacityFor(long limit) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit - headroom(limit)));
    }

    /** The most files held open at once. */
    public int capacity() {
        return capacity;
    }

    /** How many times a file closed to make room was opened again. */
    public synchronized long reopened() {
        return reopened;
    }

    /** Files open now. */
    public synchronized int openNow() {
        return open.size();
    }

    /**
     * A stream appending to {@code file} through {@code sink}, which creates the file now if it is
     * missing. Writing it may close another file of the pool; closing it releases its place.
     */
    public OutputStream append(FileSink sink, Path file) throws IOException {
        PooledFile pooled = new PooledFile(sink, file);
        synchronized (this) {
            pooled.stream(false);
        }
        return pooled;
    }

    /** Whether {@code stream}, made by {@link #append}, holds an open file now. */
    public synchronized boolean isOpen(OutputStream stream) {
        return open.containsKey(stream);
    }

    private final class PooledFile extends OutputStream {

        private final FileSink sink;
        private final Path file;
        private boolean closed;

        PooledFile(FileSink sink, Path file) {
            this.sink = sink;
            this.file = file;
        }

        /** This file's open stream, opening it (and closing the least recent) when needed; holds the pool's lock. */
        private OutputStream stream(boolean again) throws IOException {
            OutputStream out = open.get(this);
            if (out != null) {
                return out;
            }
            if (open.size() >= capacity) {
                Iterator<Map.Entry<PooledFile, OutputStream>> eldest = open.entrySet().iterator();
                OutputStream evicted = eldest.next().getValue();
                eldest.remove();
                evicted.close();
            }
            out = sink.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            open.put(this, out);
            if (again) {
                reopened++;
            }
            return out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            synchronized (OpenFiles.this) {
                if (closed) {
                    throw new IOException(file + ": closed");
                }
                stream(true).write(bytes, offset, length);
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (OpenFiles.this) {
                closed = true;
                OutputStream out = open.remove(this);
                if (out != null) {
                    out.close();
                }
            }
        }
    }
}
