package org.cycler.grades.db;

import java.util.Objects;

/** A claim the database cannot grant as asked; nothing was claimed. The message is for the pack line. */
public final class ClaimRefusedException extends Exception {

    /** Why a claim was refused. */
    public enum Why {
        /** No current cell is in that bin (in that lot). */
        UNKNOWN_BIN,
        /** REJECT cells are never claimable. */
        NOT_CLAIMABLE,
        /** Fewer free cells than asked for; a claim is all or nothing. */
        NOT_ENOUGH
    }

    private final Why why;

    public ClaimRefusedException(Why why, String message) {
        super(message);
        this.why = Objects.requireNonNull(why, "why");
    }

    public Why why() {
        return why;
    }
}
