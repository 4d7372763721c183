package org.cycler.grades.db;

import java.util.Locale;

/** Whether a pack line can take a cell. REJECT cells are never available, whatever their claim. */
public enum CellStatus {
    AVAILABLE, CLAIMED, REJECTED;

    /** As the API and the CLI write it: {@code available}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
