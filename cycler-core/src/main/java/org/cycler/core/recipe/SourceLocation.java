package org.cycler.core.recipe;

/** Where something stands in a recipe or grading file: 1-based line and column, 0 for the file as a whole. */
public record SourceLocation(String file, int line, int column) {

    public static final SourceLocation UNKNOWN = new SourceLocation("<recipe>", 0, 0);

    /**
     * {@code file:line:col}, the prefix of every error a user sees about this place; the file's
     * name alone for the file as a whole (one that cannot be read, or is too large).
     */
    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
