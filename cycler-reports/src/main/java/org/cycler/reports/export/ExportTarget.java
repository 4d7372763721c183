package org.cycler.reports.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

import org.cycler.core.BadInputException;
import org.cycler.core.store.RunDirectory;

/**
 * Where an export may write, and how. An export reads a run while it writes, so an output that
 * lands inside a run directory could destroy what is being read; every output path is therefore
 * resolved to its real path (symlinks followed; for a path that does not exist yet, its nearest
 * existing parent's real path) and refused when it lies inside the exported run or inside any
 * directory holding a {@code run.json}. Files are written to a temporary file in the target folder
 * and renamed into place only when complete, so a failed export never leaves a half-written file
 * under the final name and a symlink at the target is replaced, not written through. Stateless.
 */
public final class ExportTarget {

    /** What writes one output file's content. */
    @FunctionalInterface
    public interface Content<T> {
        T writeTo(Writer out) throws BadInputException, IOException;
    }

    /** Write buffer of an export file, bytes. */
    private static final int BUFFER_BYTES = 1 << 16;

    private ExportTarget() {
    }

    /**
     * Refuses {@code target} (a file or directory an export writes) when its real path lies inside
     * {@code run} or inside any run directory.
     *
     * @throws BadInputException naming the path and the run directory it resolves into
     */
    public static void requireOutsideRuns(Path target, RunDirectory run) throws BadInputException {
        Path real;
        Path runRoot;
        try {
            real = realPath(target);
            runRoot = run.root().toRealPath();
        } catch (IOException e) {
            throw new BadInputException("--out: " + target + ": cannot resolve (" + e.getMessage() + ")", e);
        }
        if (real.startsWith(runRoot)) {
            throw refused(target, runRoot);
        }
        for (Path dir = real; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(RunDirectory.INFO_FILE))) {
                throw refused(target, dir);
            }
        }
    }

    /**
     * Writes {@code content} to {@code target} through a temporary file beside it, renamed over the
     * target (atomically) once the content is complete and on disk. On failure the target is left
     * as it was and the temporary file is removed.
     */
    public static <T> T write(Path target, Content<T> content) throws BadInputException, IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        boolean done = false;
        try {
            T result;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                         StandardCharsets.UTF_8), BUFFER_BYTES)) {
                result = content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return result;
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** The real path of {@code path}, or of its nearest existing parent with the rest appended. */
    static Path realPath(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute.normalize();
        }
        return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    }

    private static BadInputException refused(Path target, Path runDir) {
        return new BadInputException("--out: " + target + " resolves into the run directory " + runDir
                + " (expected a path outside every run directory)");
    }
}
