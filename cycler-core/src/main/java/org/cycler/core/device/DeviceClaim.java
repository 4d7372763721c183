package org.cycler.core.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * A station's claim on a device address on this machine: an OS file lock on a file named after
 * the address in the user's runtime folder ({@code $CYCLER_RUNTIME_DIR}, else
 * {@code $XDG_RUNTIME_DIR/cycler}, else {@code cycler-USER} in the temp folder), holding who owns
 * it. The OS drops the lock when the station dies, so a claim never outlives its owner, and
 * {@code cycler run --device} refuses a claimed device, naming the station.
 */
public final class DeviceClaim implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DeviceClaim(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The folder the claims live in. */
    public static Path folder() {
        String own = System.getenv("CYCLER_RUNTIME_DIR");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "cycler");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "cycler-" + System.getProperty("user.name", "user"));
    }

    private static Path file(String address) {
        return folder().resolve(address.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_") + ".claim");
    }

    /**
     * Claims {@code address} (canonical form) for {@code owner}, a one-line description such as
     * {@code station /srv/lab (pid 4242, http://127.0.0.1:8090)}; empty when another process holds it.
     */
    public static Optional<DeviceClaim> tryClaim(String address, String owner) throws IOException {
        Files.createDirectories(folder());
        FileChannel channel = FileChannel.open(file(address), StandardOpenOption.CREATE, StandardOpenOption.READ,
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
        channel.write(ByteBuffer.wrap((owner.strip() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return Optional.of(new DeviceClaim(channel, lock));
    }

    /** Who holds {@code address} now, or empty when nobody does. */
    public static Optional<String> holder(String address) throws IOException {
        Path file = file(address);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Optional<DeviceClaim> free = tryClaim(address, "");
        if (free.isPresent()) {
            free.get().close();
            return Optional.empty();
        }
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
