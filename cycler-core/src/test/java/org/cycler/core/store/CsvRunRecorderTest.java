package org.cycler.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.cycler.core.schedule.ChannelEvent;
import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.Sample;
import org.cycler.core.schedule.StepType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer thread: its end (a write that fails while the run is closing still lets it close, a
 * writer that dies never holds the control thread) and its files (more channels than open files).
 */
class CsvRunRecorderTest {

    @TempDir
    Path temp;

    private static Sample sample(int channel, double t) {
        return new Sample(channel, t, t, 3.7, 1, 25, 1, 1, 1, StepType.CC_CHG, t, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void aWriteThatFailsAfterTheRunWasClosedStillEndsTheWriter() throws Exception {
        CountDownLatch opening = new CountDownLatch(1);
        AtomicReference<Thread> closer = new AtomicReference<>();
        // the first data file's open waits until close() has queued the end marker, then fails
        FileSink failingOnceClosed = (file, options) -> {
            if (!file.getFileName().toString().startsWith("ch-")) {
                return FileSink.DISK.open(file, options);
            }
            opening.countDown();
            while (closer.get() == null || closer.get().getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            throw new IOException("No space left on device");
        };
        RunDirectory dir = RunDirectory.create(temp.resolve("run")).writingThrough(failingOnceClosed);
        CsvRunRecorder recorder = new CsvRunRecorder(dir, Map.of(1, "A"), true);
        recorder.sample(sample(1, 1));
        // on a virtual clock rows go to the writer at the end of a tick once they are due
        while (!opening.await(1, TimeUnit.MILLISECONDS)) {
            recorder.endOfTick();
        }
        recorder.sample(sample(1, 2));
        recorder.event(new ChannelEvent(ChannelEvent.Kind.STATE, 1, 2, 1, 1, 1, ChannelState.STOPPED, null, "",
                0, 0, 0, 0));
        AtomicReference<Throwable> closed = new AtomicReference<>();
        Thread closing = Thread.ofPlatform().start(() -> {
            try {
                recorder.close();
            } catch (Throwable t) {
                closed.set(t);
            }
        });
        closer.set(closing);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> closing.join(), "close() returns");
        assertTrue(closed.get() instanceof IOException e && e.getMessage().contains("No space left on device"),
                String.valueOf(closed.get()));
        assertThrows(IOException.class, recorder::close, "and says so again");
    }

    /** Rows of {@code channels} channels, interleaved as a tick hands them over, through a pool of {@code openFiles}. */
    private Path record(String name, int channels, int rows, OpenFiles openFiles) throws IOException {
        Map<Integer, String> barcodes = new HashMap<>();
        for (int ch = 1; ch <= channels; ch++) {
            barcodes.put(ch, "B" + ch);
        }
        RunDirectory dir = RunDirectory.create(temp.resolve(name));
        try (CsvRunRecorder recorder = new CsvRunRecorder(dir, barcodes, true, openFiles)) {
            for (int row = 1; row <= rows; row++) {
                for (int ch = 1; ch <= channels; ch++) {
                    recorder.sample(sample(ch, row * 0.1));
                }
            }
        }
        return dir.dataDir();
    }

    @Test
    void moreChannelsThanOpenFilesWriteTheSameBytesAsAFileEach() throws Exception {
        int channels = 40;
        OpenFiles four = new OpenFiles(4);
        // 2,000 rows a channel overflow each channel's buffer several times, so files close and reopen mid-run
        Path pooled = record("pooled", channels, 2000, four);
        Path each = record("each", channels, 2000, new OpenFiles(1000));
        assertTrue(four.reopened() > channels, "files were closed and opened again: " + four.reopened());
        assertEquals(0, four.openNow(), "closing the run releases every file");
        for (int ch = 1; ch <= channels; ch++) {
            String file = String.format(java.util.Locale.ROOT, "ch-%03d.bdf.csv", ch);
            assertArrayEquals(Files.readAllBytes(each.resolve(file)), Files.readAllBytes(pooled.resolve(file)), file);
        }
    }

    @Test
    void aWriterThatDiesOfAnErrorEndsTheRunAndNeverHoldsTheControlThread() throws Exception {
        FileSink heapGone = (file, options) -> {
            if (file.getFileName().toString().startsWith("ch-")) {
                throw new OutOfMemoryError("Java heap space");
            }
            return FileSink.DISK.open(file, options);
        };
        RunDirectory dir = RunDirectory.create(temp.resolve("run")).writingThrough(heapGone);
        CsvRunRecorder recorder = new CsvRunRecorder(dir, Map.of(1, "A"), true);
        // more rows than the queue holds: a control thread waiting on a writer that died would wait forever
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 1; i <= CsvRunRecorder.QUEUE_CAPACITY * 2; i++) {
                recorder.sample(sample(1, i));
            }
            recorder.event(new ChannelEvent(ChannelEvent.Kind.STATE, 1, 2, 1, 1, 1, ChannelState.STOPPED, null, "",
                    0, 0, 0, 0));
            IOException e = assertThrows(IOException.class, recorder::close);
            assertTrue(e.getMessage().contains("Java heap space"), e.getMessage());
        }, "the control thread goes on");
        assertNotNull(recorder.failure());
    }
}
