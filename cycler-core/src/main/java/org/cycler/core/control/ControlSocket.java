package org.cycler.core.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Where a live run's control endpoint listens: a Unix domain socket {@code control.sock} in the
 * run directory, so only users who may write the run directory can steer the run. Socket paths
 * are limited to about 100 bytes; for a deeper run directory the socket goes into a private
 * directory of the user, under a name derived from the run directory's absolute path, which every
 * client of the same user derives in the same way:
 * {@code $XDG_RUNTIME_DIR/cycler/} when the user has a runtime directory, else
 * {@code <java.io.tmpdir>/cycler-<uid>/}. That directory is created with mode 0700 and, before
 * every use by server or client, checked to be a real directory (not a symlink) owned by the
 * user with no access for group or others, so another local user can neither take the name first
 * nor answer in the run's place. The socket file itself is made 0600 whatever the umask.
 */
public final class ControlSocket {

    public static final String FILE = "control.sock";
    /** Longest socket path every Unix accepts (sun_path is 104-108 bytes with its terminator). */
    static final int MAX_PATH_BYTES = 100;
    /** The private directory's name under {@code $XDG_RUNTIME_DIR}. */
    static final String RUNTIME_SUBDIR = "cycler";

    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private ControlSocket() {
    }

    /**
     * The socket path for {@code runDir}, with the user's private directory created (and checked)
     * when the socket cannot sit in the run directory.
     *
     * @throws IOException when the private directory cannot be made or is not private to the user
     */
    public static Path of(Path runDir) throws IOException {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return of(runDir, runtime == null || runtime.isBlank() ? Optional.empty() : Optional.of(Path.of(runtime)),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@link #of(Path)} with the user's runtime directory and the temporary directory given. */
    static Path of(Path runDir, Optional<Path> runtimeDir, Path tempDir) throws IOException {
        Path absolute = runDir.toAbsolutePath().normalize();
        Path inRun = absolute.resolve(FILE);
        if (inRun.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES) {
            return inRun;
        }
        Path dir = privateDir(runtimeDir.map(r -> r.resolve(RUNTIME_SUBDIR))
                .orElseGet(() -> tempDir.resolve("cycler-" + currentUid())));
        return dir.resolve(digest(absolute.toString()) + ".sock");
    }

    /** Makes the socket file {@code socket} readable and writable by its owner only. */
    static void ownerOnly(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, OWNER_ONLY_FILE);
    }

    /** {@code dir}, created 0700 if absent; refused unless it is a directory of ours that only we may use. */
    static Path privateDir(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        } catch (FileAlreadyExistsException e) {
            // checked below like a directory we made
        }
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new IOException(dir + ": the control socket directory is not a directory (expected a private "
                    + "directory, mode 0700)");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != currentUid()) {
            throw new IOException(dir + ": the control socket directory belongs to user id " + owner
                    + " (expected one of our own, mode 0700)");
        }
        if (!attributes.permissions().equals(OWNER_ONLY_DIR)) {
            throw new IOException(dir + ": the control socket directory has mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + " (expected rwx------)");
        }
        return dir;
    }

    private static String digest(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The numeric id of the user this process runs as. */
    static int currentUid() {
        return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }
}
