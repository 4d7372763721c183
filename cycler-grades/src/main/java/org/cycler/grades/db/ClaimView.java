package org.cycler.grades.db;

import java.util.List;

import org.cycler.core.grading.GradingSpec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A claim as JSON ({@code POST /api/v1/claims}, {@code GET /api/v1/claims/{id}}): who holds it and who
 * made it, its cells with their current grades, the barcodes a later grading made REJECT
 * ({@code rejected}), and for a pack its series groups. Immutable.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClaimView(String claimId, String claimant, String actedBy, String bin, String claimedAt, String releasedAt,
                        int count, List<CellView> cells, List<String> rejected,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer series,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer parallel,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<List<String>> groups) {

    public static ClaimView of(Claim claim) {
        boolean pack = !claim.groups().isEmpty();
        return new ClaimView(claim.claimId(), claim.claimant(), claim.actedBy(), claim.bin(), claim.claimedAt(),
                claim.releasedAt().orElse(null), claim.cells().size(), CellView.of(claim.cells()),
                claim.cells().stream().filter(c -> c.bin().equals(GradingSpec.REJECT)).map(StoredCell::barcode).toList(),
                pack ? claim.groups().size() : null, pack ? claim.groups().get(0).size() : null,
                pack ? claim.groups() : null);
    }
}
