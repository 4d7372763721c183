package org.cycler.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTextTest {

    @Test
    void formulaLikeTextIsNeutralised() {
        assertEquals("'=HYPERLINK(\"x\")", CsvText.neutralise("=HYPERLINK(\"x\")"));
        assertEquals("'+1", CsvText.neutralise("+1"));
        assertEquals("'-2+3", CsvText.neutralise("-2+3"));
        assertEquals("'@SUM(A1)", CsvText.neutralise("@SUM(A1)"));
        assertEquals("'\tx", CsvText.neutralise("\tx"));
        assertEquals("'\rx", CsvText.neutralise("\rx"));
    }

    @Test
    void ordinaryTextIsKept() {
        assertEquals("NMC-0001", CsvText.neutralise("NMC-0001"));
        assertEquals("", CsvText.neutralise(""));
    }

    @Test
    void aLeadingApostropheIsGuardedTooSoRestoreUndoesExactlyTheGuard() {
        assertEquals("''=1", CsvText.neutralise("'=1"));
        assertEquals("''", CsvText.neutralise("'"));
        for (String text : new String[] {"'=1", "=1", "'", "''", "'abc", "abc", "-2", "", "'\t"}) {
            assertEquals(text, CsvText.restore(CsvText.neutralise(text)), text);
        }
    }
}
