package org.cycler.core.run;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.cycler.core.recipe.Recipe;
import org.cycler.core.schedule.RecipeProgram;
import org.cycler.core.schedule.RunClock;
import org.cycler.core.schedule.RunProgress;
import org.cycler.core.schedule.Scheduler;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;

/**
 * How long a recipe takes, found by running it on one simulated nominal cell (no spread, no
 * defect) on a virtual clock: the honest estimate, since end conditions depend on the cell.
 */
public final class DurationEstimate {

    /** Control tick of the estimate: fine enough for one-second pulses. */
    static final Duration TICK = Duration.ofSeconds(1);
    /** A recipe still running after this long on a nominal cell gets no estimate. */
    static final double LIMIT_S = Duration.ofDays(120).toSeconds();
    private static final double AMBIENT_C = 25.0;

    private DurationEstimate() {
    }

    public static Optional<Duration> of(Recipe recipe, Chemistry chemistry, double nominalCapacityAh) {
        RunClock clock = RunClock.virtual();
        CellParameters cell = chemistry.typicalCell(nominalCapacityAh);
        SimulatedCycler sim = new SimulatedCycler(clock.ticker(), List.of(cell), AMBIENT_C);
        Scheduler scheduler = new Scheduler(sim, new RecipeProgram(recipe), new int[] {1}, clock, TICK,
                new NullRecorder(), 0);
        RunProgress end = scheduler.run(LIMIT_S);
        if (!end.finished()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round(end.testTimeS() * 1000)));
    }

    /** The estimate on the cell the recipe would be simulated with (its chemistry and capacity). */
    public static Estimate forRecipe(Recipe recipe) {
        Chemistry chemistry = SimulatedLot.chemistry(recipe, new SimulationSpec(1, 0, 0, AMBIENT_C, Optional.empty()));
        double capacityAh = SimulatedLot.nominalCapacityAh(recipe, chemistry);
        return new Estimate(chemistry, capacityAh, of(recipe, chemistry, capacityAh));
    }

    /**
     * @param duration empty when the recipe does not end on a nominal cell within {@link #LIMIT_S}
     */
    public record Estimate(Chemistry chemistry, double nominalCapacityAh, Optional<Duration> duration) {
    }
}
