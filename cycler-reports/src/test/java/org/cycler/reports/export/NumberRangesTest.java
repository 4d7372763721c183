package org.cycler.reports.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cycler.core.BadInputException;
import org.junit.jupiter.api.Test;

/** Channel and cycle lists read as people write them; a cell that is not a number never passes. */
class NumberRangesTest {

    @Test
    void listsAndRangesAreInclusive() throws BadInputException {
        NumberRanges r = NumberRanges.parse("--channels", "1-8, 12", 1);
        for (int ch : new int[] {1, 5, 8, 12}) {
            assertTrue(r.contains(ch), "channel " + ch);
        }
        for (int ch : new int[] {0, 9, 11, 13}) {
            assertFalse(r.contains(ch), "channel " + ch);
        }
    }

    @Test
    void mistakesNameTheOption() {
        assertEquals("--channels: '1-x' (expected numbers and ranges such as 1-8,12)",
                assertThrows(BadInputException.class, () -> NumberRanges.parse("--channels", "1-x", 1)).getMessage());
        assertEquals("--cycles: range 5-2 runs backwards (expected low-high)",
                assertThrows(BadInputException.class, () -> NumberRanges.parse("--cycles", "5-2", 0)).getMessage());
        assertEquals("--channels: 0 (expected 1 or more)",
                assertThrows(BadInputException.class, () -> NumberRanges.parse("--channels", "0-3", 1)).getMessage());
        assertThrows(BadInputException.class, () -> NumberRanges.parse("--channels", "1,,2", 1));
    }

    @Test
    void onlyNumbersPassAsNumericCells() {
        for (String ok : new String[] {"", "0", "-1.000000", "4.173891", "1795722373.064", "1e-7", "2.5E3"}) {
            assertTrue(RunExport.looksNumeric(ok), ok);
        }
        for (String bad : new String[] {"=1+1", "+1", "@SUM(A1)", "-", "\t1", "1,2", "abc", "-=1", "."}) {
            assertFalse(RunExport.looksNumeric(bad), bad);
        }
    }

    @Test
    void barcodesBecomeSafeFileNames() {
        assertEquals("SIM1-007", RunExport.safeName("SIM1-007"));
        assertEquals("_.._etc_passwd", RunExport.safeName("../etc/passwd"));
        assertEquals("a_b_c", RunExport.safeName("a/b c"));
    }
}
