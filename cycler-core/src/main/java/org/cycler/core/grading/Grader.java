package org.cycler.core.grading;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a {@link GradingSpec} to measured figures. A cell is REJECT, with every reason that
 * applies, when its channel ended UNSAFE or FAULT (a cell that breached a safety limit or sat on a
 * failing channel is not to be trusted, whatever it measured), when it lacks a required figure,
 * or when it breaches a reject rule. Otherwise the first bin that takes it is its bin; a cell no
 * bin takes is REJECT {@value #NO_BIN}. Stateless.
 */
public final class Grader {

    /** The reason of a cell that passed every rule but fell in no bin. */
    public static final String NO_BIN = "in no bin";

    private Grader() {
    }

    public static List<Grade> grade(GradingSpec spec, List<CellFigures> cells) {
        List<Grade> out = new ArrayList<>(cells.size());
        for (CellFigures cell : cells) {
            out.add(grade(spec, cell));
        }
        return out;
    }

    public static Grade grade(GradingSpec spec, CellFigures cell) {
        Set<String> reasons = new LinkedHashSet<>();
        if (cell.end().failed()) {
            reasons.add(cell.end().describe());
        }
        for (Figure f : spec.required()) {
            if (!cell.has(f)) {
                reasons.add("no " + f.key() + ": " + cell.whyMissing(f));
            }
        }
        for (GradingSpec.RejectRule rule : spec.rejects()) {
            if (cell.has(rule.figure()) && rule.breachedBy(cell.valueOrNaN(rule.figure()))) {
                reasons.add(rule.reason());
            }
        }
        if (!reasons.isEmpty()) {
            return new Grade(cell, GradingSpec.REJECT, String.join("; ", reasons));
        }
        for (GradingSpec.Bin bin : spec.bins()) {
            if (bin.takes(cell)) {
                return new Grade(cell, bin.name(), "");
            }
        }
        return new Grade(cell, GradingSpec.REJECT, NO_BIN);
    }
}
