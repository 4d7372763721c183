package org.cycler.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pool of open files: never more open than its capacity, and a file closed to make room goes on where it ended. */
class OpenFilesTest {

    @TempDir
    Path temp;

    @Test
    void tenFilesThroughThreePlacesKeepEveryWriteInOrder() throws Exception {
        OpenFiles pool = new OpenFiles(3);
        List<OutputStream> files = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            files.add(pool.append(FileSink.DISK, temp.resolve("f" + i)));
            assertTrue(pool.openNow() <= 3, "open " + pool.openNow());
        }
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 10; i++) {
                files.get(i).write(("r" + round + "\n").getBytes(StandardCharsets.US_ASCII));
                assertTrue(pool.openNow() <= 3, "open " + pool.openNow());
            }
        }
        assertEquals(50, pool.reopened(), "every write found its file closed by the nine others");
        assertTrue(pool.isOpen(files.get(9)));
        assertFalse(pool.isOpen(files.get(0)));
        for (OutputStream f : files) {
            f.close();
        }
        assertEquals(0, pool.openNow());
        for (int i = 0; i < 10; i++) {
            assertEquals("r0\nr1\nr2\nr3\nr4\n", Files.readString(temp.resolve("f" + i)));
        }
    }
}
