package org.cycler.core.schedule;

import java.util.List;
import java.util.Objects;

import org.cycler.core.recipe.Direction;
import org.cycler.hal.Mode;

/**
 * Everything a channel's step machine needs to go on where it was, as the journal carries it
 * (docs/data.md): its place in the recipe (program counter, loop nesting depth and iteration of
 * each open loop), the step's time, type and end directions, the step's accumulators, the open
 * cycle's book and the setpoint last commanded. The test-level totals travel in the
 * {@link ChannelEvent} that holds the checkpoint. Units: seconds, ampere-hours, watt-hours;
 * setpoints in SI, current and power signed (positive = charge). Immutable.
 *
 * @param iterations  the iteration of each open loop, outermost first ({@code depth} entries)
 * @param stepTimeS   time in the step, pauses not counted
 * @param directions  each end condition's crossing direction, fixed at step start; null where
 *                    the end has none
 * @param setpoint    the commanded values of {@code mode}: CC {@code [A]}, CV {@code [V, A limit]},
 *                    CCCV {@code [A, V]}, CP {@code [W]}, CR {@code [Ohm]}, REST {@code []}
 */
public record ChannelCheckpoint(int pc, int depth, List<Integer> iterations, boolean paused, StepType stepType,
                                boolean holdDirectionPending, double stepTimeS, List<Direction> directions,
                                boolean temperatureSeen, double stepChargeAh, double stepDischargeAh,
                                double stepChargeWh, double stepDischargeWh, Cycle cycle,
                                double lastDischargeCapacityAh, double measuredCapacityAh, Mode mode,
                                List<Double> setpoint) {

    public ChannelCheckpoint {
        Objects.requireNonNull(iterations, "iterations");
        Objects.requireNonNull(stepType, "stepType");
        Objects.requireNonNull(directions, "directions");
        Objects.requireNonNull(cycle, "cycle");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(setpoint, "setpoint");
        if (pc < 0 || depth < 0 || depth > iterations.size() || !(stepTimeS >= 0)) {
            throw new IllegalArgumentException("not a channel checkpoint: pc " + pc + ", depth " + depth
                    + ", step time " + stepTimeS);
        }
        iterations = List.copyOf(iterations);
        directions = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(directions));
        setpoint = List.copyOf(setpoint);
    }

    /**
     * The open cycle's book ({@link CycleBook}): its totals so far, and where the pairing of a
     * discharge run with the charge before it stands.
     */
    public record Cycle(int cycle, double chargeAh, double dischargeAh, double chargeWh, double dischargeWh,
                        double chargeSinceRunAh, boolean inRun, boolean runCounts, double runChargeAh,
                        double runDischargeAh, boolean paired, double pairedChargeAh, double pairedDischargeAh) {
    }
}
