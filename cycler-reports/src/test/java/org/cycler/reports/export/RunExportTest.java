package org.cycler.reports.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the long CSV treats as a number, and the file names it gives cells. */
class RunExportTest {

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
