package org.cycler.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cycler.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellRosterTest {

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path file = dir.resolve("cells.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void oneBarcodePerLineFillsChannelsInOrderSkippingBlankLines() throws Exception {
        CellRoster roster = CellRoster.read(file("A001\n\nA002\n  A003  \n"), 8);
        assertArrayEquals(new int[] {1, 2, 3}, roster.channels());
        assertEquals("A003", roster.barcode(3));
    }

    @Test
    void channelAndBarcodeColumnsPlaceCells() throws Exception {
        CellRoster roster = CellRoster.read(file("channel,barcode\n5,X5\n2,X2\n"), 8);
        assertArrayEquals(new int[] {2, 5}, roster.channels());
        assertEquals("X5", roster.barcode(5));
    }

    @Test
    void formulaLikeBarcodesAreKeptAsData() throws Exception {
        CellRoster roster = CellRoster.read(file("barcode\n=1+2\n"), 0);
        assertEquals("=1+2", roster.barcode(1));
    }

    @Test
    void badFilesGetOneLineNamingFileAndLine() throws Exception {
        Path dup = file("A\nB\nA\n");
        assertEquals(dup + ":3: barcode 'A' appears twice (first on line 1)",
                assertThrows(BadInputException.class, () -> CellRoster.read(dup, 0)).getMessage());
        Path tooMany = file("channel,barcode\n9,X\n");
        assertEquals(tooMany + ":2: channel 9 does not exist on a 8-channel cycler",
                assertThrows(BadInputException.class, () -> CellRoster.read(tooMany, 8)).getMessage());
        Path empty = file("\n\n");
        assertEquals(empty + ": no barcodes (expected one barcode per line, or a 'barcode' column)",
                assertThrows(BadInputException.class, () -> CellRoster.read(empty, 0)).getMessage());
        Path badChannel = file("channel,barcode\nx,A\n");
        assertEquals(badChannel + ":2: channel 'x' is not a whole number",
                assertThrows(BadInputException.class, () -> CellRoster.read(badChannel, 0)).getMessage());
        Path missing = dir.resolve("nope.csv");
        assertEquals(missing + ": no such barcode file",
                assertThrows(BadInputException.class, () -> CellRoster.read(missing, 0)).getMessage());
    }

    @Test
    void aDeviceFileOrAFifoIsRefusedAtOnceAndAnOversizedFileToo() throws Exception {
        BadInputException zero = assertThrows(BadInputException.class, () -> CellRoster.read(Path.of("/dev/zero"), 8));
        assertEquals("/dev/zero: cannot read barcode file (not a regular file)", zero.getMessage());
        Path fifo = org.cycler.core.TextFilesTest.fifo(dir);
        assertEquals(fifo + ": cannot read barcode file (not a regular file)",
                assertThrows(BadInputException.class, () -> CellRoster.read(fifo, 8)).getMessage());
        Path big = Files.write(dir.resolve("big.csv"), new byte[(int) CellRoster.MAX_FILE_BYTES + 1]);
        assertEquals(big + ": cannot read barcode file (larger than " + CellRoster.MAX_FILE_BYTES + " bytes)",
                assertThrows(BadInputException.class, () -> CellRoster.read(big, 8)).getMessage());
    }
}
