package org.cycler.core.control;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a live run's control endpoint listens: a Unix domain socket {@code control.sock} in the
 * run directory, so only users who may write the run directory can steer the run. Socket paths
 * are limited to about 100 bytes; for a deeper run directory the socket goes into the temporary
 * directory under a name derived from the run directory's absolute path, which any client can
 * derive in the same way.
 */
public final class ControlSocket {

    public static final String FILE = "control.sock";
    /** Longest socket path every Unix accepts (sun_path is 104-108 bytes with its terminator). */
    static final int MAX_PATH_BYTES = 100;

    private ControlSocket() {
    }

    public static Path of(Path runDir) {
        Path absolute = runDir.toAbsolutePath().normalize();
        Path inRun = absolute.resolve(FILE);
        if (inRun.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES) {
            return inRun;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(absolute.toString().getBytes(StandardCharsets.UTF_8));
            return Path.of(System.getProperty("java.io.tmpdir"), "cycler-" + HexFormat.of().formatHex(digest, 0, 8) + ".sock");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
