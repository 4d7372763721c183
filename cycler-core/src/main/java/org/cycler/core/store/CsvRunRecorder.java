package org.cycler.core.store;

import java.io.BufferedWriter;
import java.io.IOException;
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
 * data row (counted in {@link #droppedRows()}) so control never stalls. Journal events and cycle
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
 * <p>{@link #sync(long)} waits until the journal events handed over so far are forced to disk, at
 * most as long as it is told and never more than {@link #SYNC_LIMIT_MS} ms.
 */
public final class CsvRunRecorder implements RunRecorder, AutoCloseable {

    /** Rows held between the control thread and the writer. */
    public static final int QUEUE_CAPACITY = 1 << 16;
    /** Longest time written data may sit in a buffer. */
    public static final long FLUSH_EVERY_MS = 1000;
    private static final Object END = new Object();
    /** Longest wait in {@link #sync(long)}: a disk that takes longer must not hold the control loop. */
    public static final long SYNC_LIMIT_MS = 500;

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
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private final SampleFormatter formatter = new SampleFormatter();
    private final Map<Integer, CSVPrinter> channelFiles = new HashMap<>();
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
        this.continuing = continuing;
        this.dir = dir;
        this.barcodes = Map.copyOf(barcodes);
        this.blockWhenFull = blockWhenFull;
        this.resumeAfterS = resumeAfterS;
        Files.createDirectories(dir.dataDir());
        journalChannel = FileChannel.open(dir.journal(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        journal = new BufferedWriter(Channels.newWriter(journalChannel, StandardCharsets.UTF_8));
        cyclesFile = appendCsv(dir, dir.cycles(), CycleColumns.ALL);
        writer = Thread.ofPlatform().name("run-writer").daemon(true).start(this::drain);
    }

    /** A printer appending to {@code file}, with the header only when the file is new or empty. */
    private static CSVPrinter appendCsv(RunDirectory dir, Path file, List<String> header) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        CSVFormat.Builder format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n');
        if (fresh) {
            format.setHeader(header.toArray(String[]::new));
        }
        return new CSVPrinter(new Utf8FileWriter(dir.sink().open(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)), format.get());
    }

    @Override
    public void sample(Sample sample) {
        if (sample.testTimeS() <= resumeAfterS) {
            return;
        }
        if (blockWhenFull) {
            put(sample);
        } else if (!queue.offer(sample)) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void cycle(CycleSummary cycle) {
        put(cycle);
    }

    @Override
    public void event(ChannelEvent event) {
        if (event.kind() == ChannelEvent.Kind.STATE && event.reason() != null) {
            faults.add(event);
        }
        if (event.testTimeS() >= resumeAfterS) {
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

    private void put(Object item) {
        try {
            queue.put(item);
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
        } catch (IOException | RuntimeException e) {
            failure = e;
            madeDurable(journaled);
            closeQuietly();
            if (ended) {
                // the last flush failed: the end marker is taken, so there is nothing left to wait for
                closeJournalQuietly();
            } else {
                journalAfterFailure(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After a write failed: data rows are no longer written, but the journal events that follow
     * (the scheduler stopping every channel because of the failure) are still written, each forced
     * to disk, for as long as the journal takes them; then the writer waits for the end. The items
     * of the failed batch come first: the end marker may be among them.
     */
    private void journalAfterFailure(ArrayDeque<Object> unwritten) {
        boolean journalOpen = journal != null;
        while (true) {
            Object item = unwritten.poll();
            if (item == null) {
                try {
                    item = queue.take();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    item = END;
                }
            }
            if (item == END) {
                closeJournalQuietly();
                return;
            }
            if (journalOpen && item instanceof ChannelEvent event) {
                try {
                    journal.write(Json.MAPPER.writeValueAsString(event));
                    journal.write('\n');
                    journal.flush();
                    journalChannel.force(false);
                } catch (IOException | RuntimeException e) {
                    journalOpen = false;
                    closeJournalQuietly();
                    cutQuietly(dir.journal());
                }
            }
        }
    }

    private void writeSample(Sample s) throws IOException {
        CSVPrinter printer = channelFiles.get(s.channel());
        if (printer == null) {
            printer = appendCsv(dir, dir.dataFile(s.channel()), BdfColumns.ALL);
            channelFiles.put(s.channel(), printer);
        }
        formatter.print(printer, s);
        written.incrementAndGet();
    }

    private void writeCycle(CycleSummary c) throws IOException {
        cycles.add(c);
        if (c.endTestTimeS() > resumeAfterS) {
            CycleColumns.print(cyclesFile, c, barcodes.getOrDefault(c.channel(), ""));
        }
    }

    private void flushAll() throws IOException {
        for (CSVPrinter printer : channelFiles.values()) {
            printer.flush();
        }
        cyclesFile.flush();
    }

    /** Closes every file; cycles.csv is rewritten ordered by channel and cycle. */
    private void finish() throws IOException {
        for (CSVPrinter printer : channelFiles.values()) {
            printer.close();
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
        for (CSVPrinter printer : channelFiles.values()) {
            try {
                printer.close();
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
