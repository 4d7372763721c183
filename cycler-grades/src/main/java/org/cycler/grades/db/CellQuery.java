package org.cycler.grades.db;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.cycler.core.BadInputException;

/**
 * Which current cells to list: optionally one bin, one lot, and a status filter. Immutable.
 */
public record CellQuery(Optional<String> bin, Optional<String> lot, Filter status) {

    /** The status filter: free non-REJECT cells, claimed cells, or every cell. */
    public enum Filter {
        AVAILABLE, CLAIMED, ALL;

        /** {@code available}, {@code claimed} or {@code all}, any case. */
        public static Filter parse(String text) throws BadInputException {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("status '" + text + "' (expected available, claimed or all)", e);
            }
        }
    }

    public static final CellQuery ALL = new CellQuery(Optional.empty(), Optional.empty(), Filter.ALL);

    public CellQuery {
        Objects.requireNonNull(bin, "bin");
        Objects.requireNonNull(lot, "lot");
        Objects.requireNonNull(status, "status");
    }
}
