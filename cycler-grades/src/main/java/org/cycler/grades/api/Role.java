package org.cycler.grades.api;

import java.util.Locale;

/** What a token may do: {@link #READ} lists lots and cells; {@link #CLAIM} also claims and releases cells. */
public enum Role {
    READ, CLAIM;

    /** Whether a token of this role may do what {@code needed} allows. */
    public boolean allows(Role needed) {
        return this == CLAIM || needed == READ;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
