package org.cycler.core.grading;

import java.util.Objects;

/**
 * A graded cell: its figures and the bin a spec put it in. Immutable.
 *
 * @param bin    a bin of the spec, or {@link GradingSpec#REJECT}
 * @param reason why the cell was rejected (several reasons joined by {@code "; "}); empty otherwise
 */
public record Grade(CellFigures cell, String bin, String reason) {

    public Grade {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(bin, "bin");
        Objects.requireNonNull(reason, "reason");
        if (bin.equals(GradingSpec.REJECT) == reason.isEmpty()) {
            throw new IllegalArgumentException("a REJECT has a reason and only a REJECT has one: " + bin + " / " + reason);
        }
    }

    public boolean rejected() {
        return bin.equals(GradingSpec.REJECT);
    }
}
