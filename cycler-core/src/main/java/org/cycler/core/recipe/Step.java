package org.cycler.core.recipe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One control mode with its end conditions.
 *
 * @param id        1-based position in the recipe, depth first through loops (DESIGN section 3)
 * @param text      the step as written, e.g. {@code "Charge at C/10 until 4.2 V then hold until C/50"}
 * @param control   what the hardware is asked to do
 * @param ends      joined with {@code or}; never empty
 * @param measure   the grading figure this step yields, if any
 * @param logging   this step's logging rule when it overrides the recipe's
 * @param gotos     conditional transitions, checked in order after safety and before {@code ends}
 * @param location  where the step is written
 */
public record Step(int id, String text, Control control, List<EndCondition> ends, Optional<Measure> measure,
                   Optional<LoggingRule> logging, List<Goto> gotos, SourceLocation location) implements RecipeNode {

    public Step {
        if (id < 1) {
            throw new IllegalArgumentException("step IDs start at 1: " + id);
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(control, "control");
        ends = List.copyOf(ends);
        if (ends.isEmpty()) {
            throw new IllegalArgumentException("a step needs at least one end condition: " + text);
        }
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(logging, "logging");
        gotos = List.copyOf(gotos);
        Objects.requireNonNull(location, "location");
    }

    /** The logging rule in force during this step. */
    public LoggingRule effectiveLogging(LoggingRule recipeRule) {
        return logging.orElse(recipeRule);
    }
}
