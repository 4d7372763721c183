package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cycler.core.grading.GradedCell;
import org.cycler.grades.db.StoredCell;
import org.junit.jupiter.api.Test;

/** {@code cycler cells} as a table never hands a terminal a control character from the database. */
class CellsTableTest {

    @Test
    void controlCharactersInNamesAreShownEscaped() {
        GradedCell grade = new GradedCell("BC\u001b[2J1", 1, Map.of(), "A", "");
        StoredCell cell = new StoredCell(grade, "run-1", "lot\r1", "spec", "2026-11-26T03:08:45.123Z", true,
                Optional.of(new StoredCell.Holder("c-1", "line\u00003", "2026-11-26T03:08:46.000Z")));
        String table = CellsCommand.table(List.of(cell));
        assertFalse(table.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n'), table);
        assertTrue(table.contains("BC\\x1b[2J1"), table);
        assertTrue(table.contains("lot\\x0d1"), table);
        assertTrue(table.contains("line\\x003"), table);
    }

    @Test
    void printableTextIsUnchangedAndABackslashIsDoubled() {
        assertEquals("Zelle-7 äö", TerminalText.escape("Zelle-7 äö"));
        assertEquals("a\\\\x1b", TerminalText.escape("a\\x1b"));
    }
}
