package org.cycler.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {

    @TempDir
    Path dir;

    private static String row(double t) {
        return t + "," + String.join(",", Collections.nCopies(BdfColumns.ALL.size() - 1, "1"));
    }

    @Test
    void theLastRowIsTheLastCompleteOneOfAFileOfAnyLength() throws Exception {
        Path file = dir.resolve("ch-001.bdf.csv");
        StringBuilder text = new StringBuilder(String.join(",", BdfColumns.ALL)).append('\n');
        for (int t = 0; t < 5_000; t++) {
            text.append(row(t)).append('\n');
        }
        Files.writeString(file, text + "5000.0,3.9,1");
        Optional<List<String>> last = RunFiles.lastRow(file);
        assertEquals("4999.0", last.orElseThrow().get(0), "a torn last line is not a row");
        assertEquals(BdfColumns.ALL.size(), last.get().size());

        Path short1 = dir.resolve("ch-002.bdf.csv");
        Files.writeString(short1, String.join(",", BdfColumns.ALL) + "\n" + row(7) + "\n");
        assertEquals("7.0", RunFiles.lastRow(short1).orElseThrow().get(0));
        Path header = dir.resolve("ch-003.bdf.csv");
        Files.writeString(header, String.join(",", BdfColumns.ALL) + "\n");
        assertTrue(RunFiles.lastRow(header).isEmpty());
        assertTrue(RunFiles.lastRow(dir.resolve("none.csv")).isEmpty());
    }
}
