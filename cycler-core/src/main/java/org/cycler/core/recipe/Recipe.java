package org.cycler.core.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed, validated recipe: what one channel runs. Immutable; an invalid recipe cannot be
 * built. Units SI; current sign positive = charge.
 *
 * @param name     the recipe's {@code recipe:} title
 * @param cell     the cell it is written for (basis of C-rates)
 * @param safety   limits checked every tick on every channel
 * @param logging  the recipe-wide logging rule; steps may override it
 * @param body     top-level steps and loops in order
 * @param safetyOrigin where {@code safety} comes from
 */
public record Recipe(String name, CellSpec cell, SafetyLimits safety, LoggingRule logging, List<RecipeNode> body,
                     SafetyOrigin safetyOrigin) {

    /** Where a recipe's safety limits come from. */
    public enum SafetyOrigin {
        /** Its own {@code safety:} block. */
        RECIPE,
        /** No {@code safety:} block: the defaults of the chemistry its cell block names ({@link ChemistryLimits}). */
        CHEMISTRY_DEFAULTS,
        /** Neither: no limits at all ({@link SafetyLimits#NONE}). */
        NONE
    }

    public Recipe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(safetyOrigin, "safetyOrigin");
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(safety, "safety");
        Objects.requireNonNull(logging, "logging");
        body = List.copyOf(body);
        if (body.isEmpty()) {
            throw new IllegalArgumentException("a recipe has at least one step");
        }
    }

    /** Every step once, in ID order (depth first through loops). */
    public List<Step> steps() {
        List<Step> out = new ArrayList<>();
        collect(body, out);
        return List.copyOf(out);
    }

    private static void collect(List<RecipeNode> nodes, List<Step> out) {
        for (RecipeNode node : nodes) {
            switch (node) {
                case Step step -> out.add(step);
                case Loop loop -> collect(loop.body(), out);
            }
        }
    }
}
