package org.cycler.core.run;

import java.util.List;
import java.util.Locale;

import org.cycler.core.recipe.Control;
import org.cycler.core.recipe.EndCondition;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.Step;
import org.cycler.hal.sim.Chemistry;

/**
 * Which simulated cell a recipe runs on: the chemistry (the recipe's {@code cell.chemistry}, else
 * LFP when nothing in the recipe goes above {@link #LFP_MAX_VOLTAGE_V}, else NMC) and the nominal
 * capacity (the recipe's, else the chemistry's typical cell). {@code cycler run --sim} and
 * {@code cycler emulate --recipe} both choose their cells here, so the same seed gives the same
 * lot on the simulator and behind the device emulator.
 */
public final class SimulatedLot {

    /** Highest voltage an LFP recipe asks for; NMC recipes charge to 4.1-4.4 V. */
    static final double LFP_MAX_VOLTAGE_V = 3.8;

    private SimulatedLot() {
    }

    /** The chemistry of the simulated cells: the spec's, else the recipe's, else guessed from its voltages. */
    public static Chemistry chemistry(Recipe recipe, SimulationSpec spec) {
        if (spec.chemistry().isPresent()) {
            return spec.chemistry().get();
        }
        if (recipe.cell().chemistry().isPresent()) {
            return Chemistry.valueOf(recipe.cell().chemistry().get().toUpperCase(Locale.ROOT));
        }
        return highestVoltage(recipe) <= LFP_MAX_VOLTAGE_V ? Chemistry.LFP : Chemistry.NMC;
    }

    /** The lot's nominal capacity, Ah: the recipe's, else the chemistry's reference cell's. */
    public static double nominalCapacityAh(Recipe recipe, Chemistry chemistry) {
        return recipe.cell().hasNominalCapacity() ? recipe.cell().nominalCapacityAh() : chemistry.referenceCapacityAh();
    }

    private static double highestVoltage(Recipe recipe) {
        double max = 0;
        List<Step> steps = recipe.steps();
        for (Step step : steps) {
            max = Math.max(max, switch (step.control()) {
                case Control.CcCv c -> c.voltageV();
                case Control.HoldVoltage h -> h.voltageV();
                default -> 0;
            });
            for (EndCondition end : step.ends()) {
                if (end instanceof EndCondition.VoltageReaches v) {
                    max = Math.max(max, v.voltageV());
                }
            }
        }
        return max;
    }
}
