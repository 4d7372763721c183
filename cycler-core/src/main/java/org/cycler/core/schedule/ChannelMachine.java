package org.cycler.core.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cycler.core.recipe.Control;
import org.cycler.core.recipe.Direction;
import org.cycler.core.recipe.EndCondition;
import org.cycler.core.recipe.Goto;
import org.cycler.core.recipe.LoggingRule;
import org.cycler.core.recipe.Measure;
import org.cycler.core.recipe.SafetyLimits;
import org.cycler.core.recipe.Step;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Mode;

/**
 * The step state machine of one channel. Each tick it takes the channel's reading, counts charge
 * and energy, checks safety, then gotos, then end conditions, decides whether the reading is a
 * data row, and says which setpoint (if any) the hardware must change to.
 *
 * <p>Order per tick, as DESIGN section 8 requires: safety before end conditions. A step's end
 * conditions are first checked on the first reading taken after its setpoint was applied.
 * Mutable, owned by the control thread; other threads read it only through {@link #view()}.
 *
 * <p><b>Checkpoints.</b> Every STEP_START and STATE event of a live channel carries its
 * {@link ChannelCheckpoint}; with checkpoints on (a run on a real clock, which cannot be replayed)
 * a CHECKPOINT event also goes out once per logging period of the step (and at most once per
 * {@code checkpointFloorS} of test time, which the scheduler sets to a second of wall time), so that a machine rebuilt
 * from the journal ({@link #restore}) loses at most that much counting. A rebuilt machine reads
 * before it commands: its first reading (the output as the controller's absence left it) is
 * logged, the step's end conditions that a reading with the output off can decide (voltage,
 * temperature, time, capacity; not current or dV/dt) are checked, and only then is the step's
 * setpoint applied again. The interval between the last reading before the crash and the first
 * after it is not counted: nothing was measured in it.
 */
final class ChannelMachine {

    /**
     * Shortest block of readings averaged into one point of the dV/dt fit, seconds. A window
     * longer than {@link #RATE_BLOCKS} such blocks uses longer blocks, so the fit's memory stays
     * {@link #RATE_BLOCKS} points per channel whatever the window.
     */
    static final double RATE_BLOCK_S = 1.0;
    /** Most block means a dV/dt fit holds. */
    static final int RATE_BLOCKS = 60;
    /**
     * How long voltage, current and temperature may all read exactly the same, with the output on,
     * before the channel is taken for stuck. Real readings always move a little within this time
     * (CC moves the voltage, CV the current, current moves the temperature).
     */
    static final double STUCK_LIMIT_S = 120.0;
    /**
     * How long a channel's readings may stay lost (no valid reply, {@link ChannelStatus#COMM_LOSS})
     * before it faults, test seconds. A shorter loss is ridden out: the output keeps its setpoint,
     * nothing is logged or counted for the lost readings, and the step goes on when they come back
     * (the charge over the gap is counted from the readings either side of it). The driver's own
     * retries come first, inside each read.
     */
    static final double COMM_LOSS_BUDGET_S = 10.0;
    /** Slack for floating-point step times, seconds. */
    private static final double TIME_EPSILON_S = 1e-6;

    private final int channel;
    private final RecipeProgram program;
    private final RecipeProgram.Cursor cursor;
    private final SafetyLimits safety;
    private final LoggingRule recipeLogging;
    private final RunRecorder recorder;
    private final Accumulator acc = new Accumulator();
    /** True when CHECKPOINT events go out every logging period. */
    private final boolean checkpoints;
    /** Shortest test time between two CHECKPOINT events, seconds: bounds the journal's rate at a high speed factor. */
    private final double checkpointFloorS;
    /** Test time of the last event that carried a checkpoint. */
    private double lastCheckpointS = Double.NEGATIVE_INFINITY;
    /** True from {@link #restore} until the first reading after it has been handled. */
    private boolean continuing;
    /** Step time a restored machine had at its checkpoint, seconds. */
    private double restoredStepTimeS;
    /** The setpoint last handed to the hardware, null before the first (and after a restore). */
    private ChannelCommand commanded;

    private ChannelState state = ChannelState.RUNNING;
    private FaultReason faultReason;
    private String faultMessage = "";

    private Step step;
    private StepType stepType = StepType.REST;
    /** True for a hold whose direction the recipe does not give, until it carries a current. */
    private boolean holdDirectionPending;
    private LoggingRule logging;
    private long stepCount;
    private double stepStartS;
    private double pausedAtS = Double.NaN;
    /** Why the step is ending, for its STEP_END event; set when a goto or end condition fires. */
    private String endReason = "";
    /** True until the first reading under the step's own setpoint has been seen. */
    private boolean stepFresh;
    /** Each end condition's crossing direction, fixed when the step starts; grown for steps with many ends. */
    private Direction[] resolvedDirection = new Direction[4];

    private boolean havePrevious;
    private double prevT;
    private double prevV;
    private double prevI;
    /**
     * Test time of the last setpoint change. The interval that starts then is counted at one
     * reading's values, not averaged: at the new setpoint's reading when the hardware held the new
     * setpoint from the command on (the simulator), at the reading before when the new setpoint
     * reached the hardware only with the next read ({@link #setpointsWithNextRead}).
     */
    private double setpointAtS = Double.NEGATIVE_INFINITY;
    /** The cycler sends setpoints with its next read ({@link org.cycler.hal.Cycler#appliesWithNextRead()}). */
    private final boolean setpointsWithNextRead;

    private static final int END_ELAPSED = 0;
    private static final int END_VOLTAGE = 1;
    private static final int END_CURRENT = 2;
    private static final int END_CAPACITY = 3;
    private static final int END_RATE = 4;
    private static final int END_TEMPERATURE = 5;
    /** The step whose end conditions {@link #endKind} and its neighbours hold; null before the first. */
    private Step endsReadFrom;
    private int endCount;
    /** Per end condition of {@link #endsReadFrom}: its kind, threshold (SI units) and window or hold, seconds. */
    private int[] endKind = new int[4];
    private double[] endLimit = new double[4];
    private double[] endWindowS = new double[4];
    /** Per end condition: test time since when a current end has held, NaN while it does not. */
    private double[] heldSinceS = new double[4];
    /** Block means of the step's voltage for the dV/dt fit, a ring of {@link #RATE_BLOCKS}. */
    private final double[] rateBlockT = new double[RATE_BLOCKS];
    private final double[] rateBlockV = new double[RATE_BLOCKS];
    private int rateBlocks;
    private int rateNext;
    private double rateBlockS;
    private double rateBlockStartS;
    private double rateSumT;
    private double rateSumV;
    private int rateCount;

    private double sameSinceS;
    private double sameV = Double.NaN;
    private double sameI = Double.NaN;
    private double sameT = Double.NaN;
    /**
     * A finite temperature has been read on this channel. Until then a NaN temperature means
     * hardware without a sensor (a source-measure unit): the temperature limits cannot be checked
     * and are not; after it, NaN is a sensor that stopped reading, an invalid reading.
     */
    private boolean temperatureSeen;

    /**
     * Test time at which the output was turned off by a pause, stop or fault, NaN when none is
     * pending: the first reading after it (the output's real, off state) is written as a row.
     */
    private double finalRowAfterS = Double.NaN;
    /** Test time of the first lost reading of the loss going on now, NaN while the link is up. */
    private double lostSinceS = Double.NaN;

    private boolean forceLog = true;
    private double lastLogT;
    private double lastLogV;
    private double lastLogI;

    private final CycleBook cycles;
    /** Accumulator totals already handed to the cycle book. */
    private double bookedChargeAh;
    private double bookedDischargeAh;
    private double bookedChargeWh;
    private double bookedDischargeWh;

    private double measuredCapacityAh = Double.NaN;
    private double lastDischargeCapacityAh = Double.NaN;
    private double lastV = Double.NaN;
    private double lastI = Double.NaN;
    private double lastT = Double.NaN;
    private double lastTestTime;

    ChannelMachine(int channel, RecipeProgram program, RunRecorder recorder) {
        this(channel, program, recorder, false, 0);
    }

    /**
     * @param checkpoints      true to journal a CHECKPOINT every logging period
     * @param checkpointFloorS but never more often than this, test seconds
     */
    ChannelMachine(int channel, RecipeProgram program, RunRecorder recorder, boolean checkpoints,
                   double checkpointFloorS) {
        this(channel, program, recorder, checkpoints, checkpointFloorS, false);
    }

    /**
     * @param setpointsWithNextRead true when the cycler's setpoints take effect only at its next
     *                              read, so that the old setpoint held until then
     */
    ChannelMachine(int channel, RecipeProgram program, RunRecorder recorder, boolean checkpoints,
                   double checkpointFloorS, boolean setpointsWithNextRead) {
        this.setpointsWithNextRead = setpointsWithNextRead;
        this.checkpoints = checkpoints;
        this.checkpointFloorS = checkpointFloorS;
        this.channel = channel;
        this.program = program;
        this.cursor = program.newCursor();
        this.safety = program.recipe().safety();
        this.recipeLogging = program.recipe().logging();
        this.recorder = recorder;
        this.cycles = new CycleBook(channel);
    }

    int channel() {
        return channel;
    }

    ChannelState state() {
        return state;
    }

    /**
     * Handles one reading at test time {@code t} (seconds) and adds the channel's new setpoint to
     * {@code commands} when it changes.
     */
    void onReading(double t, double unixTimeS, double v, double i, double temp, int status,
                   List<ChannelCommand> commands) {
        handle(t, unixTimeS, v, i, temp, status, commands);
        if (checkpoints && !state.isTerminal() && step != null && !continuing
                && t - lastCheckpointS + TIME_EPSILON_S >= Math.max(logging.periodS(), checkpointFloorS)) {
            recorder.event(event(ChannelEvent.Kind.CHECKPOINT, t, ""));
        }
    }

    private void handle(double t, double unixTimeS, double v, double i, double temp, int status,
                        List<ChannelCommand> commands) {
        if (state.isTerminal()) {
            if (t > finalRowAfterS) {
                finalRow(t, unixTimeS, v, i, temp);
            }
            return;
        }
        lastTestTime = t;
        if (ridingOutLoss(t, status)) {
            return;
        }
        if (step != null) {
            integrate(t, v, i);
        }
        lastV = v;
        lastI = i;
        lastT = temp;
        FaultReason breach = checkSafety(t, v, i, temp, status);
        if (breach != null) {
            logRow(t, unixTimeS, v, i, temp);
            String message = describe(breach, v, i, temp, status);
            if (step != null) {
                endStep(t, breach.state() + ": " + message);
            }
            fault(t, breach, message, commands);
            return;
        }
        if (continuing) {
            continueAfterRestart(t, unixTimeS, v, i, temp, commands);
            return;
        }
        if (step == null) {
            begin(t, v, i, temp, commands);
            logRow(t, unixTimeS, v, i, temp);
            return;
        }
        if (state == ChannelState.PAUSED) {
            if (t > finalRowAfterS) {
                finalRowAfterS = Double.NaN;
                logRow(t, unixTimeS, v, i, temp);
            } else {
                maybeLog(t, unixTimeS, v, i, temp);
            }
            return;
        }
        if (holdDirectionPending && i != 0) {
            holdDirectionPending = false;
            stepType = StepType.of(step.control(), (int) Math.signum(i));
        }
        updateVoltageRate(t, v);
        if (stepFresh) {
            stepFresh = false;
            forceLog = true;
            maybeLog(t, unixTimeS, v, i, temp);
            return;
        }
        int target = firedGoto(t, v, i, temp, false);
        boolean ended = target >= 0 || endReached(t, v, i, temp, false);
        if (!ended) {
            maybeLog(t, unixTimeS, v, i, temp);
            return;
        }
        logRow(t, unixTimeS, v, i, temp);
        next(t, v, temp, target, commands);
    }

    /** Ends the step (its end condition or goto fired) and starts the next one, or finishes the recipe. */
    private void next(double t, double v, double temp, int target, List<ChannelCommand> commands) {
        endStep(t, endReason);
        Step next = target >= 0 ? program.jump(cursor, target) : program.next(cursor);
        if (next == null) {
            finish(t, ChannelState.DONE, "", commands);
        } else {
            startStep(next, t, v, temp, commands);
        }
    }

    /**
     * The first reading of a machine rebuilt from the journal: the output is as the controller's
     * absence left it (the device's host watchdog has normally turned it off), so only what a
     * reading with the output off can decide is checked before the step's setpoint goes out again.
     */
    private void continueAfterRestart(double t, double unixTimeS, double v, double i, double temp,
                                      List<ChannelCommand> commands) {
        continuing = false;
        stepStartS = t - restoredStepTimeS;
        // the windows an end must hold over start again: readings from before the restart are gone
        Arrays.fill(heldSinceS, Double.NaN);
        if (step != null) {
            startVoltageRate(step.ends(), t);
        }
        if (state == ChannelState.PAUSED) {
            pausedAtS = t;
            logRow(t, unixTimeS, v, i, temp);
            commands.add(commanded = new ChannelCommand.Rest(channel));
            recorder.event(event(ChannelEvent.Kind.STATE, t, CONTINUED));
            return;
        }
        int target = firedGoto(t, v, i, temp, true);
        boolean ended = target >= 0 || endReached(t, v, i, temp, true);
        logRow(t, unixTimeS, v, i, temp);
        if (ended) {
            next(t, v, temp, target, commands);
            return;
        }
        setpointAtS = t;
        stepFresh = true;
        commands.add(commanded = command(step.control()));
        recorder.event(event(ChannelEvent.Kind.STATE, t, CONTINUED));
    }

    /** The message of the STATE event with which a rebuilt machine goes on. */
    static final String CONTINUED = "continued after the controller restarted";

    /**
     * Rebuilds this (new) machine from the last event of its channel that carries a checkpoint;
     * it goes on at its next reading as the class describes. Call before the first reading.
     *
     * @throws IllegalArgumentException when the checkpoint does not fit this machine's recipe
     */
    void restore(ChannelEvent from) {
        ChannelCheckpoint c = from.checkpoint();
        if (c == null || from.channel() != channel) {
            throw new IllegalArgumentException("not a checkpoint of channel " + channel + ": " + from);
        }
        step = program.restore(cursor, c.pc(), c.depth(), c.iterations(), from.cycleCount());
        if (step.id() != from.stepId() || c.directions().size() != step.ends().size()) {
            throw new IllegalArgumentException("the checkpoint of channel " + channel + " at test time "
                    + from.testTimeS() + " s names step " + from.stepId() + ", which this recipe places elsewhere");
        }
        state = c.paused() ? ChannelState.PAUSED : ChannelState.RUNNING;
        stepCount = from.stepCount();
        stepType = c.stepType();
        holdDirectionPending = c.holdDirectionPending();
        logging = step.effectiveLogging(recipeLogging);
        restoredStepTimeS = c.stepTimeS();
        if (step.ends().size() > resolvedDirection.length) {
            resolvedDirection = new Direction[step.ends().size()];
        }
        for (int k = 0; k < c.directions().size(); k++) {
            resolvedDirection[k] = c.directions().get(k);
        }
        temperatureSeen = c.temperatureSeen();
        acc.chargeAh = from.chargeAh();
        acc.dischargeAh = from.dischargeAh();
        acc.chargeWh = from.chargeWh();
        acc.dischargeWh = from.dischargeWh();
        acc.stepChargeAh = c.stepChargeAh();
        acc.stepDischargeAh = c.stepDischargeAh();
        acc.stepChargeWh = c.stepChargeWh();
        acc.stepDischargeWh = c.stepDischargeWh();
        bookedChargeAh = acc.chargeAh;
        bookedDischargeAh = acc.dischargeAh;
        bookedChargeWh = acc.chargeWh;
        bookedDischargeWh = acc.dischargeWh;
        cycles.restore(c.cycle());
        lastDischargeCapacityAh = c.lastDischargeCapacityAh();
        measuredCapacityAh = c.measuredCapacityAh();
        lastTestTime = from.testTimeS();
        lastCheckpointS = from.testTimeS();
        havePrevious = false;
        forceLog = true;
        continuing = true;
    }

    /**
     * Rebuilds this (new) machine as one that had ended before the crash ({@code end}, a terminal
     * STATE event); {@code lastCheckpoint} (or null) gives the figures it showed. It reads, logs
     * and commands nothing more.
     */
    void restoreEnded(ChannelEvent end, ChannelEvent lastCheckpoint) {
        if (lastCheckpoint != null) {
            restore(lastCheckpoint);
        }
        continuing = false;
        state = end.state();
        faultReason = end.reason();
        faultMessage = end.message();
        stepCount = end.stepCount();
        acc.chargeAh = end.chargeAh();
        acc.dischargeAh = end.dischargeAh();
        acc.chargeWh = end.chargeWh();
        acc.dischargeWh = end.dischargeWh();
        lastTestTime = end.testTimeS();
    }

    /**
     * The row after a stop or fault: the reading taken once the output was off, so the data and
     * status end with the output's real state. Nothing more is counted: the totals stay those at
     * the stop or fault. A reading that cannot be had (the link is lost) is not written; the
     * channel's last row then stays the one before the output went off.
     */
    private void finalRow(double t, double unixTimeS, double v, double i, double temp) {
        finalRowAfterS = Double.NaN;
        if (!Double.isFinite(v) || !Double.isFinite(i) || !Double.isFinite(temp)) {
            return;
        }
        lastTestTime = t;
        lastV = v;
        lastI = i;
        lastT = temp;
        logRow(t, unixTimeS, v, i, temp);
    }

    /** True while a stopped or faulted channel still owes the row that shows its output off. */
    boolean awaitsFinalRow() {
        return !Double.isNaN(finalRowAfterS);
    }

    /** True while a loss of this channel's readings is shorter than {@link #COMM_LOSS_BUDGET_S}. */
    private boolean ridingOutLoss(double t, int status) {
        if ((status & ChannelStatus.COMM_LOSS) == 0 || step == null) {
            lostSinceS = Double.NaN;
            return false;
        }
        if (Double.isNaN(lostSinceS)) {
            lostSinceS = t;
        }
        return t - lostSinceS < COMM_LOSS_BUDGET_S;
    }

    private void begin(double t, double v, double i, double temp, List<ChannelCommand> commands) {
        prevT = t;
        prevV = v;
        prevI = i;
        havePrevious = true;
        Step first = program.start(cursor);
        startStep(first, t, v, temp, commands);
        stepFresh = false;
        forceLog = true;
    }

    private void integrate(double t, double v, double i) {
        if (!Double.isFinite(v) || !Double.isFinite(i)) {
            return;
        }
        if (havePrevious) {
            double dt = t - prevT;
            if (Math.abs(prevT - setpointAtS) < TIME_EPSILON_S) {
                if (setpointsWithNextRead) {
                    acc.add(dt, prevV, prevI, prevV, prevI);
                } else {
                    acc.add(dt, v, i, v, i);
                }
            } else {
                acc.add(dt, prevV, prevI, v, i);
            }
            countCycle();
        }
        prevT = t;
        prevV = v;
        prevI = i;
        havePrevious = true;
    }

    /** Hands what the accumulator gained since the last reading to the cycle book. */
    private void countCycle() {
        cycles.add(acc.chargeAh - bookedChargeAh, acc.dischargeAh - bookedDischargeAh,
                acc.chargeWh - bookedChargeWh, acc.dischargeWh - bookedDischargeWh, stepType.direction());
        bookedChargeAh = acc.chargeAh;
        bookedDischargeAh = acc.dischargeAh;
        bookedChargeWh = acc.chargeWh;
        bookedDischargeWh = acc.dischargeWh;
    }

    private FaultReason checkSafety(double t, double v, double i, double temp, int status) {
        if ((status & ChannelStatus.COMM_LOSS) != 0) {
            return FaultReason.COMMUNICATION_LOSS;
        }
        if (status != ChannelStatus.OK && (status & ~ChannelStatus.NOT_AS_COMMANDED) == 0) {
            return FaultReason.OUTPUT_CHANGED;
        }
        if (status != ChannelStatus.OK) {
            return FaultReason.HARDWARE_STATUS;
        }
        temperatureSeen |= Double.isFinite(temp);
        boolean noSensor = Double.isNaN(temp) && !temperatureSeen;
        if (!Double.isFinite(v) || !Double.isFinite(i) || !(Double.isFinite(temp) || noSensor)) {
            return FaultReason.INVALID_READING;
        }
        if (v < safety.minVoltageV() || v > safety.maxVoltageV()) {
            return FaultReason.VOLTAGE_LIMIT;
        }
        if (Math.abs(i) > safety.maxCurrentA()) {
            return FaultReason.CURRENT_LIMIT;
        }
        if (temp < safety.minTemperatureC() || temp > safety.maxTemperatureC()) {
            return FaultReason.TEMPERATURE_LIMIT;
        }
        if (acc.stepChargeAh > safety.maxChargeCapacityAh()) {
            return FaultReason.CHARGE_CAPACITY_LIMIT;
        }
        return stuck(t, v, i, temp) ? FaultReason.STUCK_READING : null;
    }

    private boolean stuck(double t, double v, double i, double temp) {
        boolean outputOn = state == ChannelState.RUNNING && step != null && !(step.control() instanceof Control.Rest);
        if (outputOn && v == sameV && i == sameI && Double.compare(temp, sameT) == 0) {
            return t - sameSinceS >= STUCK_LIMIT_S;
        }
        sameSinceS = t;
        sameV = outputOn ? v : Double.NaN;
        sameI = i;
        sameT = temp;
        return false;
    }

    private String describe(FaultReason reason, double v, double i, double temp, int status) {
        return switch (reason) {
            case VOLTAGE_LIMIT -> format("voltage %.4f V outside [%s, %s] V", v, limit(safety.minVoltageV()),
                    limit(safety.maxVoltageV()));
            case CURRENT_LIMIT -> format("current %.4f A beyond %s A", i, limit(safety.maxCurrentA()));
            case TEMPERATURE_LIMIT -> format("temperature %.2f degC outside [%s, %s] degC", temp,
                    limit(safety.minTemperatureC()), limit(safety.maxTemperatureC()));
            case CHARGE_CAPACITY_LIMIT -> format("step charge capacity %.4f Ah beyond %s Ah", acc.stepChargeAh,
                    limit(safety.maxChargeCapacityAh()));
            case HARDWARE_STATUS -> "hardware reports " + ChannelStatus.describe(status);
            case OUTPUT_CHANGED -> ChannelStatus.describe(status) + " (commanded " + describe(commanded)
                    + "): another program, a front-panel key or a device reset changed it";
            case COMMUNICATION_LOSS -> Double.isNaN(lostSinceS) ? "no valid reply from the hardware for this channel"
                    : format("no valid reply from the hardware for this channel for %.0f s", lastTestTime - lostSinceS);
            case INVALID_READING -> format("reading is not a number (V=%.4f V, I=%.4f A, T=%.2f degC)", v, i, temp);
            case STUCK_READING -> format("readings unchanged for %.0f s with the output on (V=%.4f V, I=%.4f A)",
                    STUCK_LIMIT_S, v, i);
        };
    }

    private static String format(String pattern, Object... values) {
        return String.format(java.util.Locale.ROOT, pattern, values);
    }

    private static String limit(double value) {
        return Double.isInfinite(value) ? (value > 0 ? "inf" : "-inf") : format("%s", value);
    }

    /** @param outputOff true to skip what a reading with the output off cannot decide (current) */
    private int firedGoto(double t, double v, double i, double temp, boolean outputOff) {
        List<Goto> gotos = step.gotos();
        for (int k = 0; k < gotos.size(); k++) {
            Goto jump = gotos.get(k);
            Goto.Condition c = jump.condition();
            if (outputOff && c.quantity() == Goto.Quantity.CURRENT) {
                continue;
            }
            double value = switch (c.quantity()) {
                case VOLTAGE -> v;
                case CURRENT -> i;
                case TEMPERATURE -> temp;
                case STEP_TIME -> stepTime(t);
                case STEP_CAPACITY -> acc.stepChargeAh + acc.stepDischargeAh;
            };
            if (c.comparison().test(value, c.value())) {
                endReason = EndReason.of(jump, value);
                return jump.targetStepId();
            }
        }
        return -1;
    }

    /** @param outputOff true to skip what a reading with the output off cannot decide (current, dV/dt) */
    private boolean endReached(double t, double v, double i, double temp, boolean outputOff) {
        if (endsReadFrom != step) {
            readEnds();
        }
        for (int k = 0; k < endCount; k++) {
            int kind = endKind[k];
            if (outputOff && (kind == END_CURRENT || kind == END_RATE)) {
                continue;
            }
            double value;
            boolean reached;
            switch (kind) {
                case END_ELAPSED -> {
                    value = stepTime(t);
                    reached = value + TIME_EPSILON_S >= endLimit[k];
                }
                case END_VOLTAGE -> {
                    value = v;
                    reached = crossed(value, endLimit[k], resolvedDirection[k]);
                }
                case END_CURRENT -> {
                    value = Math.abs(i);
                    reached = held(k, t, value <= endLimit[k], endWindowS[k]);
                }
                case END_CAPACITY -> {
                    value = acc.stepChargeAh + acc.stepDischargeAh;
                    reached = value >= endLimit[k];
                }
                case END_RATE -> {
                    value = voltageRate(t, endWindowS[k]);
                    reached = value <= endLimit[k];
                }
                default -> {
                    value = temp;
                    reached = crossed(value, endLimit[k], resolvedDirection[k]);
                }
            }
            if (reached) {
                endReason = EndReason.of(step.ends().get(k), resolvedDirection[k], value);
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the step's end conditions into plain arrays, once per step: the check on every
     * reading is then a switch on an int rather than two pattern matches per condition.
     */
    private void readEnds() {
        List<EndCondition> ends = step.ends();
        endCount = ends.size();
        if (endCount > endKind.length) {
            endKind = new int[endCount];
            endLimit = new double[endCount];
            endWindowS = new double[endCount];
        }
        for (int k = 0; k < endCount; k++) {
            EndCondition end = ends.get(k);
            endWindowS[k] = 0;
            switch (end) {
                case EndCondition.Elapsed e -> {
                    endKind[k] = END_ELAPSED;
                    endLimit[k] = e.seconds();
                }
                case EndCondition.VoltageReaches e -> {
                    endKind[k] = END_VOLTAGE;
                    endLimit[k] = e.voltageV();
                }
                case EndCondition.CurrentFallsTo e -> {
                    endKind[k] = END_CURRENT;
                    endLimit[k] = e.currentA();
                    endWindowS[k] = e.holdS();
                }
                case EndCondition.CapacityReaches e -> {
                    endKind[k] = END_CAPACITY;
                    endLimit[k] = e.capacityAh();
                }
                case EndCondition.VoltageRateFallsTo e -> {
                    endKind[k] = END_RATE;
                    endLimit[k] = e.voltsPerSecond();
                    endWindowS[k] = e.windowS();
                }
                case EndCondition.TemperatureReaches e -> {
                    endKind[k] = END_TEMPERATURE;
                    endLimit[k] = e.temperatureC();
                }
            }
        }
        endsReadFrom = step;
    }

    /** True once {@code now} has been true on every reading for {@code holdS} seconds. */
    private boolean held(int k, double t, boolean now, double holdS) {
        if (!now) {
            heldSinceS[k] = Double.NaN;
            return false;
        }
        if (Double.isNaN(heldSinceS[k])) {
            heldSinceS[k] = t;
        }
        return t - heldSinceS[k] + TIME_EPSILON_S >= holdS;
    }

    private static boolean crossed(double value, double threshold, Direction direction) {
        return direction == Direction.RISING ? value >= threshold : value <= threshold;
    }

    /**
     * Adds a reading to the block being averaged; a block that has run its length becomes one
     * point of the dV/dt fit. Steps without a dV/dt end keep no blocks.
     */
    private void updateVoltageRate(double t, double v) {
        if (rateBlockS == 0) {
            return;
        }
        rateSumT += t;
        rateSumV += v;
        rateCount++;
        if (t - rateBlockStartS + TIME_EPSILON_S >= rateBlockS) {
            rateBlockT[rateNext] = rateSumT / rateCount;
            rateBlockV[rateNext] = rateSumV / rateCount;
            rateNext = (rateNext + 1) % RATE_BLOCKS;
            rateBlocks = Math.min(RATE_BLOCKS, rateBlocks + 1);
            rateBlockStartS = t;
            rateSumT = 0;
            rateSumV = 0;
            rateCount = 0;
        }
    }

    /**
     * |dV/dt| in V/s: the least-squares slope of the block means of the last {@code windowS}
     * seconds, NaN until the step has run that long. Averaging before fitting is what makes the
     * slope hold through noise: white noise of sigma on each reading leaves about
     * {@code sigma / sqrt(readings per block)} on each point and the fit divides that again.
     */
    private double voltageRate(double t, double windowS) {
        if (stepTime(t) + TIME_EPSILON_S < windowS) {
            return Double.NaN;
        }
        double from = t - windowS;
        int n = 0;
        double sumT = 0;
        double sumV = 0;
        for (int k = 0; k < rateBlocks; k++) {
            int at = (rateNext - 1 - k + RATE_BLOCKS) % RATE_BLOCKS;
            if (rateBlockT[at] < from) {
                break;
            }
            n++;
            sumT += rateBlockT[at];
            sumV += rateBlockV[at];
        }
        if (n < 2) {
            return Double.NaN;
        }
        double meanT = sumT / n;
        double meanV = sumV / n;
        double stt = 0;
        double stv = 0;
        for (int k = 0; k < n; k++) {
            int at = (rateNext - 1 - k + RATE_BLOCKS) % RATE_BLOCKS;
            double dt = rateBlockT[at] - meanT;
            stt += dt * dt;
            stv += dt * (rateBlockV[at] - meanV);
        }
        return stt > 0 ? Math.abs(stv / stt) : Double.NaN;
    }

    private void startStep(Step next, double t, double v, double temp, List<ChannelCommand> commands) {
        step = next;
        stepCount++;
        stepStartS = t;
        stepFresh = true;
        setpointAtS = t;
        acc.resetStep();
        logging = next.effectiveLogging(recipeLogging);
        int direction = program.direction(next);
        holdDirectionPending = direction == 0 && next.control() instanceof Control.HoldVoltage;
        stepType = StepType.of(next.control(), direction);
        List<EndCondition> ends = next.ends();
        if (ends.size() > resolvedDirection.length) {
            resolvedDirection = new Direction[ends.size()];
            heldSinceS = new double[ends.size()];
        }
        Arrays.fill(heldSinceS, Double.NaN);
        startVoltageRate(ends, t);
        for (int k = 0; k < ends.size(); k++) {
            resolvedDirection[k] = switch (ends.get(k)) {
                case EndCondition.VoltageReaches e -> resolve(e.direction(), v, e.voltageV());
                case EndCondition.TemperatureReaches e -> resolve(e.direction(), temp, e.temperatureC());
                default -> null;
            };
        }
        if (cursor.cycleCount() != cycles.cycle()) {
            closeCycle(t);
        }
        commands.add(commanded = command(next.control()));
        recorder.event(event(ChannelEvent.Kind.STEP_START, t, ""));
    }

    /** Sizes the dV/dt blocks for the step's longest dV/dt window and empties the fit. */
    private void startVoltageRate(List<EndCondition> ends, double t) {
        double window = 0;
        for (int k = 0; k < ends.size(); k++) {
            if (ends.get(k) instanceof EndCondition.VoltageRateFallsTo rate) {
                window = Math.max(window, rate.windowS());
            }
        }
        rateBlockS = window == 0 ? 0 : Math.max(RATE_BLOCK_S, window / RATE_BLOCKS);
        rateBlocks = 0;
        rateNext = 0;
        rateBlockStartS = t;
        rateSumT = 0;
        rateSumV = 0;
        rateCount = 0;
    }

    private static Direction resolve(Direction direction, double now, double threshold) {
        if (direction != Direction.EITHER) {
            return direction;
        }
        return now < threshold ? Direction.RISING : Direction.FALLING;
    }

    private ChannelCommand command(Control control) {
        return switch (control) {
            case Control.Rest r -> new ChannelCommand.Rest(channel);
            case Control.ConstantCurrent cc -> new ChannelCommand.ConstantCurrent(channel, cc.currentA());
            case Control.CcCv cccv -> new ChannelCommand.CcCv(channel, cccv.currentA(), cccv.voltageV());
            case Control.HoldVoltage hold -> new ChannelCommand.ConstantVoltage(channel, hold.voltageV(), hold.currentLimitA());
            case Control.ConstantPower cp -> new ChannelCommand.ConstantPower(channel, cp.powerW());
            case Control.ConstantResistance cr -> new ChannelCommand.ConstantResistance(channel, cr.resistanceOhm());
        };
    }

    /** Ends the running step; {@code why} goes into its STEP_END event. */
    private void endStep(double t, String why) {
        if (step.control().discharges() || acc.stepDischargeAh > acc.stepChargeAh) {
            lastDischargeCapacityAh = acc.stepDischargeAh;
        }
        if (step.measure().orElse(null) == Measure.CAPACITY) {
            measuredCapacityAh = acc.stepDischargeAh;
        }
        recorder.event(event(ChannelEvent.Kind.STEP_END, t, why));
    }

    private void closeCycle(double t) {
        CycleSummary closed = cycles.close(t, cursor.cycleCount());
        if (closed != null) {
            recorder.cycle(closed);
        }
    }

    private void fault(double t, FaultReason reason, String message, List<ChannelCommand> commands) {
        faultReason = reason;
        finish(t, reason.state(), message, commands);
    }

    private void finish(double t, ChannelState terminal, String message, List<ChannelCommand> commands) {
        state = terminal;
        faultMessage = message;
        if (terminal != ChannelState.DONE && step != null) {
            finalRowAfterS = t;
        }
        closeCycle(t);
        commands.add(commanded = new ChannelCommand.Rest(channel));
        recorder.event(event(ChannelEvent.Kind.STATE, t, message));
    }

    /** Stop: output off for good; {@code why} goes into the journal. */
    void stop(double t, String why, List<ChannelCommand> commands) {
        if (state.isTerminal()) {
            return;
        }
        if (step != null) {
            endStep(t, ChannelState.STOPPED + ": " + why);
        }
        finish(t, ChannelState.STOPPED, why, commands);
    }

    /** Operator pause: output to REST, step time frozen, accumulators kept; {@code why} goes into the journal. */
    void pause(double t, String why, List<ChannelCommand> commands) {
        if (state != ChannelState.RUNNING || step == null) {
            return;
        }
        state = ChannelState.PAUSED;
        pausedAtS = t;
        finalRowAfterS = t;
        setpointAtS = t;
        commands.add(commanded = new ChannelCommand.Rest(channel));
        recorder.event(event(ChannelEvent.Kind.STATE, t, why));
    }

    /** Operator resume: the paused step goes on with the time it had left; {@code why} goes into the journal. */
    void resume(double t, String why, List<ChannelCommand> commands) {
        if (state != ChannelState.PAUSED) {
            return;
        }
        state = ChannelState.RUNNING;
        finalRowAfterS = Double.NaN;
        stepStartS += t - pausedAtS;
        pausedAtS = Double.NaN;
        setpointAtS = t;
        stepFresh = true;
        Arrays.fill(heldSinceS, Double.NaN);
        commands.add(commanded = command(step.control()));
        recorder.event(event(ChannelEvent.Kind.STATE, t, why));
    }

    /** Time in the step at test time {@code t}, seconds: a pause does not count, so it stands still while paused. */
    private double stepTime(double t) {
        return (state == ChannelState.PAUSED ? pausedAtS : t) - stepStartS;
    }

    private void maybeLog(double t, double unixTimeS, double v, double i, double temp) {
        if (forceLog
                || t - lastLogT + TIME_EPSILON_S >= logging.periodS()
                || Math.abs(v - lastLogV) >= logging.deltaVoltageV()
                || Math.abs(i - lastLogI) >= logging.deltaCurrentA()) {
            logRow(t, unixTimeS, v, i, temp);
        }
    }

    private void logRow(double t, double unixTimeS, double v, double i, double temp) {
        forceLog = false;
        lastLogT = t;
        lastLogV = v;
        lastLogI = i;
        recorder.sample(new Sample(channel, t, unixTimeS, v, i, temp, cursor.cycleCount(), stepCount,
                step == null ? 0 : step.id(),
                stepType, stepTime(t), acc.chargeAh, acc.dischargeAh, acc.stepChargeAh, acc.stepDischargeAh,
                acc.chargeWh, acc.dischargeWh));
    }

    private ChannelEvent event(ChannelEvent.Kind kind, double t, String message) {
        ChannelCheckpoint checkpoint = null;
        if (kind != ChannelEvent.Kind.STEP_END && !state.isTerminal() && step != null) {
            checkpoint = checkpoint(t);
            lastCheckpointS = t;
        }
        return new ChannelEvent(kind, channel, t, step == null ? 0 : step.id(), stepCount, cursor.cycleCount(),
                state, faultReason, message, acc.chargeAh, acc.dischargeAh, acc.chargeWh, acc.dischargeWh, checkpoint);
    }

    /** The machine's state at test time {@code t}, for the journal. */
    private ChannelCheckpoint checkpoint(double t) {
        List<Integer> iterations = new ArrayList<>(cursor.depth);
        for (int k = 0; k < cursor.depth; k++) {
            iterations.add(cursor.iteration[k]);
        }
        List<Direction> directions = new ArrayList<>(step.ends().size());
        for (int k = 0; k < step.ends().size(); k++) {
            directions.add(resolvedDirection[k]);
        }
        return new ChannelCheckpoint(cursor.pc, cursor.depth, iterations, state == ChannelState.PAUSED, stepType,
                holdDirectionPending, stepTime(t), directions, temperatureSeen, acc.stepChargeAh, acc.stepDischargeAh,
                acc.stepChargeWh, acc.stepDischargeWh, cycles.snapshot(), lastDischargeCapacityAh, measuredCapacityAh,
                commanded == null ? Mode.REST : commanded.mode(), setpoint(commanded));
    }

    /** A command's values in {@link ChannelCheckpoint#setpoint()} order. */
    private static List<Double> setpoint(ChannelCommand command) {
        return switch (command) {
            case null -> List.of();
            case ChannelCommand.Rest r -> List.of();
            case ChannelCommand.ConstantCurrent cc -> List.of(cc.currentA());
            case ChannelCommand.ConstantVoltage cv -> List.of(cv.voltageV(), cv.currentLimitA());
            case ChannelCommand.CcCv cccv -> List.of(cccv.currentA(), cccv.voltageV());
            case ChannelCommand.ConstantPower cp -> List.of(cp.powerW());
            case ChannelCommand.ConstantResistance cr -> List.of(cr.resistanceOhm());
        };
    }

    /** A command for a fault message, e.g. {@code CCCV 5.0, 4.2}. */
    private static String describe(ChannelCommand command) {
        if (command == null) {
            return "nothing yet";
        }
        StringBuilder text = new StringBuilder(command.mode().name());
        List<Double> values = setpoint(command);
        for (int k = 0; k < values.size(); k++) {
            text.append(k == 0 ? " " : ", ").append(format("%s", values.get(k)));
        }
        return text.toString();
    }

    /** An immutable picture of this channel for displays and summaries. */
    ChannelView view() {
        return new ChannelView(channel, state, step == null ? 0 : step.id(), stepCount, cursor.cycleCount(),
                lastV, lastI, lastT, lastTestTime, lastDischargeCapacityAh, measuredCapacityAh, faultReason, faultMessage,
                stepType, acc.stepChargeAh + acc.stepDischargeAh);
    }
}
