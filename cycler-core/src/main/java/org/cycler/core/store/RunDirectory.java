package org.cycler.core.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.cycler.core.json.Json;

/**
 * A run's directory (DESIGN section 5): where every file of a run lives and how it is named.
 *
 * <pre>
 * runs/&lt;run-id&gt;/
 *   run.json  recipe.yaml  journal.log  data/ch-NNN.bdf.csv  cycles.csv  faults.csv  grades.csv  sim-cells.csv
 * </pre>
 */
public final class RunDirectory {

    /** The file that makes a directory a run directory. */
    public static final String INFO_FILE = "run.json";

    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path root;
    private final FileSink sink;

    private RunDirectory(Path root, FileSink sink) {
        this.root = root;
        this.sink = sink;
    }

    /**
     * The same directory with its files written through {@code sink} (a test puts a full disk
     * there).
     */
    public RunDirectory writingThrough(FileSink sink) {
        return new RunDirectory(root, sink);
    }

    /** Where the run's files are written through. */
    public FileSink sink() {
        return sink;
    }

    /** A run directory that already exists (for reading, resuming, grading). */
    public static RunDirectory open(Path root) throws IOException {
        if (!Files.isRegularFile(root.resolve(INFO_FILE))) {
            throw new IOException(root + ": not a run directory (no run.json)");
        }
        return new RunDirectory(root, FileSink.DISK);
    }

    /**
     * Creates the directory for a new run. It may exist only if empty: a run is never written
     * over another.
     */
    public static RunDirectory create(Path root) throws IOException {
        if (Files.exists(root)) {
            if (!Files.isDirectory(root)) {
                throw new IOException(root + ": exists and is not a directory");
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
                if (entries.iterator().hasNext()) {
                    throw new IOException(root + ": already holds files; choose a new run directory");
                }
            }
        }
        Files.createDirectories(root.resolve("data"));
        return new RunDirectory(root, FileSink.DISK);
    }

    /** A run ID that sorts by start time: {@code 20261126-014500-nmc-21700-formation}. */
    public static String newRunId(Instant start, String recipeName) {
        String slug = recipeName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        return RUN_ID_TIME.format(start) + (slug.isEmpty() ? "" : "-" + slug);
    }

    public Path root() {
        return root;
    }

    public Path runInfo() {
        return root.resolve(INFO_FILE);
    }

    public Path recipeCopy() {
        return root.resolve("recipe.yaml");
    }

    public Path journal() {
        return root.resolve("journal.log");
    }

    public Path dataDir() {
        return root.resolve("data");
    }

    public Path dataFile(int channel) {
        return dataDir().resolve(BdfColumns.fileName(channel));
    }

    public Path cycles() {
        return root.resolve("cycles.csv");
    }

    public Path grades() {
        return root.resolve("grades.csv");
    }

    /** The copy of the grading spec that made grades.csv, beside it. */
    public Path gradingSpecCopy() {
        return root.resolve("grading.yaml");
    }

    public Path faults() {
        return root.resolve("faults.csv");
    }

    public Path simCells() {
        return root.resolve("sim-cells.csv");
    }

    /** Copies the recipe that runs, byte for byte. */
    public void copyRecipe(Path source) throws IOException {
        Files.copy(source, recipeCopy(), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Writes run.json atomically (temp file, then rename), so a crash never leaves half of it. When
     * the temp file cannot be written (a full disk), it is removed and run.json stays as it was.
     */
    public void writeInfo(RunInfo info) throws IOException {
        Path temp = root.resolve("run.json.tmp");
        try (OutputStream out = sink.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(Json.PRETTY.writeValueAsBytes(info));
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot write " + runInfo() + ": " + e.getMessage(), e);
        }
        Files.move(temp, runInfo(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public RunInfo readInfo() throws IOException {
        return Json.MAPPER.readValue(runInfo().toFile(), RunInfo.class);
    }
}
