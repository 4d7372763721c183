package org.cycler.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import org.HdrHistogram.Histogram;

import com.sun.management.GarbageCollectionNotificationInfo;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The JVM's own counters over one benchmark: heap high-water mark, bytes allocated (and so the
 * allocation rate), and GC pauses with their distribution. Pauses come from the collectors' own
 * notifications: G1's young and old collections, and the "Pauses" beans of ZGC and Shenandoah
 * (their "Cycles" beans are concurrent work, not pauses).
 */
public final class JvmMeter implements AutoCloseable {

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final List<MemoryPoolMXBean> heap = new ArrayList<>();
    private final Histogram pausesMicros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private final long allocatedAtStart;
    private final long startNanos = System.nanoTime();

    public JvmMeter() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
                heap.add(pool);
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter && !gc.getName().endsWith("Cycles")) {
                NotificationListener listener = this::onGc;
                emitter.addNotificationListener(listener, null, null);
                unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
        allocatedAtStart = threads.getTotalThreadAllocatedBytes();
    }

    private void onGc(Notification notification, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            synchronized (pausesMicros) {
                pausesMicros.recordValue(Math.max(0, Math.min(TimeUnit.MINUTES.toMicros(1),
                        info.getGcInfo().getDuration() * 1000)));
            }
        }
    }

    /** The figures since construction. */
    public Figures figures() {
        long peak = 0;
        for (MemoryPoolMXBean pool : heap) {
            peak += pool.getPeakUsage().getUsed();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double allocatedMb = (threads.getTotalThreadAllocatedBytes() - allocatedAtStart) / 1e6;
        synchronized (pausesMicros) {
            return new Figures(peak / 1e6, allocatedMb, allocatedMb / seconds, pausesMicros.getTotalCount(),
                    pausesMicros.getValueAtPercentile(99) / 1000.0, pausesMicros.getMaxValue() / 1000.0);
        }
    }

    @Override
    public void close() {
        unsubscribe.forEach(Runnable::run);
    }

    /**
     * @param heapPeakMb       sum of the heap pools' peak usage, MB (the heap high-water mark)
     * @param allocatedMb      bytes allocated by all threads, MB
     * @param allocationMbPerS allocation rate, MB per wall second
     * @param gcPauses         stop-the-world pauses seen
     * @param gcPauseP99Ms     99th percentile pause, ms (1 ms resolution: the JVM reports whole ms)
     * @param gcPauseMaxMs     longest pause, ms
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Figures(double heapPeakMb, double allocatedMb, double allocationMbPerS, long gcPauses,
                          double gcPauseP99Ms, double gcPauseMaxMs) {
    }
}
