package org.cycler.core.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the files a run writes (data files, cycles.csv, run.json): the one seam between the run
 * store and the disk, so that a test can stand a full disk in for the real one.
 */
@FunctionalInterface
public interface FileSink {

    /** The file system itself. */
    FileSink DISK = Files::newOutputStream;

    /** An output stream to {@code file}, opened with {@code options}. */
    OutputStream open(Path file, OpenOption... options) throws IOException;
}
