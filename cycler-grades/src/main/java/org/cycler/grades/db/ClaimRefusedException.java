package org.cycler.grades.db;

import java.util.Objects;

/** A claim or release the database cannot grant as asked; nothing was claimed or released. The message is for the pack line. */
public final class ClaimRefusedException extends Exception {

    /** Why a claim was refused. */
    public enum Why {
        /** No current cell is in that bin (in that lot). */
        UNKNOWN_BIN,
        /** REJECT cells are never claimable. */
        NOT_CLAIMABLE,
        /** Fewer free cells than asked for; a claim is all or nothing. */
        NOT_ENOUGH,
        /** The claim was made by another token, and the one asking is no admin. */
        NOT_YOURS
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
