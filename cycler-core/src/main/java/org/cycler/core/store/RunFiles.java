package org.cycler.core.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.cycler.core.json.Json;
import org.cycler.core.schedule.ChannelEvent;

/**
 * Trimming a run's append-only files after a crash, and the line scanning {@link RunReader} reads
 * them with: only complete lines count (a line without its newline was torn by the crash), and
 * files are cut back to a test time so that a resumed run appends without duplicates. Files are
 * scanned as streams; memory does not grow with their size.
 */
public final class RunFiles {

    /** How much of a data file's end {@link #lastRow} reads: many rows of a few hundred bytes. */
    private static final int TAIL_BYTES = 1 << 16;

    private RunFiles() {
    }

    /**
     * The last complete data row of a BDF file, as written; empty when the file is missing or has
     * no complete row. Reads the file's tail only, so it costs the same on a file of any length.
     */
    static Optional<String> lastCompleteRow(Path dataFile) throws IOException {
        if (!Files.exists(dataFile)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(dataFile, StandardOpenOption.READ)) {
            long size = channel.size();
            int tail = (int) Math.min(size, TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate(tail);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, size - tail + buffer.position()) < 0) {
                    break;
                }
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            while (end > 0) {
                int start = text.lastIndexOf('\n', end - 1) + 1;
                if (start == 0 && tail < size) {
                    break;
                }
                String line = text.substring(start, end);
                if (!Double.isNaN(rowTime(line))) {
                    return Optional.of(line);
                }
                end = start - 1;
            }
        }
        String[] last = {null};
        scan(dataFile, (line, end) -> {
            if (!Double.isNaN(rowTime(line))) {
                last[0] = line;
            }
            return true;
        });
        return Optional.ofNullable(last[0]);
    }

    /** Cuts a BDF file back to its header and the complete rows at or before {@code t}. */
    public static void keepRowsUpTo(Path dataFile, double t) throws IOException {
        if (Files.exists(dataFile)) {
            cut(dataFile, line -> line.startsWith(BdfColumns.TEST_TIME) ? Double.NEGATIVE_INFINITY : rowTime(line),
                    time -> time <= t);
        }
    }

    /** Cuts a journal back to the complete events before {@code t}. */
    public static void keepEventsBefore(Path journal, double t) throws IOException {
        if (Files.exists(journal)) {
            cut(journal, line -> {
                ChannelEvent event = parseEvent(line);
                return event == null ? Double.NaN : event.testTimeS();
            }, time -> time < t);
        }
    }

    /**
     * Keeps the complete events of a journal that {@code keep} accepts, each line as it was; torn
     * and unreadable lines go. Written beside the journal, forced to disk and renamed over it, so
     * a crash leaves one or the other.
     */
    public static void keepEvents(Path journal, java.util.function.Predicate<ChannelEvent> keep) throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        Path temp = journal.resolveSibling(journal.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            scan(journal, (line, end) -> {
                ChannelEvent event = parseEvent(line);
                if (event != null && keep.test(event)) {
                    ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                }
                return true;
            });
            out.force(true);
        }
        Files.move(temp, journal, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Cuts {@code file} back to its last complete line: a write that failed part way (a full
     * disk) leaves the file ending on a whole row. Shrinking a file needs no free space.
     */
    public static void cutToLastLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = channel.size();
            ByteBuffer block = ByteBuffer.allocate(1 << 12);
            while (end > 0) {
                long from = Math.max(0, end - block.capacity());
                block.clear().limit((int) (end - from));
                while (block.hasRemaining() && channel.read(block, from + block.position()) >= 0) {
                    // read the whole block
                }
                for (int i = block.position() - 1; i >= 0; i--) {
                    if (block.get(i) == '\n') {
                        channel.truncate(from + i + 1);
                        channel.force(true);
                        return;
                    }
                }
                end = from;
            }
            channel.truncate(0);
            channel.force(true);
        }
    }

    /** The event on a journal line, or null when the line is not one. */
    static ChannelEvent parseEvent(String line) {
        try {
            return Json.MAPPER.readValue(line, ChannelEvent.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** The first field of a complete data row as a number, NaN for anything else. */
    private static double rowTime(String line) {
        int comma = line.indexOf(',');
        if (comma <= 0 || line.chars().filter(c -> c == ',').count() != BdfColumns.ALL.size() - 1) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(line.substring(0, comma));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Keeps the leading complete lines whose time passes {@code keep}; stops at the first that does not. */
    private static void cut(Path file, ToDoubleFunction<String> time, java.util.function.DoublePredicate keep)
            throws IOException {
        long[] keepBytes = {0};
        scan(file, (line, end) -> {
            double t = time.applyAsDouble(line);
            if (Double.isNaN(t) || !keep.test(t)) {
                return false;
            }
            keepBytes[0] = end;
            return true;
        });
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(keepBytes[0]);
            channel.force(true);
        }
    }

    interface LineVisitor {
        /** @param end byte offset just past the line's newline; return false to stop */
        boolean visit(String line, long end) throws IOException;
    }

    /** Visits every complete ('\n'-terminated) line; a torn last line is never visited. */
    static void scan(Path file, LineVisitor visitor) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long offset = 0;
            int b;
            while ((b = in.read()) != -1) {
                offset++;
                if (b == '\n') {
                    if (!visitor.visit(line.toString(StandardCharsets.UTF_8), offset)) {
                        return;
                    }
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
    }
}
