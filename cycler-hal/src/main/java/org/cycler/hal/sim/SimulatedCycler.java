package org.cycler.hal.sim;

import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.Measurements;
import org.cycler.hal.Mode;
import org.cycler.hal.Ticker;

/**
 * A cycler whose channels hold simulated cells: channel {@code i + 1} holds {@code cells.get(i)}.
 *
 * <p><b>Time.</b> The model integrates lazily. {@link #read} and {@link #apply} first advance
 * every cell from the last advance to {@link Ticker#nanos()} under the setpoints that held
 * until then, and only then read or change setpoints. A gap is cut into equal sub-steps of at
 * most {@value #MAX_STEP_S} s, so a caller ticking every second on a virtual clock, or every
 * 100 ms in real time, gets the same physics as one advancing an hour at a time. Between two
 * sub-steps the current is constant (the hardware's regulation period); a reading reports the
 * current of the sub-step just finished and the terminal voltage at its end.
 *
 * <p><b>Cell model</b> (see {@link CellParameters}): {@code V = OCV(soc + s) + I*R0 + v1 + v2}, with
 * {@code I} signed, positive = charge, and {@code s} the surface's lead over the bulk SOC.
 * <ul>
 *   <li>RC pairs and the surface lead, exact for a constant current over the sub-step:
 *       {@code v <- v*e + I*R*(1 - e)}, {@code s <- s*e + I*D*(1 - e)}, {@code e = exp(-dt/tau)}.
 *       The lead moves no charge: capacity and the leakage act on the bulk SOC.</li>
 *   <li>SOC: {@code dSOC/dt = (I - I_sei - I_parasitic - I_leak) / (3600 Q)}. While charging,
 *       {@code I_sei = I * f0 * seiRemaining / seiTotal} ({@code f0} = {@value #SEI_SHARE_FRESH}) goes
 *       into SEI growth, so most of the SEI forms during the first full charge and the first
 *       cycle's coulombic efficiency is about {@code Q / (Q + seiLoss)}; a parasitic side
 *       reaction takes {@value #PARASITIC_SHARE} of every charge current, so later cycles' efficiency
 *       is about 99.9 %, not exactly 1. Leakage drains SOC at all times, also at rest, and past
 *       the empty wall: SOC is not clamped, only OCV is.</li>
 *   <li>Lumped thermal, exact for constant heat over the sub-step:
 *       {@code C dT/dt = I^2 R0 + v1^2/R1 + v2^2/R2 - h (T - T_ambient)}; cells start at ambient.
 *       The cell's values do not depend on temperature.</li>
 * </ul>
 *
 * <p><b>Regulation</b>, done by the "hardware" each sub-step. Each mode solves for the current
 * over the sub-step from the cell's voltage at the sub-step's end, {@code V_end = E + R*I}, which
 * is linear in {@code I} given the RC and lead discretisation and the OCV slope (R differs slightly
 * between charge and discharge because SEI and side reactions take part of a charge current).
 * Modes that regulate on the voltage are solved once more with the OCV secant over the
 * sub-step, so they hold exactly across the table's breakpoints:
 * <ul>
 *   <li>REST: {@code I = 0}. CC: {@code I} = setpoint.</li>
 *   <li>CV: the current that ends the sub-step at the setpoint voltage, clamped to the current
 *       limit; it charges or discharges as the cell needs.</li>
 *   <li>CC-CV: CC until the voltage would pass the setpoint in the direction of the current,
 *       then latched into CV at the setpoint for the rest of the command, the current kept
 *       between zero and the CC current (it decays, never reverses).</li>
 *   <li>CP: {@code R I^2 + E I - P = 0}, the root with the sign of P; if the cell cannot deliver
 *       P, the maximum power point {@code I = -E/(2R)}.</li>
 *   <li>CR: {@code I = -E / (R_load + R)}, a discharge.</li>
 * </ul>
 * A new command takes effect at once: a reading taken before any time has passed reports the
 * current the mode gives at that instant (a zero-length sub-step: CV at the instant is
 * {@code (V_set - OCV(soc + s) - v1 - v2) / R0}).
 *
 * <p><b>Hardware limits.</b> A channel sources or sinks at most {@value #MAX_CURRENT_A} A and
 * holds the terminal between {@value #MIN_VOLTAGE_V} and {@value #MAX_VOLTAGE_V} V. A demand
 * beyond the current range is clamped and reported as {@link ChannelStatus#OVER_CURRENT}; a
 * current that would drive the voltage above the range is reduced to hold the maximum voltage
 * and reported as {@link ChannelStatus#OVER_VOLTAGE}; a cell above {@value #MAX_TEMPERATURE_C}
 * degC is reported as {@link ChannelStatus#OVER_TEMPERATURE}. The bits describe the latest
 * sub-step (a condition register, not a latch); the channel keeps running, and acting on them is
 * the scheduler's job.
 *
 * <p><b>Fault injection.</b> {@link #injectHardwareFault} trips a channel's power stage: output
 * off and {@link ChannelStatus#HARDWARE_FAULT} in every reading until it is cleared.
 *
 * <p><b>Readings and setpoints</b> go through the channels' {@link SimulatedInstrument}, which
 * gives them the errors of its {@link AccuracyClass} (gain, offset, noise, ADC steps, sample
 * jitter); the model's state stays the truth. Without one (or with {@link AccuracyClass#IDEAL})
 * readings are exact: voltage in volts, signed current in amperes, the cell's temperature in
 * degrees Celsius, and setpoints are met exactly.
 *
 * <p><b>Cost.</b> State is held as arrays per quantity; reading, applying and advancing allocate
 * nothing. The decay factors {@code exp(-dt/tau)} are computed once per distinct sub-step
 * length, so ticks of equal length cost a few tens of nanoseconds per cell and sub-step.
 *
 * <p><b>Threads.</b> Not thread-safe: owned by the one control thread that calls {@link #read}
 * and {@link #apply}; the diagnostic accessors belong to the same thread.
 */
public final class SimulatedCycler implements Cycler {

    /** Largest internal integration step, seconds. */
    public static final double MAX_STEP_S = 1.0;
    /** Largest current a channel sources or sinks, amperes. */
    public static final double MAX_CURRENT_A = 50.0;
    /** Highest terminal voltage a channel can hold, volts. */
    public static final double MAX_VOLTAGE_V = 5.0;
    /** Lowest terminal voltage a channel can hold, volts. */
    public static final double MIN_VOLTAGE_V = 0.0;
    /** Cell temperature above which the channel reports over-temperature, degrees Celsius. */
    public static final double MAX_TEMPERATURE_C = 80.0;
    /** Share of a charge current going into SEI growth while all of the SEI loss is still to come. */
    public static final double SEI_SHARE_FRESH = 0.3;
    /** Share of every charge current lost to side reactions after formation. */
    public static final double PARASITIC_SHARE = 0.0005;

    /** {@link CyclerIdentity#manufacturer()} of every simulated cycler. */
    public static final String MANUFACTURER = "Cycler";
    /** {@link CyclerIdentity#firmware()}: the cell model's version. */
    public static final String FIRMWARE = "sim-2";
    /** {@link CyclerIdentity#serial()} when none is given. */
    public static final String DEFAULT_SERIAL = "sim-0";

    /** Secant refinements of a hardware voltage limit; two or three reach the exact current. */
    private static final int HOLD_REFINEMENTS = 6;
    private static final long MAX_STEP_NANOS = Math.round(MAX_STEP_S * 1e9);
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double SECONDS_PER_HOUR = 3600.0;

    private final Ticker ticker;
    private final List<CellParameters> cells;
    private final double ambientC;
    private final CyclerIdentity identity;
    private final int count;

    // Cell constants.
    private final Chemistry[] chemistry;
    private final double[] r0;
    private final double[] r1;
    private final double[] r2;
    private final double[] tau1;
    private final double[] tau2;
    private final double[] leadPerA;
    private final double[] tauLead;
    private final double[] invR1;
    private final double[] invR2;
    private final double[] socPerAs;
    private final double[] leakA;
    private final double[] seiSharePerAh;
    private final double[] heatTimeConstantS;
    private final double[] invHeatTransfer;

    // Factors for the current sub-step length.
    private double cachedStepS = Double.NaN;
    private final double[] decay1;
    private final double[] decay2;
    private final double[] decayThermal;
    private final double[] rc1;
    private final double[] rc2;
    private final double[] decayLead;
    private final double[] leadStep;
    private final double[] socPerA;

    // Cell state, at lastNanos.
    private final double[] soc;
    private final double[] v1;
    private final double[] v2;
    private final double[] lead;
    private final double[] temperatureC;
    private final double[] seiRemainingAh;
    private final double[] currentA;
    private final int[] status;

    // Setpoints: CC current / CV voltage / CC-CV current / CP power / CR resistance, and the
    // CV current limit / CC-CV voltage.
    private final Mode[] mode;
    private final double[] setpointA;
    private final double[] setpointB;
    private final boolean[] latchedCv;
    private final boolean[] hardwareFault;

    /** The measuring and sourcing electronics; null when they are ideal. */
    private final SimulatedInstrument instrument;

    private long lastNanos;
    private boolean closed;

    /** A simulator with the {@link #DEFAULT_SERIAL default serial}. */
    public SimulatedCycler(Ticker ticker, List<CellParameters> cells, double ambientC) {
        this(ticker, cells, ambientC, DEFAULT_SERIAL);
    }

    /**
     * @param ticker   the clock the cells live on (virtual for simulation, system for real time)
     * @param cells    one cell per channel, in channel order; at least one
     * @param ambientC ambient temperature, degrees Celsius; every cell starts at it
     * @param serial   the serial number to report, e.g. {@code "sim-" + seed}
     */
    public SimulatedCycler(Ticker ticker, List<CellParameters> cells, double ambientC, String serial) {
        this(ticker, cells, ambientC, serial, null);
    }

    /**
     * A simulator whose channels measure and source through {@code instrument}.
     *
     * @param instrument the channels' electronics, made for as many channels as there are cells;
     *                   null or an {@link AccuracyClass#isIdeal() ideal} one for exact readings
     */
    public SimulatedCycler(Ticker ticker, List<CellParameters> cells, double ambientC, String serial,
                           SimulatedInstrument instrument) {
        this.instrument = instrument == null || instrument.accuracy().isIdeal() ? null : instrument;
        if (instrument != null && instrument.errors().size() != cells.size()) {
            throw new IllegalArgumentException("an instrument for " + instrument.errors().size()
                    + " channels on a cycler of " + cells.size());
        }
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.cells = List.copyOf(cells);
        if (this.cells.isEmpty()) {
            throw new IllegalArgumentException("a cycler has at least one channel");
        }
        if (!Double.isFinite(ambientC)) {
            throw new IllegalArgumentException("ambient temperature must be finite: " + ambientC);
        }
        this.ambientC = ambientC;
        this.count = this.cells.size();
        this.identity = new CyclerIdentity(MANUFACTURER, "SIM-" + count, Objects.requireNonNull(serial, "serial"),
                FIRMWARE);

        chemistry = new Chemistry[count];
        r0 = new double[count];
        r1 = new double[count];
        r2 = new double[count];
        tau1 = new double[count];
        tau2 = new double[count];
        leadPerA = new double[count];
        tauLead = new double[count];
        invR1 = new double[count];
        invR2 = new double[count];
        socPerAs = new double[count];
        leakA = new double[count];
        seiSharePerAh = new double[count];
        heatTimeConstantS = new double[count];
        invHeatTransfer = new double[count];
        decay1 = new double[count];
        decay2 = new double[count];
        decayThermal = new double[count];
        rc1 = new double[count];
        rc2 = new double[count];
        decayLead = new double[count];
        leadStep = new double[count];
        socPerA = new double[count];
        soc = new double[count];
        v1 = new double[count];
        v2 = new double[count];
        lead = new double[count];
        temperatureC = new double[count];
        seiRemainingAh = new double[count];
        currentA = new double[count];
        status = new int[count];
        mode = new Mode[count];
        setpointA = new double[count];
        setpointB = new double[count];
        latchedCv = new boolean[count];
        hardwareFault = new boolean[count];

        for (int i = 0; i < count; i++) {
            CellParameters cell = this.cells.get(i);
            chemistry[i] = cell.chemistry();
            r0[i] = cell.r0Ohm();
            r1[i] = cell.r1Ohm();
            r2[i] = cell.r2Ohm();
            tau1[i] = cell.tau1S();
            tau2[i] = cell.tau2S();
            leadPerA[i] = cell.diffusionSocPerA();
            tauLead[i] = cell.tauDiffusionS();
            invR1[i] = cell.r1Ohm() > 0 ? 1 / cell.r1Ohm() : 0;
            invR2[i] = cell.r2Ohm() > 0 ? 1 / cell.r2Ohm() : 0;
            socPerAs[i] = 1 / (SECONDS_PER_HOUR * cell.capacityAh());
            leakA[i] = cell.leakageCurrentA();
            seiSharePerAh[i] = cell.seiLossAh() > 0 ? SEI_SHARE_FRESH / cell.seiLossAh() : 0;
            heatTimeConstantS[i] = cell.heatCapacityJPerK() / cell.heatTransferWPerK();
            invHeatTransfer[i] = 1 / cell.heatTransferWPerK();
            soc[i] = cell.initialSoc();
            temperatureC[i] = ambientC;
            seiRemainingAh[i] = cell.seiLossAh();
            mode[i] = Mode.REST;
        }
        lastNanos = ticker.nanos();
    }

    @Override
    public CyclerIdentity identity() {
        return identity;
    }

    @Override
    public int channelCount() {
        return count;
    }

    /** The cells, in channel order (channel {@code i + 1} holds element {@code i}). */
    public List<CellParameters> cells() {
        return cells;
    }

    /** Ambient temperature, degrees Celsius. */
    public double ambientC() {
        return ambientC;
    }

    /** How the channels measure: {@link AccuracyClass#IDEAL} when readings are exact. */
    public AccuracyClass accuracy() {
        return instrument == null ? AccuracyClass.IDEAL : instrument.accuracy();
    }

    /**
     * Diagnostic: the cell's true terminal voltage now, volts, beside the reading's. Advances the
     * model to now; for tests and the simulator's own reports, never for grading.
     */
    public double trueVoltage(int channel) {
        checkChannel(channel);
        advanceTo(ticker.nanos());
        return terminalVoltage(channel - 1);
    }

    /** Diagnostic: the true current now, amperes, positive = charge. Advances the model to now. */
    public double trueCurrent(int channel) {
        checkChannel(channel);
        advanceTo(ticker.nanos());
        return currentA[channel - 1];
    }

    /**
     * Advances every cell to now, then writes each channel's terminal voltage, current and
     * temperature with its status bits into {@code into}. Allocates nothing.
     *
     * @throws IllegalArgumentException if {@code into} was made for another channel count
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public void read(Measurements into) {
        requireOpen();
        requireSized(into);
        long now = ticker.nanos();
        advanceTo(now);
        report(into, now);
    }

    /**
     * {@link #apply} the commands, then reads at the instant they took effect, with no time
     * between: a device that applies a line's setpoints and then measures within that one
     * command (the SCPI emulator's setpoints-then-queries line). The cells advance once, where
     * {@code apply} and then {@code read} would advance them twice.
     *
     * @throws IllegalArgumentException as {@link #apply} and {@link #read} do
     * @throws IllegalStateException    after {@link #close()}
     */
    public void applyAndRead(List<? extends ChannelCommand> commands, Measurements into) {
        requireSized(into);
        apply(commands);
        report(into, lastNanos);
    }

    private void requireSized(Measurements into) {
        if (into.channelCount() != count) {
            throw new IllegalArgumentException("measurements for " + into.channelCount()
                    + " channels, cycler has " + count);
        }
    }

    private void report(Measurements into, long now) {
        if (instrument != null) {
            instrument.startReading(now);
        }
        for (int i = 0; i < count; i++) {
            int bits = status[i];
            if (hardwareFault[i]) {
                bits |= ChannelStatus.HARDWARE_FAULT;
            }
            if (temperatureC[i] > MAX_TEMPERATURE_C) {
                bits |= ChannelStatus.OVER_TEMPERATURE;
            }
            if (instrument == null) {
                into.set(i + 1, terminalVoltage(i), currentA[i], temperatureC[i], bits);
            } else {
                instrument.report(into, i, terminalVoltage(i), currentA[i], temperatureC[i], bits);
            }
        }
    }

    /**
     * Advances every cell to now under the old setpoints, then applies the commands in list
     * order (a later command for the same channel wins). The batch is checked first: if any
     * command names a channel this cycler does not have, none is applied. Channels without a
     * command keep what they were doing. Allocates nothing for a {@link RandomAccess} list.
     *
     * @throws IllegalArgumentException if a command's channel is above {@link #channelCount()}
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public void apply(List<? extends ChannelCommand> commands) {
        requireOpen();
        int size = commands.size();
        if (commands instanceof RandomAccess) {
            for (int k = 0; k < size; k++) {
                checkChannel(commands.get(k).channel());
            }
        } else {
            for (ChannelCommand command : commands) {
                checkChannel(command.channel());
            }
        }
        advanceTo(ticker.nanos());
        if (commands instanceof RandomAccess) {
            for (int k = 0; k < size; k++) {
                set(commands.get(k));
            }
        } else {
            for (ChannelCommand command : commands) {
                set(command);
            }
        }
    }

    /** Advances the cells to now and turns every output off. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        advanceTo(ticker.nanos());
        for (int i = 0; i < count; i++) {
            mode[i] = Mode.REST;
            currentA[i] = 0;
            status[i] = ChannelStatus.OK;
        }
        closed = true;
    }

    /**
     * Diagnostic: the cell's true state of charge now (fraction of its rated window; may lie
     * slightly outside 0..1). Advances the model to now; for tests and the simulator's own
     * reports, never for grading.
     */
    public double trueSoc(int channel) {
        checkChannel(channel);
        advanceTo(ticker.nanos());
        return soc[channel - 1];
    }

    /** Diagnostic: SEI loss still to come on later charges, Ah. Advances the model to now. */
    public double seiRemainingAh(int channel) {
        checkChannel(channel);
        advanceTo(ticker.nanos());
        return seiRemainingAh[channel - 1];
    }

    /** Diagnostic: the cell's open-circuit voltage now, volts. Advances the model to now. */
    public double trueOcv(int channel) {
        checkChannel(channel);
        advanceTo(ticker.nanos());
        return chemistry[channel - 1].ocv(soc[channel - 1]);
    }

    /**
     * Fault injection: a hardware fault on the channel's power stage, as a real channel board
     * reports one. While it lasts the output is off (no current, whatever the setpoint) and every
     * reading carries {@link ChannelStatus#HARDWARE_FAULT}; clearing it leaves the channel in
     * REST, so the output comes back only with a new command. Advances the model to now.
     */
    public void injectHardwareFault(int channel, boolean faulted) {
        checkChannel(channel);
        advanceTo(ticker.nanos());
        int i = channel - 1;
        if (instrument != null) {
            instrument.commanded(i);
        }
        hardwareFault[i] = faulted;
        currentA[i] = 0;
        if (!faulted) {
            mode[i] = Mode.REST;
            status[i] = ChannelStatus.OK;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("simulated cycler " + identity.serial() + " is closed");
        }
    }

    private void checkChannel(int channel) {
        if (channel < 1 || channel > count) {
            throw new IllegalArgumentException("no channel " + channel + " on a " + count + "-channel cycler");
        }
    }

    private double terminalVoltage(int i) {
        return chemistry[i].ocv(soc[i] + lead[i]) + currentA[i] * r0[i] + v1[i] + v2[i];
    }

    private void set(ChannelCommand command) {
        int i = command.channel() - 1;
        double a = 0;
        double b = 0;
        switch (command) {
            case ChannelCommand.Rest rest -> {
            }
            case ChannelCommand.ConstantCurrent cc -> a = cc.currentA();
            case ChannelCommand.ConstantVoltage cv -> {
                a = cv.voltageV();
                b = cv.currentLimitA();
            }
            case ChannelCommand.CcCv cccv -> {
                a = cccv.currentA();
                b = cccv.voltageV();
            }
            case ChannelCommand.ConstantPower cp -> a = cp.powerW();
            case ChannelCommand.ConstantResistance cr -> a = cr.resistanceOhm();
        }
        if (instrument != null) {
            switch (command) {
                case ChannelCommand.Rest rest -> instrument.commanded(i);
                case ChannelCommand.ConstantCurrent cc -> a = instrument.sourceCurrent(i, a);
                case ChannelCommand.ConstantVoltage cv -> {
                    a = instrument.sourceVoltage(i, a);
                    b = instrument.currentLimit(i, b);
                }
                case ChannelCommand.CcCv cccv -> {
                    a = instrument.sourceCurrent(i, a);
                    b = instrument.sourceVoltage(i, b);
                }
                case ChannelCommand.ConstantPower cp -> a = instrument.sourcePower(i, a);
                case ChannelCommand.ConstantResistance cr -> a = instrument.sourceResistance(i, a);
            }
        }
        mode[i] = command.mode();
        setpointA[i] = a;
        setpointB[i] = b;
        latchedCv[i] = false;
        // The new setpoint acts at once: the current of a zero-length sub-step.
        double sei = seiRemainingAh[i] * seiSharePerAh[i];
        double surface = soc[i] + lead[i];
        currentA[i] = hardwareFault[i] ? 0 : regulate(i, surface, chemistry[i].ocv(surface), 0, v1[i] + v2[i],
                r0[i], 0, 0, 1 - sei - PARASITIC_SHARE);
    }

    private void advanceTo(long now) {
        long gap = now - lastNanos;
        if (gap <= 0) {
            return;
        }
        lastNanos = now;
        long steps = (gap + MAX_STEP_NANOS - 1) / MAX_STEP_NANOS;
        double stepS = (double) gap / steps / NANOS_PER_SECOND;
        prepare(stepS);
        double stepH = stepS / SECONDS_PER_HOUR;
        for (int i = 0; i < count; i++) {
            advanceCell(i, steps, stepH);
        }
    }

    /** Computes the per-cell factors of a sub-step of {@code stepS} seconds, unless they are current. */
    private void prepare(double stepS) {
        if (stepS == cachedStepS) {
            return;
        }
        for (int i = 0; i < count; i++) {
            double e1 = Math.exp(-stepS / tau1[i]);
            double e2 = Math.exp(-stepS / tau2[i]);
            double eLead = Math.exp(-stepS / tauLead[i]);
            decay1[i] = e1;
            decay2[i] = e2;
            rc1[i] = r1[i] * (1 - e1);
            rc2[i] = r2[i] * (1 - e2);
            decayLead[i] = eLead;
            leadStep[i] = leadPerA[i] * (1 - eLead);
            decayThermal[i] = Math.exp(-stepS / heatTimeConstantS[i]);
            socPerA[i] = stepS * socPerAs[i];
        }
        cachedStepS = stepS;
    }

    private void advanceCell(int i, long steps, double stepH) {
        Chemistry chem = chemistry[i];
        double e1 = decay1[i];
        double e2 = decay2[i];
        double a1 = rc1[i];
        double a2 = rc2[i];
        double eL = decayLead[i];
        double aL = leadStep[i];
        double eT = decayThermal[i];
        double g = socPerA[i];
        double ohm = r0[i];
        double leak = leakA[i];
        double seiShare = seiSharePerAh[i];
        double heatToRise = invHeatTransfer[i];
        double s1 = invR1[i];
        double s2 = invR2[i];
        double base = ohm + a1 + a2;
        boolean resting = mode[i] == Mode.REST || hardwareFault[i];

        double x = soc[i];
        double u1 = v1[i];
        double u2 = v2[i];
        double s = lead[i];
        double t = temperatureC[i];
        double sei = seiRemainingAh[i];
        double current = 0;
        if (resting) {
            status[i] = ChannelStatus.OK;
        }
        for (long step = 0; step < steps; step++) {
            double fSei = sei * seiShare;
            if (!resting) {
                double surface = x + s * eL;
                current = regulate(i, surface, chem.ocv(surface), chem.slope(surface), u1 * e1 + u2 * e2, base, g,
                        aL, 1 - fSei - PARASITIC_SHARE);
            }
            double charge = current > 0 ? current : 0;
            double seiCurrent = charge * fSei;
            x += (current - seiCurrent - charge * PARASITIC_SHARE - leak) * g;
            sei -= seiCurrent * stepH;
            u1 = u1 * e1 + current * a1;
            u2 = u2 * e2 + current * a2;
            s = s * eL + current * aL;
            double heatW = current * current * ohm + u1 * u1 * s1 + u2 * u2 * s2;
            double steadyC = ambientC + heatW * heatToRise;
            t = steadyC + (t - steadyC) * eT;
        }
        soc[i] = x;
        v1[i] = u1;
        v2[i] = u2;
        lead[i] = s;
        temperatureC[i] = t;
        seiRemainingAh[i] = sei;
        currentA[i] = current;
    }

    /**
     * The current channel {@code i} delivers over a sub-step, in its mode, within the hardware's
     * limits; sets the channel's status bits and, for CC-CV, the latch.
     *
     * <p>Over the sub-step the terminal voltage at its end is
     * {@code V_end = OCV(x + dSoc) + rcVoltage + base*I}, with {@code x} the surface SOC the
     * sub-step would end at without current and
     * {@code dSoc = (I*k - leak) * socPerA + I * leadPerA}, {@code k = chargeShare} when charging
     * and 1 when discharging. With {@code OCV(x + dSoc) ~ ocv + s*dSoc} that is linear in {@code I}. A mode
     * that regulates on the voltage (CV, the CV phase of CC-CV, CP, CR) is solved with the slope
     * at the start and then once more with the secant slope to where that current takes the SOC,
     * which is exact unless the sub-step crosses two table breakpoints. A zero-length sub-step
     * has {@code socPerA = 0}, {@code leadPerA = 0} and {@code base = R0}.
     *
     * @param x           surface SOC at the sub-step's end with no current: bulk SOC plus the
     *                    decayed lead
     * @param ocv         OCV there
     * @param slope       dOCV/dSOC there
     * @param rcVoltage   the RC voltages at the sub-step's end with no current, {@code v1*e1 + v2*e2}
     * @param base        R0 + R1(1 - e1) + R2(1 - e2)
     * @param socPerA     SOC change per ampere over the sub-step
     * @param leadPerA    lead gained per ampere over the sub-step, {@code D (1 - e)}
     * @param chargeShare share of a charge current that reaches the electrodes' state of charge
     */
    private double regulate(int i, double x, double ocv, double slope, double rcVoltage, double base,
                            double socPerA, double leadPerA, double chargeShare) {
        Chemistry chem = chemistry[i];
        int bits = ChannelStatus.OK;
        double current = modeCurrent(i, slope, ocv, rcVoltage, base, socPerA, leadPerA, chargeShare);
        Mode m = mode[i];
        if (m == Mode.CV || m == Mode.CP || m == Mode.CR || (m == Mode.CCCV && latchedCv[i])) {
            double dSoc = socChange(i, current, socPerA, leadPerA, chargeShare);
            if (dSoc != 0) {
                double secant = (chem.ocv(x + dSoc) - ocv) / dSoc;
                current = modeCurrent(i, secant, ocv, rcVoltage, base, socPerA, leadPerA, chargeShare);
            }
        }
        if (current > MAX_CURRENT_A || current < -MAX_CURRENT_A) {
            current = current > 0 ? MAX_CURRENT_A : -MAX_CURRENT_A;
            bits |= ChannelStatus.OVER_CURRENT;
        }
        double end = chem.ocv(x + socChange(i, current, socPerA, leadPerA, chargeShare)) + rcVoltage
                + base * current;
        if (end > MAX_VOLTAGE_V) {
            current = holdVoltage(i, MAX_VOLTAGE_V, x, ocv, slope, rcVoltage, base, socPerA, leadPerA, chargeShare);
            bits |= ChannelStatus.OVER_VOLTAGE;
        } else if (end < MIN_VOLTAGE_V) {
            current = holdVoltage(i, MIN_VOLTAGE_V, x, ocv, slope, rcVoltage, base, socPerA, leadPerA, chargeShare);
        }
        status[i] = bits;
        return current;
    }

    /**
     * The current the channel's mode asks for, with the OCV taken as linear with slope {@code s}
     * over the sub-step: {@code V_end = e + r*I}, r depending on the current's sign.
     */
    private double modeCurrent(int i, double s, double ocv, double rcVoltage, double base, double socPerA,
                               double leadPerA, double chargeShare) {
        double e = ocv + rcVoltage - s * socPerA * leakA[i];
        double rCharge = base + s * (socPerA * chargeShare + leadPerA);
        double rDischarge = base + s * (socPerA + leadPerA);
        return switch (mode[i]) {
            case CC -> setpointA[i];
            case CV -> clamp(thevenin(setpointA[i], e, rCharge, rDischarge), -setpointB[i], setpointB[i]);
            case CCCV -> {
                double cc = setpointA[i];
                double target = setpointB[i];
                if (!latchedCv[i]) {
                    double end = e + (cc > 0 ? rCharge : rDischarge) * cc;
                    latchedCv[i] = cc > 0 ? end > target : end < target;
                }
                if (!latchedCv[i]) {
                    yield cc;
                }
                double hold = thevenin(target, e, rCharge, rDischarge);
                yield cc > 0 ? clamp(hold, 0, cc) : clamp(hold, cc, 0);
            }
            case CP -> constantPower(setpointA[i], e, setpointA[i] > 0 ? rCharge : rDischarge);
            case CR -> -e / (setpointA[i] + rDischarge);
            case REST -> 0;
        };
    }

    /** Surface SOC change over the sub-step at {@code current}: the bulk's and the lead's. */
    private double socChange(int i, double current, double socPerA, double leadPerA, double chargeShare) {
        return ((current > 0 ? current * chargeShare : current) - leakA[i]) * socPerA + current * leadPerA;
    }

    /**
     * The current that ends the sub-step at {@code target} volts, refined with the OCV secant
     * until it settles (a sub-step that runs from the wall onto the clamped end of the table
     * needs more than one refinement). Only on the hardware-limit path, so the extra passes cost
     * nothing in normal running.
     */
    private double holdVoltage(int i, double target, double x, double ocv, double slope, double rcVoltage,
                               double base, double socPerA, double leadPerA, double chargeShare) {
        double leak = leakA[i];
        double current = thevenin(target, ocv + rcVoltage - slope * socPerA * leak,
                base + slope * (socPerA * chargeShare + leadPerA), base + slope * (socPerA + leadPerA));
        for (int k = 0; k < HOLD_REFINEMENTS; k++) {
            double dSoc = socChange(i, current, socPerA, leadPerA, chargeShare);
            if (dSoc == 0) {
                return current;
            }
            double secant = (chemistry[i].ocv(x + dSoc) - ocv) / dSoc;
            double refined = thevenin(target, ocv + rcVoltage - secant * socPerA * leak,
                    base + secant * (socPerA * chargeShare + leadPerA), base + secant * (socPerA + leadPerA));
            if (refined == current) {
                return current;
            }
            current = refined;
        }
        return current;
    }

    /** The current that makes {@code e + r*I = target}, with r depending on the current's sign. */
    private static double thevenin(double target, double e, double rCharge, double rDischarge) {
        double drive = target - e;
        return drive >= 0 ? drive / rCharge : drive / rDischarge;
    }

    /**
     * Root of {@code r I^2 + e I - p = 0} with the sign of {@code p}, in the form that stays
     * accurate for small power; the maximum power point when {@code p} cannot be delivered.
     */
    private static double constantPower(double p, double e, double r) {
        double discriminant = e * e + 4 * r * p;
        if (discriminant < 0) {
            return -e / (2 * r);
        }
        return 2 * p / (e + Math.sqrt(discriminant));
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }
}
