package org.cycler.core.recipe;

import java.util.Optional;

/**
 * The cell a recipe is written for.
 *
 * @param nominalCapacityAh basis for C-rates, ampere-hours; NaN when the recipe gives none
 * @param chemistry         e.g. {@code NMC} or {@code LFP}, upper case; empty when not given
 */
public record CellSpec(double nominalCapacityAh, Optional<String> chemistry) {

    public CellSpec {
        if (!Double.isNaN(nominalCapacityAh) && !(nominalCapacityAh > 0 && Double.isFinite(nominalCapacityAh))) {
            throw new IllegalArgumentException("nominal capacity must be positive: " + nominalCapacityAh);
        }
        chemistry = chemistry.map(c -> c.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean hasNominalCapacity() {
        return !Double.isNaN(nominalCapacityAh);
    }
}
