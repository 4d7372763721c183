package org.cycler.grades.api;

import java.util.Locale;

/**
 * What a token may do: {@link #READ} lists lots, cells and claims; {@link #CLAIM} also claims cells
 * and releases its own claims; {@link #ADMIN} also releases any token's claim.
 */
public enum Role {
    READ, CLAIM, ADMIN;

    /** Whether a token of this role may do what {@code needed} allows. */
    public boolean allows(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
