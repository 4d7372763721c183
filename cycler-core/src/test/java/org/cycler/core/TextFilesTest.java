package org.cycler.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TextFilesTest {

    @TempDir
    Path dir;

    /** A named pipe with no writer: opening it for reading would block for ever. */
    public static Path fifo(Path dir) throws Exception {
        Path fifo = dir.resolve("pipe.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        return fifo;
    }

    @Test
    void aDeviceFileIsRefusedWithoutReadingIt() {
        FileSystemException e = assertThrows(FileSystemException.class, () -> TextFiles.read(Path.of("/dev/zero"), 1 << 20));
        assertEquals("not a regular file", e.getReason());
    }

    @Test
    void aFifoWithoutAWriterIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = fifo(dir);
        FileSystemException e = assertThrows(FileSystemException.class, () -> TextFiles.read(fifo, 1 << 20));
        assertEquals("not a regular file", e.getReason());
    }

    @Test
    void aFileOverTheLimitIsRefusedAndOneAtTheLimitIsRead() throws Exception {
        Path file = dir.resolve("f.yaml");
        Files.writeString(file, "x".repeat(100));
        assertEquals(100, TextFiles.read(file, 100).length());
        assertThrows(TextFiles.TooLargeException.class, () -> TextFiles.read(file, 99));
    }

    @Test
    void directoriesMissingFilesAndNonUtf8AreNamed() throws Exception {
        assertEquals("it is a directory", assertThrows(FileSystemException.class, () -> TextFiles.read(dir, 10)).getReason());
        assertThrows(NoSuchFileException.class, () -> TextFiles.read(dir.resolve("none"), 10));
        Path latin1 = Files.write(dir.resolve("l.yaml"), new byte[] {'a', (byte) 0xe9});
        assertThrows(CharacterCodingException.class, () -> TextFiles.read(latin1, 10));
    }
}
