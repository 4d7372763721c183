package org.cycler.core.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The lock a controller holds on a run directory while it drives the run ({@code run.lock}, an
 * OS file lock, holding the controller's PID). The OS drops the lock when the process dies, so a
 * lock file that nobody holds is a crashed run's stale lock, and a run is never driven twice.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE = "run.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or returns empty when another live process holds it. */
    public static Optional<RunLock> tryAcquire(Path runDir) throws IOException {
        FileChannel channel = FileChannel.open(runDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        return Optional.of(new RunLock(channel, lock));
    }

    /** The PID written by the process that holds (or last held) the lock, if any. */
    public static Optional<Long> holderPid(Path runDir) {
        try {
            return Optional.of(Long.parseLong(Files.readString(runDir.resolve(FILE)).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Releases the lock; the file stays, as a record of the last controller. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
