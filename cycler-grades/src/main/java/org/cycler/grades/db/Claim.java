package org.cycler.grades.db;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Cells a pack line took from a bin in one all-or-nothing claim. Immutable.
 *
 * @param claimId    the claim's ID (a UUID), which releases it
 * @param claimant   who the cells are for (the token's name unless the claim named one)
 * @param actedBy    the name of the token that made the claim, the only one beside an admin that releases it
 * @param claimedAt  UTC text ({@code 2026-11-26T03:08:45.123Z})
 * @param releasedAt when the cells were given back; empty while the claim holds them
 * @param cells      the claimed cells with their current grades, in barcode order
 * @param groups     a pack claim's series groups, each the barcodes of its parallel cells; empty for a claim by count
 */
public record Claim(String claimId, String claimant, String actedBy, String bin, String claimedAt,
                    Optional<String> releasedAt, List<StoredCell> cells, List<List<String>> groups) {

    public Claim {
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(claimant, "claimant");
        Objects.requireNonNull(actedBy, "actedBy");
        Objects.requireNonNull(bin, "bin");
        Objects.requireNonNull(claimedAt, "claimedAt");
        Objects.requireNonNull(releasedAt, "releasedAt");
        cells = List.copyOf(cells);
        groups = groups.stream().map(List::copyOf).toList();
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("a claim holds at least one cell");
        }
    }
}
