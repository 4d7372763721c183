package org.cycler.core.recipe;

/** Where something stands in a recipe or grading file: 1-based line and column. */
public record SourceLocation(String file, int line, int column) {

    public static final SourceLocation UNKNOWN = new SourceLocation("<recipe>", 0, 0);

    /** {@code file:line:col}, the prefix of every error a user sees about this place. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
