package org.cycler.grades.db;

import java.util.List;
import java.util.Objects;

/**
 * Cells a pack line took from a bin in one all-or-nothing claim. Immutable.
 *
 * @param claimId   the claim's ID (a UUID), which releases it
 * @param claimedAt UTC text ({@code 2026-11-26T03:08:45.123Z})
 * @param cells     the claimed cells, in barcode order
 */
public record Claim(String claimId, String claimant, String bin, String claimedAt, List<StoredCell> cells) {

    public Claim {
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(claimant, "claimant");
        Objects.requireNonNull(bin, "bin");
        Objects.requireNonNull(claimedAt, "claimedAt");
        cells = List.copyOf(cells);
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("a claim holds at least one cell");
        }
    }
}
