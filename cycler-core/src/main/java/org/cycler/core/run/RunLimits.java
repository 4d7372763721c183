package org.cycler.core.run;

import java.util.Locale;

import org.cycler.core.BadInputException;
import org.cycler.core.store.CsvRunRecorder;
import org.cycler.core.store.OpenFiles;

/**
 * What a run of N channels needs from the process, checked before anything is written, so that
 * a run that cannot hold its channels is refused with the limit it would break instead of
 * failing minutes in. Two limits are checked:
 * <ul>
 *   <li><b>open files</b> ({@code ulimit -n}): data files go through {@link OpenFiles}, which
 *       needs only {@link OpenFiles#MIN_CAPACITY} of them whatever the channel count, beside the
 *       headroom kept for sockets, jars and the journal;
 *   <li><b>heap</b>: {@link #heapNeededBytes(int)}, each channel's data buffer and its share of
 *       step machines, simulated cells and queued rows, against the JVM's maximum heap.
 * </ul>
 * Disk space is not estimated: how much a run writes depends on when its recipe's end conditions
 * fire, and a disk that fills ends the run FAILED with the reason, from where {@code cycler
 * resume} continues it.
 */
public final class RunLimits {

    /** Heap of a run whatever its channel count: the scheduler, the recorder, the JVM's own. */
    public static final long BASE_HEAP_BYTES = 128L << 20;
    /**
     * Heap a channel takes beside its data buffer: its step machine, its simulated cell, its rows
     * and events on the way to the writer. From {@code cycler bench tick} at 24,576 channels
     * (heap peak about 1.2 GB, garbage included), rounded up.
     */
    public static final long HEAP_PER_CHANNEL_BYTES = 40L << 10;

    private RunLimits() {
    }

    /** Checks {@code channels} against this process's open-file limit and maximum heap. */
    public static void check(int channels) throws BadInputException {
        check(channels, OpenFiles.openFileLimit(), Runtime.getRuntime().maxMemory());
    }

    /**
     * Checks {@code channels} against the given limits.
     *
     * @throws BadInputException naming the limit that would be broken, in one line
     */
    public static void check(int channels, long openFileLimit, long maxHeapBytes) throws BadInputException {
        int pool = OpenFiles.capacityFor(openFileLimit);
        if (pool < OpenFiles.MIN_CAPACITY) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "open-file limit %d (ulimit -n) leaves %d files for the data of %d channels after %d kept for "
                            + "sockets and jars; at least %d needed: raise it (ulimit -n)",
                    openFileLimit, Math.max(0, openFileLimit - OpenFiles.headroom(openFileLimit)), channels, OpenFiles.headroom(openFileLimit),
                    OpenFiles.MIN_CAPACITY));
        }
        long needed = heapNeededBytes(channels);
        if (needed > maxHeapBytes) {
            long mb = 1 << 20;
            throw new BadInputException(String.format(Locale.ROOT,
                    "%d channels need about %d MB of heap and the JVM may use %d MB: raise it "
                            + "(CYCLER_JAVA_OPTS=-Xmx%dm) or run fewer channels",
                    channels, needed / mb, maxHeapBytes / mb, (needed / mb + 255) / 256 * 256));
        }
    }

    /** The heap a run of {@code channels} channels needs, about. */
    public static long heapNeededBytes(int channels) {
        return BASE_HEAP_BYTES + (long) channels * (CsvRunRecorder.bufferBytes(channels) + HEAP_PER_CHANNEL_BYTES);
    }
}
