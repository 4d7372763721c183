package org.cycler.bench;

import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.RecipeParser;

/** The recipe benchmarks drive channels with: short CC pulses, so steps change and rows flow. */
final class BenchRecipes {

    static final String PULSES = """
            recipe: benchmark pulses
            cell: {nominal_capacity: 5 Ah, chemistry: NMC}
            safety: {voltage: [2.5 V, 4.25 V], current: 10 A}
            logging: {period: 1 s, delta_voltage: 5 mV, delta_current: 50 mA}
            steps:
              - Charge at 1C for 30 minutes
              - cycle: 1000000
                steps:
                  - Discharge at 1C for 20 seconds
                  - Rest for 5 seconds
                  - Charge at 1C for 20 seconds
                  - Rest for 5 seconds
            """;

    private BenchRecipes() {
    }

    static Recipe pulses() {
        try {
            return RecipeParser.parse(PULSES, "benchmark-pulses.yaml");
        } catch (RecipeException e) {
            throw new IllegalStateException("the built-in benchmark recipe is valid", e);
        }
    }
}
