package org.cycler.core.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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

/** The writer thread's end: a write that fails while the run is closing still lets it close. */
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
}
