package org.cycler.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
    void aBlankLineIsAnEmptyPocketAndDoesNotShiftLaterBarcodes() throws Exception {
        CellRoster roster = CellRoster.read(file("A001\n\nA002\n  A003  \n\n\n"), 8);
        assertArrayEquals(new int[] {1, 3, 4}, roster.channels());
        assertArrayEquals(new int[] {2}, roster.emptyChannels());
        assertEquals("A002", roster.barcode(3));
        assertEquals("A003", roster.barcode(4));
    }

    @Test
    void twoColumnsWithoutAHeaderAreChannelAndBarcode() throws Exception {
        CellRoster roster = CellRoster.read(file("1,A1\n2,A2\n\n4,A4\n"), 8);
        assertArrayEquals(new int[] {1, 2, 4}, roster.channels());
        assertEquals("A1", roster.barcode(1));
        assertEquals("A4", roster.barcode(4));
        assertArrayEquals(new int[0], roster.emptyChannels());
    }

    @Test
    void anEmptyBarcodeIsAnEmptyPocketInEveryForm() throws Exception {
        CellRoster headed = CellRoster.read(file("channel,barcode\n1,X1\n2,\n3,X3\n"), 8);
        assertArrayEquals(new int[] {1, 3}, headed.channels());
        assertArrayEquals(new int[] {2}, headed.emptyChannels());
        CellRoster bare = CellRoster.read(file("1,X1\n2,\n3,X3\n"), 8);
        assertArrayEquals(new int[] {2}, bare.emptyChannels());
        CellRoster column = CellRoster.read(file("barcode\nX1\n\"\"\nX3\n"), 8);
        assertArrayEquals(new int[] {1, 3}, column.channels());
        assertArrayEquals(new int[] {2}, column.emptyChannels());
    }

    @Test
    void theMapIsDescribedInRangesWhereTheTrayIsRegular() throws Exception {
        CellRoster roster = CellRoster.read(file("A001\nA002\nA003\n\n\nA006\nZZ\nB9\nB10\n"), 0);
        assertEquals(List.of("1-3       A001..A003", "4-5       (empty pockets, not run)", "6         A006", "7         ZZ",
                "8-9       B9..B10"), roster.describe());
        assertEquals(List.of("1-32      SIM1-001..SIM1-032"), CellRoster.generated("SIM1", 32).describe());
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
        assertEquals(empty + ": no barcodes (expected one barcode per line, 'channel,barcode' lines, or a 'barcode' column)",
                assertThrows(BadInputException.class, () -> CellRoster.read(empty, 0)).getMessage());
        Path badChannel = file("channel,barcode\nx,A\n");
        assertEquals(badChannel + ":2: channel 'x' is not a whole number",
                assertThrows(BadInputException.class, () -> CellRoster.read(badChannel, 0)).getMessage());
        Path short2 = file("1,A1\n2\n");
        assertEquals(short2 + ":2: 1 columns (expected 'channel,barcode' as on line 1)",
                assertThrows(BadInputException.class, () -> CellRoster.read(short2, 0)).getMessage());
        Path twice = file("1,A1\n\n1,A2\n");
        assertEquals(twice + ":3: channel 1 is given twice (first on line 1)",
                assertThrows(BadInputException.class, () -> CellRoster.read(twice, 0)).getMessage());
        Path allEmpty = file("channel,barcode\n1,\n2,\n");
        assertEquals(allEmpty + ": no barcodes (every pocket is empty)",
                assertThrows(BadInputException.class, () -> CellRoster.read(allEmpty, 0)).getMessage());
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
