package org.cycler.core.recipe.io;

import org.cycler.core.recipe.SourceLocation;

/**
 * Maps an offset inside a piece of text (a YAML scalar's value) to where that character stands
 * in the file, so an error can point at the offending token rather than at the start of the line.
 */
@FunctionalInterface
public interface Locator {

    /** Where the character at {@code offset} (a UTF-16 index into the text) stands in the file. */
    SourceLocation at(int offset);

    /**
     * A locator for text that starts at {@code start} and is written out character for character
     * on one line (a plain or simply quoted scalar); {@code text} converts UTF-16 offsets to columns.
     */
    static Locator inLine(SourceLocation start, String text) {
        return offset -> new SourceLocation(start.file(), start.line(),
                start.column() + text.codePointCount(0, Math.min(Math.max(offset, 0), text.length())));
    }

    /** A locator that points every offset at {@code start}, for text whose columns cannot be traced. */
    static Locator fixed(SourceLocation start) {
        return offset -> start;
    }
}
