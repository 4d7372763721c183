package org.cycler.core.run;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.cycler.core.recipe.Recipe;
import org.cycler.core.schedule.ChannelView;
import org.cycler.core.schedule.RecipeProgram;
import org.cycler.core.schedule.RunClock;
import org.cycler.core.schedule.RunProgress;
import org.cycler.core.schedule.Scheduler;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;

/**
 * How long a recipe takes, found by running it on one simulated nominal cell (no spread, no
 * defect) on a virtual clock: the honest estimate, since end conditions depend on the cell. It
 * also shows whether a recipe that validates actually runs to its end on a good cell.
 */
public final class DurationEstimate {

    /** Control tick of the estimate: fine enough for one-second pulses. */
    static final Duration TICK = Duration.ofSeconds(1);
    /** A recipe still running after this long on a nominal cell gets no estimate. */
    public static final Duration LIMIT = Duration.ofDays(120);
    private static final double AMBIENT_C = 25.0;

    private DurationEstimate() {
    }

    /**
     * Runs {@code recipe} on a nominal cell.
     *
     * @return how the nominal cell's run ended; {@link Estimate#end()} is empty when it was still
     *         running at {@link #LIMIT}
     */
    public static Estimate of(Recipe recipe, Chemistry chemistry, double nominalCapacityAh) {
        RunClock clock = RunClock.virtual();
        CellParameters cell = chemistry.typicalCell(nominalCapacityAh);
        SimulatedCycler sim = new SimulatedCycler(clock.ticker(), List.of(cell), AMBIENT_C);
        Scheduler scheduler = new Scheduler(sim, new RecipeProgram(recipe), new int[] {1}, clock, TICK,
                new NullRecorder(), 0);
        RunProgress end = scheduler.run(LIMIT.toSeconds());
        Duration duration = Duration.ofMillis(Math.round(end.testTimeS() * 1000));
        ChannelView channel = end.channels().get(0);
        return new Estimate(chemistry, nominalCapacityAh, duration,
                channel.state().isTerminal() ? Optional.of(channel) : Optional.empty());
    }

    /** The estimate on the cell the recipe would be simulated with (its chemistry and capacity). */
    public static Estimate forRecipe(Recipe recipe) {
        Chemistry chemistry = SimulatedLot.chemistry(recipe, new SimulationSpec(1, 0, 0, AMBIENT_C, Optional.empty(), List.of(),
                AccuracyClass.IDEAL, 0));
        return of(recipe, chemistry, SimulatedLot.nominalCapacityAh(recipe, chemistry));
    }

    /**
     * @param duration test time until the nominal cell's channel ended (or the limit)
     * @param end      the channel's final picture: DONE, or UNSAFE/FAULT with the reason; empty
     *                 when it was still running at the limit
     */
    public record Estimate(Chemistry chemistry, double nominalCapacityAh, Duration duration,
                           Optional<ChannelView> end) {

        /** True when the nominal cell ran the recipe to its end. */
        public boolean completes() {
            return end.isPresent() && end.get().state() == org.cycler.core.schedule.ChannelState.DONE;
        }
    }
}
