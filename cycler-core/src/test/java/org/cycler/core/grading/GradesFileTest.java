package org.cycler.core.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradesFileTest {

    @TempDir
    Path dir;

    @Test
    void everyBarcodeComesBackAsItWasWrittenEvenOneThatStartsWithTheGuard() throws Exception {
        List<String> barcodes = List.of("'=1", "=1", "'", "''", "'abc", "a'b", "-CELL", "''=x", "NMC-0001");
        List<GradedCell> cells = new ArrayList<>();
        for (int i = 0; i < barcodes.size(); i++) {
            cells.add(new GradedCell(barcodes.get(i), i + 1, Map.of(Figure.CAPACITY, 18_000.0), "'=A", ""));
        }
        Path file = dir.resolve("grades.csv");
        GradesFile.write(file, cells);
        List<GradedCell> back = GradesFile.read(file);
        assertEquals(barcodes, back.stream().map(GradedCell::barcode).toList());
        back.forEach(c -> assertEquals("'=A", c.bin()));
    }
}
