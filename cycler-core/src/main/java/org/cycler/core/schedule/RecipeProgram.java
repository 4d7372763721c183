package org.cycler.core.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cycler.core.recipe.Control;
import org.cycler.core.recipe.Goto;
import org.cycler.core.recipe.Loop;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeNode;
import org.cycler.core.recipe.Step;

/**
 * A recipe flattened into a program of step, loop-begin and loop-end instructions, so that each
 * channel runs it with a small {@link Cursor} (program counter and loop iteration counters)
 * instead of walking the tree. Immutable and shared by all channels of a run.
 *
 * <p>Cycle counting follows DESIGN section 3: the cursor's cycle count starts at 0 and goes up by
 * one each time any loop starts an iteration.
 */
public final class RecipeProgram {

    private static final int STEP = 0;
    private static final int LOOP_BEGIN = 1;
    private static final int LOOP_END = 2;

    private final Recipe recipe;
    private final int[] kind;
    private final Step[] stepAt;
    private final int[] loopCount;
    private final int[] partner;
    private final int[] depthAt;
    private final int[] pcOfStepId;
    private final int maxDepth;
    private final int stepExecutions;
    /** Each step ID's direction as {@link #direction} gives it. */
    private final int[] directionOfStepId;

    public RecipeProgram(Recipe recipe) {
        this.recipe = recipe;
        List<int[]> instructions = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        int[] depth = {0, 0};
        flatten(recipe.body(), instructions, steps, counts, depth, 0);
        int n = instructions.size();
        kind = new int[n];
        stepAt = new Step[n];
        loopCount = new int[n];
        partner = new int[n];
        depthAt = new int[n];
        Arrays.fill(partner, -1);
        int[] open = new int[n];
        int top = 0;
        int stepIndex = 0;
        int maxStepId = 0;
        for (int pc = 0; pc < n; pc++) {
            int[] instruction = instructions.get(pc);
            kind[pc] = instruction[0];
            depthAt[pc] = instruction[1];
            switch (kind[pc]) {
                case STEP -> {
                    stepAt[pc] = steps.get(stepIndex++);
                    maxStepId = Math.max(maxStepId, stepAt[pc].id());
                }
                case LOOP_BEGIN -> {
                    loopCount[pc] = counts.get(instruction[2]);
                    open[top++] = pc;
                }
                default -> {
                    int begin = open[--top];
                    partner[pc] = begin;
                    partner[begin] = pc;
                    loopCount[pc] = loopCount[begin];
                }
            }
        }
        pcOfStepId = new int[maxStepId + 1];
        Arrays.fill(pcOfStepId, -1);
        for (int pc = 0; pc < n; pc++) {
            if (kind[pc] == STEP) {
                pcOfStepId[stepAt[pc].id()] = pc;
            }
        }
        maxDepth = depth[1];
        stepExecutions = countExecutions(recipe.body());
        directionOfStepId = new int[maxStepId + 1];
        int before = 0;
        for (Step step : recipe.steps()) {
            int own = step.control().direction();
            directionOfStepId[step.id()] = own != 0 ? own
                    : step.control() instanceof Control.HoldVoltage ? before : 0;
            before = directionOfStepId[step.id()];
        }
        checkGotos();
    }

    private static void flatten(List<RecipeNode> nodes, List<int[]> out, List<Step> steps, List<Integer> counts,
                                int[] depth, int level) {
        for (RecipeNode node : nodes) {
            switch (node) {
                case Step step -> {
                    out.add(new int[] {STEP, level, 0});
                    steps.add(step);
                }
                case Loop loop -> {
                    counts.add(loop.count());
                    out.add(new int[] {LOOP_BEGIN, level, counts.size() - 1});
                    depth[1] = Math.max(depth[1], level + 1);
                    flatten(loop.body(), out, steps, counts, depth, level + 1);
                    out.add(new int[] {LOOP_END, level, 0});
                }
            }
        }
    }

    private static int countExecutions(List<RecipeNode> nodes) {
        int total = 0;
        for (RecipeNode node : nodes) {
            total += switch (node) {
                case Step s -> 1;
                case Loop loop -> loop.count() * countExecutions(loop.body());
            };
        }
        return total;
    }

    /** A goto may leave loops but never enter one from outside: the loop counters would be undefined. */
    private void checkGotos() {
        for (int pc = 0; pc < kind.length; pc++) {
            if (kind[pc] != STEP) {
                continue;
            }
            for (Goto jump : stepAt[pc].gotos()) {
                int target = jump.targetStepId();
                if (target == Goto.END) {
                    continue;
                }
                if (target >= pcOfStepId.length || pcOfStepId[target] < 0) {
                    throw new IllegalArgumentException("goto to step " + target + ", which does not exist");
                }
                List<Integer> from = enclosingLoops(pc);
                List<Integer> to = enclosingLoops(pcOfStepId[target]);
                if (to.size() > from.size() || !from.subList(0, to.size()).equals(to)) {
                    throw new IllegalArgumentException("goto from step " + stepAt[pc].id() + " into a loop body from outside it");
                }
            }
        }
    }

    private List<Integer> enclosingLoops(int pc) {
        List<Integer> loops = new ArrayList<>();
        for (int p = 0; p < pc; p++) {
            if (kind[p] == LOOP_BEGIN && partner[p] > pc) {
                loops.add(p);
            }
        }
        return loops;
    }

    public Recipe recipe() {
        return recipe;
    }

    /**
     * +1 when {@code step} charges, -1 when it discharges, 0 when the recipe does not say. A voltage
     * hold takes the direction of the step written just before it (so {@code Charge at 1C until
     * 4.2 V} then {@code Hold at 4.2 V until C/50} is a charging hold); a hold after a rest, or first
     * in the recipe, has none, and the scheduler takes it from the current the hold carries.
     */
    public int direction(Step step) {
        return directionOfStepId[step.id()];
    }

    /** Steps run when every loop runs its full count and no goto fires. */
    public int stepExecutions() {
        return stepExecutions;
    }

    /** A fresh cursor before the first step. */
    public Cursor newCursor() {
        return new Cursor(maxDepth);
    }

    /** Moves {@code cursor} to the first step; returns it, or null for a recipe with nothing to run. */
    public Step start(Cursor cursor) {
        cursor.pc = 0;
        cursor.depth = 0;
        cursor.cycleCount = 0;
        return settle(cursor);
    }

    /** Moves {@code cursor} past its step to the next one to run; null when the recipe is done. */
    public Step next(Cursor cursor) {
        cursor.pc++;
        return settle(cursor);
    }

    /** Moves {@code cursor} to step {@code targetStepId} (or the end, {@link Goto#END}). */
    public Step jump(Cursor cursor, int targetStepId) {
        if (targetStepId == Goto.END) {
            cursor.pc = kind.length;
            return null;
        }
        cursor.pc = pcOfStepId[targetStepId];
        cursor.depth = depthAt[cursor.pc];
        return settle(cursor);
    }

    /**
     * Puts {@code cursor} back where a journal checkpoint found it; returns the step it is on.
     *
     * @throws IllegalArgumentException when that is not a step of this program
     */
    Step restore(Cursor cursor, int pc, int depth, List<Integer> iterations, int cycleCount) {
        if (pc >= kind.length || kind[pc] != STEP || depth != depthAt[pc] || iterations.size() > cursor.iteration.length) {
            throw new IllegalArgumentException("the checkpoint's place (pc " + pc + ", depth " + depth
                    + ") is not a step of this recipe");
        }
        cursor.pc = pc;
        cursor.depth = depth;
        for (int k = 0; k < iterations.size(); k++) {
            cursor.iteration[k] = iterations.get(k);
        }
        cursor.cycleCount = cycleCount;
        return stepAt[pc];
    }

    private Step settle(Cursor cursor) {
        while (cursor.pc < kind.length) {
            int pc = cursor.pc;
            switch (kind[pc]) {
                case STEP -> {
                    return stepAt[pc];
                }
                case LOOP_BEGIN -> {
                    cursor.iteration[cursor.depth++] = 1;
                    cursor.cycleCount++;
                    cursor.pc++;
                }
                default -> {
                    int top = cursor.depth - 1;
                    if (cursor.iteration[top] < loopCount[pc]) {
                        cursor.iteration[top]++;
                        cursor.cycleCount++;
                        cursor.pc = partner[pc] + 1;
                    } else {
                        cursor.depth--;
                        cursor.pc++;
                    }
                }
            }
        }
        return null;
    }

    /**
     * One channel's position in the program. Mutable, owned by the control thread; plain fields
     * so that the journal can snapshot and restore them.
     */
    public static final class Cursor {
        int pc;
        int depth;
        final int[] iteration;
        int cycleCount;

        Cursor(int maxDepth) {
            iteration = new int[Math.max(1, maxDepth)];
        }

        /** Cycle count as DESIGN section 3 defines it. */
        public int cycleCount() {
            return cycleCount;
        }
    }
}
