package org.cycler.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * The machine's own hiccup floor: an idle thread that wakes on the same clock, at the same period,
 * as the control loop, and records how late each wake is. Whatever lateness this thread sees
 * (scheduler, GC safepoints, other processes) is not the control loop's doing; the control loop's
 * lateness is judged beside it.
 */
public final class HiccupMeter implements AutoCloseable {

    private final Histogram latenessNanos = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    private final Thread thread;
    private volatile boolean running = true;

    public HiccupMeter(long periodNanos) {
        thread = Thread.ofPlatform().daemon(true).name("hiccup-meter").start(() -> {
            long origin = System.nanoTime();
            for (long k = 1; running; k++) {
                long deadline = origin + k * periodNanos;
                long now;
                while ((now = System.nanoTime()) < deadline) {
                    LockSupport.parkNanos(deadline - now);
                }
                synchronized (latenessNanos) {
                    latenessNanos.recordValue(Math.min(now - deadline, latenessNanos.getHighestTrackableValue()));
                }
            }
        });
    }

    /** Wake lateness recorded so far, a copy. */
    public Histogram lateness() {
        synchronized (latenessNanos) {
            return latenessNanos.copy();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
