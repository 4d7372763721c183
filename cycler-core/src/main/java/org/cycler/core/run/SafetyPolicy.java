package org.cycler.core.run;

import java.nio.file.Path;
import java.util.Optional;

import org.cycler.core.BadInputException;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.io.RecipeSummary;

/**
 * Whether a recipe may run with the safety limits it has: a recipe with neither a {@code safety:}
 * block nor a {@code cell.chemistry} (whose defaults would apply) has no limits at all, and runs
 * only on the simulator when the operator asks for it with {@code --no-safety-limits}. Stateless.
 */
public final class SafetyPolicy {

    private SafetyPolicy() {
    }

    /**
     * Checks that {@code recipe} (read from {@code file}) may run; returns the line to print when
     * chemistry defaults apply, so the operator sees the limits the recipe did not write.
     *
     * @param simulated      true on the simulator, false on a device
     * @param noSafetyLimits true when {@code --no-safety-limits} was given
     */
    public static Optional<String> check(Recipe recipe, Path file, boolean simulated, boolean noSafetyLimits)
            throws BadInputException {
        if (noSafetyLimits && !simulated) {
            throw new BadInputException("--no-safety-limits: only on the simulator (--sim); a device runs with limits "
                    + "(expected a 'safety:' block or cell.chemistry in " + file + ")");
        }
        return switch (recipe.safetyOrigin()) {
            case RECIPE -> Optional.empty();
            case CHEMISTRY_DEFAULTS -> Optional.of("safety: " + RecipeSummary.safetyLine(recipe));
            case NONE -> {
                if (!noSafetyLimits) {
                    throw new BadInputException(file + ": no safety limits (expected a 'safety:' block, or "
                            + "cell.chemistry NMC or LFP for its default limits; on the simulator --no-safety-limits "
                            + "runs without them)");
                }
                yield Optional.of("safety: none (--no-safety-limits): no voltage, current, temperature or charge limit");
            }
        };
    }
}
