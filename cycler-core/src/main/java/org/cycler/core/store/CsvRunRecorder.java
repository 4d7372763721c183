package org.cycler.core.store;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cycler.core.json.Json;
import org.cycler.core.schedule.ChannelEvent;
import org.cycler.core.schedule.CycleSummary;
import org.cycler.core.schedule.RunRecorder;
import org.cycler.core.schedule.Sample;

/**
 * Writes a run's output into its {@link RunDirectory} on a thread of its own: one Battery Data
 * Format CSV per channel, {@code cycles.csv}, the journal, and at the end {@code faults.csv}. The control thread only enqueues.
 *
 * <p>The queue is bounded. On a virtual clock ({@code blockWhenFull}) a full queue makes the
 * control thread wait, which costs nothing but wall time; on a real clock a full queue drops the
 * data row (counted in {@link #droppedRows()}) so control never stalls. On a virtual clock the
 * control thread gathers data rows and hands them over as one item per {@link #BATCH_ROWS} rows,
 * or at the {@link #endOfTick() end of a tick} once {@link #BATCH_WALL_MS} ms of wall time have
 * passed since the last hand-over, whichever comes first (a run at max speed hands over
 * hundreds of rows at a time instead of waking the writer for each; a paced one is never held
 * back); a cycle row or journal event hands over the rows gathered before it first, so the
 * writer sees everything in the order it happened. Journal events and cycle
 * rows are never dropped. Files are flushed at least every {@link #FLUSH_EVERY_MS} ms and the
 * journal is forced to disk after every batch that holds events.
 *
 * <p>When a write fails (a full disk), data rows stop, every data file and cycles.csv is cut
 * back to its last whole row, and the journal events that follow are still written while the
 * journal takes them; {@link #failure()} says what failed, and the scheduler stops the run.
 *
 * <p>A recorder may continue a run's files (see {@code RunRecovery}): everything up to
 * {@code resumeAfterS} of test time is already on disk, so data rows up to and including it and
 * journal events before it are not written again; the files are appended to.
 *
 * <p>A recorder made by {@link #continuing} continues a device run instead: its files were cut
 * back to each channel's last checkpoint, everything it is handed comes after them, and at the
 * end cycles.csv is the rows already on disk and the new ones together, and faults.csv is made
 * from the whole journal.
 *
 * <p>Data files are written through {@link OpenFiles}: a run may have more channels than the
 * process may open files. Each channel's rows are buffered ({@link #bufferBytes(int)}) and a
 * channel's file is open only while the pool has room for it. A failure of the writer thread of
 * any kind ends the run with that reason, and the control thread never waits for a writer that
 * has stopped.
 *
 * <p>{@link #sync(long)} waits until the journal events handed over so far are forced to disk, at
 * most as long as it is told and never more than {@link #SYNC_LIMIT_MS} ms.
 */
public final class CsvRunRecorder implements RunRecorder, AutoCloseable {

    /** Rows held between the control thread and the writer, at least. */
    public static final int QUEUE_CAPACITY = 1 << 16;
    /** Most data rows handed to the writer as one item on a virtual clock. */
    public static final int BATCH_ROWS = 512;
    /** Longest wall time gathered rows wait on a virtual clock before the end of a tick hands them over. */
    public static final long BATCH_WALL_MS = 20;
    /**
     * Items held per channel, when that is more: a run's first tick hands over a row and a few
     * events for every channel at once, which must not make the control thread wait on the writer.
     */
    public static final int QUEUE_ITEMS_PER_CHANNEL = 8;
    /** Longest time written data may sit in a buffer. */
    public static final long FLUSH_EVERY_MS = 1000;
    private static final Object END = new Object();
    /** Longest wait in {@link #sync(long)}: a disk that takes longer must not hold the control loop. */
    public static final long SYNC_LIMIT_MS = 500;
    /** Bytes of data-file buffers a run holds at most (before {@link #MIN_BUFFER_BYTES} per channel). */
    public static final long DATA_BUFFERS_BYTES = 128L << 20;
    /** The smallest buffer per channel: several seconds of rows at 10 Hz. */
    public static final int MIN_BUFFER_BYTES = 4096;
    /** How long the control thread waits on a full queue before it looks whether the writer still runs. */
    private static final long PUT_CHECK_MS = 100;

    private final RunDirectory dir;
    private final Map<Integer, String> barcodes;
    private final boolean blockWhenFull;
    private final double resumeAfterS;
    private final boolean continuing;
    /** Journal events handed to the writer (control thread). */
    private long eventsPut;
    /** Journal events forced to disk, guarded by {@link #durable}. */
    private long eventsDurable;
    private final Object durable = new Object();
    private final BlockingQueue<Object> queue;
    /** Data rows gathered on the control thread, not yet handed over (virtual clock only). */
    private Sample[] batch;
    private int batched;
    private long batchedSinceNanos;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private final SampleFormatter formatter = new SampleFormatter();
    private final OpenFiles openFiles;
    private final int bufferBytes;
    private final Map<Integer, DataFile> channelFiles = new HashMap<>();
    private final List<CycleSummary> cycles = new ArrayList<>();
    /** Added by the control thread before it queues the end marker; read by the writer after it. */
    private final List<ChannelEvent> faults = new ArrayList<>();
    private CSVPrinter cyclesFile;
    private FileChannel journalChannel;
    private Writer journal;
    private volatile Throwable failure;

    /**
     * @param barcodes      channel -> barcode, for {@code cycles.csv}
     * @param blockWhenFull true on a virtual clock (never lose a row), false on a real one
     */
    public CsvRunRecorder(RunDirectory dir, Map<Integer, String> barcodes, boolean blockWhenFull) throws IOException {
        this(dir, barcodes, blockWhenFull, Double.NEGATIVE_INFINITY);
    }

    /**
     * @param resumeAfterS test time up to which the run's files are complete already;
     *                     {@code -Infinity} for a new run
     */
    public CsvRunRecorder(RunDirectory dir, Map<Integer, String> barcodes, boolean blockWhenFull,
                          double resumeAfterS) throws IOException {
        this(dir, barcodes, blockWhenFull, resumeAfterS, false);
    }

    /**
     * A recorder continuing a device run whose files were cut back to each channel's last
     * checkpoint (see the class comment); it writes on a real clock, dropping rows rather than
     * blocking.
     */
    public static CsvRunRecorder continuing(RunDirectory dir, Map<Integer, String> barcodes) throws IOException {
        return new CsvRunRecorder(dir, barcodes, false, Double.NEGATIVE_INFINITY, true);
    }

    private CsvRunRecorder(RunDirectory dir, Map<Integer, String> barcodes, boolean blockWhenFull,
                           double resumeAfterS, boolean continuing) throws IOException {
        this(dir, barcodes, blockWhenFull, resumeAfterS, continuing, OpenFiles.SHARED);
    }

    /** A new run's recorder writing its data files through {@code openFiles} (a test's small pool). */
    CsvRunRecorder(RunDirectory dir, Map<Integer, String> barcodes, boolean blockWhenFull, OpenFiles openFiles)
            throws IOException {
        this(dir, barcodes, blockWhenFull, Double.NEGATIVE_INFINITY, false, openFiles);
    }

    private CsvRunRecorder(RunDirectory dir, Map<Integer, String> barcodes, boolean blockWhenFull,
                           double resumeAfterS, boolean continuing, OpenFiles openFiles) throws IOException {
        this.openFiles = openFiles;
        this.bufferBytes = bufferBytes(barcodes.size());
        this.continuing = continuing;
        this.dir = dir;
        this.barcodes = Map.copyOf(barcodes);
        this.blockWhenFull = blockWhenFull;
        this.resumeAfterS = resumeAfterS;
        // on a virtual clock an item is a batch of up to BATCH_ROWS rows: the queue holds as many rows
        queue = new ArrayBlockingQueue<>(Math.max(blockWhenFull ? QUEUE_CAPACITY / BATCH_ROWS : QUEUE_CAPACITY,
                barcodes.size() * QUEUE_ITEMS_PER_CHANNEL));
        batch = blockWhenFull ? new Sample[BATCH_ROWS] : null;
        Files.createDirectories(dir.dataDir());
        journalChannel = FileChannel.open(dir.journal(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        journal = new BufferedWriter(Channels.newWriter(journalChannel, StandardCharsets.UTF_8));
        cyclesFile = new CSVPrinter(new Utf8FileWriter(dir.sink().open(dir.cycles(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)), format(dir.cycles(), CycleColumns.ALL));
        writer = Thread.ofPlatform().name("run-writer").daemon(true).start(this::drain);
    }

    /**
     * The buffer each of {@code channels} data files gets: {@link Utf8FileWriter#BUFFER_BYTES}
     * while {@link #DATA_BUFFERS_BYTES} covers them all, less for more channels, never below
     * {@link #MIN_BUFFER_BYTES}.
     */
    public static int bufferBytes(int channels) {
        long share = DATA_BUFFERS_BYTES / Math.max(1, channels);
        return Math.clamp(share, MIN_BUFFER_BYTES, Utf8FileWriter.BUFFER_BYTES);
    }

    /** CSV with the header only when {@code file} is new or empty. */
    private static CSVFormat format(Path file, List<String> header) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        CSVFormat.Builder format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n');
        if (fresh) {
            format.setHeader(header.toArray(String[]::new));
        }
        return format.get();
    }

    /** A channel's data file: its printer and, under it, its place in {@link OpenFiles}. */
    private record DataFile(CSVPrinter printer, OutputStream file) {
    }

    @Override
    public void sample(Sample sample) {
        if (sample.testTimeS() <= resumeAfterS) {
            return;
        }
        if (blockWhenFull) {
            if (batched == 0) {
                batchedSinceNanos = System.nanoTime();
            }
            batch[batched++] = sample;
            if (batched == BATCH_ROWS) {
                handOverBatch();
            }
        } else if (!queue.offer(sample)) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void cycle(CycleSummary cycle) {
        handOverBatch();
        put(cycle);
    }

    @Override
    public void endOfTick() {
        if (batched > 0 && System.nanoTime() - batchedSinceNanos >= TimeUnit.MILLISECONDS.toNanos(BATCH_WALL_MS)) {
            handOverBatch();
        }
    }

    /** Hands the rows gathered so far to the writer as one item (control thread). */
    private void handOverBatch() {
        if (batched > 0) {
            put(new SampleBatch(batch, batched));
            batch = new Sample[BATCH_ROWS];
            batched = 0;
        }
    }

    /** Data rows handed to the writer together, in order. */
    private record SampleBatch(Sample[] rows, int count) {
    }

    @Override
    public void event(ChannelEvent event) {
        if (event.kind() == ChannelEvent.Kind.STATE && event.reason() != null) {
            faults.add(event);
        }
        if (event.testTimeS() >= resumeAfterS) {
            handOverBatch();
            put(event);
            eventsPut++;
        }
    }

    @Override
    public void sync(long maxWaitNanos) {
        long target = eventsPut;
        long deadline = System.nanoTime() + Math.min(maxWaitNanos, TimeUnit.MILLISECONDS.toNanos(SYNC_LIMIT_MS));
        synchronized (durable) {
            while (eventsDurable < target && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(durable, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Marks {@code count} journal events as forced to disk (writer thread). */
    private void madeDurable(long count) {
        synchronized (durable) {
            eventsDurable = count;
            durable.notifyAll();
        }
    }

    /**
     * Queues {@code item}, waiting while the queue is full, but not for a writer that has stopped:
     * then the item is dropped, as the run ends on {@link #failure()} anyway.
     */
    private void put(Object item) {
        try {
            while (!queue.offer(item, PUT_CHECK_MS, TimeUnit.MILLISECONDS)) {
                if (!writer.isAlive()) {
                    if (failure == null) {
                        failure = new IllegalStateException("the run's writer thread stopped");
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing data to the writer", e);
        }
    }

    /** Data rows dropped because the writer fell behind a real-time run. */
    public long droppedRows() {
        return dropped.get();
    }

    /**
     * The cycles whose efficiency was left empty because their charge and discharge differ too
     * much in depth ({@link CycleSummary#partial()}), by channel and cycle. Call after {@link #close()}.
     */
    public List<CycleSummary> partialCycles() {
        return cycles.stream().filter(CycleSummary::partial)
                .sorted(java.util.Comparator.comparingInt(CycleSummary::channel).thenComparingInt(CycleSummary::cycleCount))
                .toList();
    }

    /** Data rows written so far. */
    public long writtenRows() {
        return written.get();
    }

    /** The error that stopped the writer, or null. Data written before it stays readable. */
    @Override
    public Throwable failure() {
        return failure;
    }

    private void drain() {
        ArrayDeque<Object> batch = new ArrayDeque<>(4096);
        long lastFlush = System.currentTimeMillis();
        long journaled = 0;
        boolean ended = false;
        try {
            while (true) {
                Object first = queue.poll(FLUSH_EVERY_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, 4095);
                }
                boolean events = false;
                boolean end = false;
                for (Object item = batch.poll(); item != null; item = batch.poll()) {
                    switch (item) {
                        case SampleBatch rows -> {
                            for (int k = 0; k < rows.count(); k++) {
                                writeSample(rows.rows()[k]);
                            }
                        }
                        case Sample s -> writeSample(s);
                        case CycleSummary c -> writeCycle(c);
                        case ChannelEvent e -> {
                            journal.write(Json.MAPPER.writeValueAsString(e));
                            journal.write('\n');
                            events = true;
                            journaled++;
                        }
                        default -> end = item == END;
                    }
                }
                if (events) {
                    journal.flush();
                    journalChannel.force(false);
                    madeDurable(journaled);
                }
                if (end) {
                    ended = true;
                    finish();
                    return;
                }
                if (System.currentTimeMillis() - lastFlush >= FLUSH_EVERY_MS) {
                    flushAll();
                    lastFlush = System.currentTimeMillis();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // any failure (a full disk, too many open files, an exhausted heap) ends the run with its reason
            failure = e;
            madeDurable(journaled);
            closeQuietly();
            if (ended) {
                // the last flush failed: the end marker is taken, so there is nothing left to wait for
                closeJournalQuietly();
            } else {
                journalAfterFailure(batch);
            }
        }
    }

    /**
     * After a write failed: data rows are no longer written, but the journal events that follow
     * (the scheduler stopping every channel because of the failure) are still written, forced to
     * disk once per batch taken from the queue, for as long as the journal takes them; then the
     * writer waits for the end. The items of the failed batch come first: the end marker may be
     * among them.
     */
    private void journalAfterFailure(ArrayDeque<Object> unwritten) {
        boolean journalOpen = journal != null;
        while (true) {
            if (unwritten.isEmpty()) {
                try {
                    unwritten.add(queue.take());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    unwritten.add(END);
                }
                queue.drainTo(unwritten, 4095);
            }
            boolean end = false;
            boolean events = false;
            try {
                for (Object item = unwritten.poll(); item != null; item = unwritten.poll()) {
                    if (item == END) {
                        end = true;
                    } else if (journalOpen && item instanceof ChannelEvent event) {
                        journal.write(Json.MAPPER.writeValueAsString(event));
                        journal.write('\n');
                        events = true;
                    }
                }
                if (journalOpen && events) {
                    journal.flush();
                    journalChannel.force(false);
                }
            } catch (IOException | RuntimeException e) {
                journalOpen = false;
                closeJournalQuietly();
                cutQuietly(dir.journal());
            }
            if (end) {
                closeJournalQuietly();
                return;
            }
        }
    }

    private void writeSample(Sample s) throws IOException {
        DataFile data = channelFiles.get(s.channel());
        if (data == null) {
            Path file = dir.dataFile(s.channel());
            CSVFormat format = format(file, BdfColumns.ALL);
            OutputStream out = openFiles.append(dir.sink(), file);
            data = new DataFile(new CSVPrinter(new Utf8FileWriter(out, bufferBytes), format), out);
            channelFiles.put(s.channel(), data);
        }
        formatter.print(data.printer(), s);
        written.incrementAndGet();
    }

    private void writeCycle(CycleSummary c) throws IOException {
        cycles.add(c);
        if (c.endTestTimeS() > resumeAfterS) {
            CycleColumns.print(cyclesFile, c, barcodes.getOrDefault(c.channel(), ""));
        }
    }

    /** Flushes every file: first those open now, then the rest, so that no file is closed to flush another. */
    private void flushAll() throws IOException {
        List<DataFile> closed = new ArrayList<>();
        for (DataFile data : channelFiles.values()) {
            if (openFiles.isOpen(data.file())) {
                data.printer().flush();
            } else {
                closed.add(data);
            }
        }
        for (DataFile data : closed) {
            data.printer().flush();
        }
        cyclesFile.flush();
    }

    /** Closes every file; cycles.csv is rewritten ordered by channel and cycle. */
    private void finish() throws IOException {
        for (DataFile data : channelFiles.values()) {
            data.printer().close();
        }
        cyclesFile.close();
        journal.close();
        if (continuing) {
            CycleColumns.keepRows(dir.cycles(), (channel, endS) -> true);
            List<ChannelEvent> all;
            try {
                all = new RunReader(dir).journal().stream()
                        .filter(e -> e.kind() == ChannelEvent.Kind.STATE && e.reason() != null).toList();
            } catch (org.cycler.core.BadInputException e) {
                throw new IOException(e.getMessage(), e);
            }
            FaultsFile.write(dir.faults(), all, barcodes);
        } else {
            CycleColumns.writeSorted(dir.cycles(), cycles, barcodes);
            FaultsFile.write(dir.faults(), faults, barcodes);
        }
    }

    /**
     * Closes the data files and cycles.csv after a write failed, then cuts each back to its last
     * whole row: a failed write may have put part of a buffer (and so part of a row) on disk. The
     * journal's last partial event, if any, is cut too; the journal itself stays open.
     */
    private void closeQuietly() {
        for (DataFile data : channelFiles.values()) {
            try {
                data.printer().close();
            } catch (IOException | UncheckedIOException ignored) {
                // the writer already failed; the file is cut back to whole rows below
            }
        }
        try {
            cyclesFile.close();
        } catch (IOException | UncheckedIOException ignored) {
            // as above
        }
        for (int channel : channelFiles.keySet()) {
            cutQuietly(dir.dataFile(channel));
        }
        cutQuietly(dir.cycles());
        try {
            journal.flush();
        } catch (IOException | UncheckedIOException ignored) {
            // cut back below
        }
        cutQuietly(dir.journal());
    }

    private void closeJournalQuietly() {
        try {
            journal.close();
        } catch (IOException | UncheckedIOException ignored) {
            // what was forced to disk stays
        }
    }

    private static void cutQuietly(Path file) {
        try {
            RunFiles.cutToLastLine(file);
        } catch (IOException ignored) {
            // a file that cannot even be cut is left for recovery, which reads whole lines only
        }
    }

    /** Writes everything still queued, closes the files and stops the writer thread. */
    @Override
    public void close() throws IOException {
        handOverBatch();
        put(END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IOException("writing the run failed: " + failure.getMessage(), failure);
        }
    }
}
