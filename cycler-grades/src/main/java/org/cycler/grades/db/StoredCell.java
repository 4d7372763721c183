package org.cycler.grades.db;

import java.util.Objects;
import java.util.Optional;

import org.cycler.core.grading.GradedCell;
import org.cycler.core.grading.GradingSpec;

/**
 * A graded cell as the grades database holds it: its grade (figures in SI units, bin, reason),
 * which grading made it, and who holds the cell now. Immutable.
 *
 * @param grade     barcode, channel, figures, bin and reason
 * @param runId     the run that measured it
 * @param lot       the lot it belongs to (the run ID unless grading named another)
 * @param specName  the grading spec's name
 * @param gradedAt  when it was graded, UTC text ({@code 2026-11-26T03:08:45.123Z})
 * @param current   false for a grade a later grading replaced (history)
 * @param claim     who holds the cell; empty while it is free (and always for history rows)
 */
public record StoredCell(GradedCell grade, String runId, String lot, String specName, String gradedAt, boolean current,
                         Optional<Holder> claim) {

    /** The claim that holds a cell. */
    public record Holder(String claimId, String claimedBy, String claimedAt) {
        public Holder {
            Objects.requireNonNull(claimId, "claimId");
            Objects.requireNonNull(claimedBy, "claimedBy");
            Objects.requireNonNull(claimedAt, "claimedAt");
        }
    }

    public StoredCell {
        Objects.requireNonNull(grade, "grade");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(lot, "lot");
        Objects.requireNonNull(specName, "specName");
        Objects.requireNonNull(gradedAt, "gradedAt");
        Objects.requireNonNull(claim, "claim");
    }

    public String barcode() {
        return grade.barcode();
    }

    public String bin() {
        return grade.bin();
    }

    /** {@code available} (free and not REJECT), {@code claimed} or {@code rejected}. */
    public CellStatus status() {
        if (claim.isPresent()) {
            return CellStatus.CLAIMED;
        }
        return grade.bin().equals(GradingSpec.REJECT) ? CellStatus.REJECTED : CellStatus.AVAILABLE;
    }
}
