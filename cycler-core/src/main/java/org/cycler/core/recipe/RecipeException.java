package org.cycler.core.recipe;

/**
 * A recipe (or grading spec) that cannot run as written. The message is the one line a user
 * sees: {@code file:line:col: what is wrong (what was expected)}.
 */
public final class RecipeException extends Exception {

    private final SourceLocation location;
    private final String problem;

    public RecipeException(SourceLocation location, String problem) {
        super(location + ": " + problem);
        this.location = location;
        this.problem = problem;
    }

    public SourceLocation location() {
        return location;
    }

    /** The message without the location prefix. */
    public String problem() {
        return problem;
    }
}
