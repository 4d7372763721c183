package org.cycler.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cycler.hal.ChannelCommand.CcCv;
import org.cycler.hal.ChannelCommand.ConstantCurrent;
import org.cycler.hal.ChannelCommand.ConstantPower;
import org.cycler.hal.ChannelCommand.ConstantResistance;
import org.cycler.hal.ChannelCommand.ConstantVoltage;
import org.cycler.hal.ChannelCommand.Rest;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Cycler} contract, run over every implementation: the simulator, the SCPI driver on
 * the emulator over TCP, and over a pseudo-terminal. Every implementation holds the same four
 * formed cells at half charge on a virtual clock the test moves, so the figures are exact and
 * nothing sleeps; a reference simulator on the same cells and clock says what every reading must
 * be.
 */
public abstract class CyclerContractTest {

    protected static final int CHANNELS = 4;
    protected static final double AMBIENT_C = 25.0;
    /** Readings cross the wire to 1 uV and 1 uA. */
    protected static final double WIRE_RESOLUTION = 1.5e-6;
    private static final double HALF_CHARGED = 0.5;

    protected final VirtualTicker ticker = new VirtualTicker();
    protected final List<CellParameters> cells = List.of(
            Chemistry.NMC.typicalCell(5.0).asFormed(HALF_CHARGED),
            Chemistry.NMC.typicalCell(5.0).asFormed(HALF_CHARGED),
            Chemistry.NMC.typicalCell(5.0).asFormed(HALF_CHARGED),
            Chemistry.NMC.typicalCell(5.0).asFormed(HALF_CHARGED));
    protected Cycler cycler;
    protected SimulatedCycler reference;
    protected final Measurements m = new Measurements(CHANNELS);
    private final Measurements expected = new Measurements(CHANNELS);

    /** The implementation under test, holding {@link #cells} on {@link #ticker}'s clock. */
    protected abstract Cycler create() throws Exception;

    /** Puts a hardware fault on {@code channel} (or ends it), as the hardware would report it. */
    protected abstract void injectHardwareFault(int channel, boolean faulted);

    /**
     * Returns once the commands applied so far act on the cells. A cycler at the end of a link
     * takes setpoints without waiting for the device; on the virtual clock the test must not move
     * time before the device has them, as real time would not move in the microseconds that takes.
     */
    protected void settle() {
    }

    /**
     * Whether the implementation measures temperature; one that has no sensor reports NaN on
     * every channel instead of the cells' temperature.
     */
    protected boolean measuresTemperature() {
        return true;
    }

    /**
     * Whether the hardware regulates {@code mode}; a command in a mode it does not is refused
     * as a state: the channel holds 0 A and reports {@link ChannelStatus#HARDWARE_FAULT}, and
     * {@link Cycler#lastProblem()} names the mode.
     */
    protected boolean regulates(Mode mode) {
        return true;
    }

    /** Releases whatever {@link #create()} started besides the cycler. */
    protected void release() throws Exception {
    }

    @BeforeEach
    void connect() throws Exception {
        reference = new SimulatedCycler(ticker, cells, AMBIENT_C);
        cycler = create();
    }

    @AfterEach
    void disconnect() throws Exception {
        try {
            cycler.close();
        } finally {
            release();
        }
    }

    /** Applies to the cycler under test and the reference alike. */
    protected void apply(ChannelCommand... commands) {
        cycler.apply(List.of(commands));
        reference.apply(List.of(commands));
        settle();
    }

    /** Moves the clock, reads both, and checks every channel against the reference. */
    protected Measurements advance(Duration duration) {
        ticker.advance(duration);
        return readAndCompare();
    }

    protected Measurements readAndCompare() {
        cycler.read(m);
        reference.read(expected);
        for (int ch = 1; ch <= CHANNELS; ch++) {
            assertEquals(expected.voltage(ch), m.voltage(ch), WIRE_RESOLUTION, "voltage, channel " + ch);
            assertEquals(expected.current(ch), m.current(ch), WIRE_RESOLUTION, "current, channel " + ch);
            assertEquals(measuresTemperature() ? expected.temperature(ch) : Double.NaN, m.temperature(ch), 1e-3,
                    "temperature, channel " + ch);
            assertEquals(expected.status(ch), m.status(ch), "status, channel " + ch);
        }
        return m;
    }

    @Test
    void itNamesItselfAndItsChannels() {
        assertEquals(CHANNELS, cycler.channelCount());
        CyclerIdentity id = cycler.identity();
        assertFalse(id.manufacturer().isBlank());
        assertFalse(id.model().isBlank());
        assertEquals(4, id.toString().split(",").length, id.toString());
    }

    @Test
    void freshChannelsRestAtTheOpenCircuitVoltage() {
        Measurements r = readAndCompare();
        for (int ch = 1; ch <= CHANNELS; ch++) {
            assertEquals(0.0, r.current(ch));
            assertEquals(Chemistry.NMC.ocv(HALF_CHARGED), r.voltage(ch), WIRE_RESOLUTION);
            assertEquals(measuresTemperature() ? AMBIENT_C : Double.NaN, r.temperature(ch), 1e-3);
            assertEquals(ChannelStatus.OK, r.status(ch));
        }
    }

    @Test
    void constantCurrentChargesAndDischargesAtTheSetpoint() {
        apply(new ConstantCurrent(1, 2.5), new ConstantCurrent(2, -2.5));
        Measurements r = advance(Duration.ofMinutes(1));
        assertEquals(2.5, r.current(1), WIRE_RESOLUTION);
        assertEquals(-2.5, r.current(2), WIRE_RESOLUTION);
        assertTrue(r.voltage(1) > r.voltage(3) && r.voltage(2) < r.voltage(3), "charge raises, discharge lowers");
        assertEquals(0.0, r.current(3));
    }

    @Test
    void constantVoltageHoldsTheVoltageWithinItsCurrentLimit() {
        apply(new ConstantVoltage(1, 3.9, 2.0), new ConstantVoltage(2, 3.6, 3.0));
        for (int k = 0; k < 120; k++) {
            Measurements r = advance(Duration.ofSeconds(30));
            assertTrue(r.current(1) > 0 && r.current(1) <= 2.0 + WIRE_RESOLUTION, "charges within the limit");
            assertTrue(r.current(2) < 0 && r.current(2) >= -3.0 - WIRE_RESOLUTION, "discharges within the limit");
            assertTrue(r.voltage(1) <= 3.9 + 1e-4, "never above the setpoint");
        }
        assertEquals(3.9, m.voltage(1), 1e-4);
        assertEquals(3.6, m.voltage(2), 1e-4);
    }

    @Test
    void ccCvChargesAtItsCurrentThenHoldsItsVoltage() {
        apply(new CcCv(1, 2.5, 3.9));
        assertEquals(2.5, advance(Duration.ofSeconds(1)).current(1), WIRE_RESOLUTION);
        double previous = 2.5;
        for (int k = 0; k < 60; k++) {
            Measurements r = advance(Duration.ofMinutes(1));
            assertTrue(r.current(1) <= previous + WIRE_RESOLUTION && r.current(1) >= 0, "the current only decays");
            previous = r.current(1);
        }
        assertEquals(3.9, m.voltage(1), 1e-4);
        assertTrue(m.current(1) < 2.5);
    }

    /** A mode the hardware does not regulate: the channel holds 0 A flagged as a fault, the others go on. */
    private void assertRefused(ChannelCommand command) {
        cycler.apply(List.of(new ConstantCurrent(1, 1.0), command));
        reference.apply(List.of(new ConstantCurrent(1, 1.0)));
        settle();
        ticker.advance(Duration.ofSeconds(10));
        cycler.read(m);
        assertEquals(ChannelStatus.HARDWARE_FAULT, m.status(command.channel()));
        assertEquals(0.0, m.current(command.channel()), WIRE_RESOLUTION);
        assertTrue(cycler.lastProblem().contains(command.mode().name()), cycler.lastProblem());
        assertEquals(ChannelStatus.OK, m.status(1));
        assertEquals(1.0, m.current(1), WIRE_RESOLUTION);
        apply(new Rest(command.channel()));
        assertEquals(ChannelStatus.OK, advance(Duration.ofSeconds(1)).status(command.channel()));
    }

    @Test
    void constantPowerDeliversThePower() {
        if (!regulates(Mode.CP)) {
            assertRefused(new ConstantPower(2, 8.0));
            return;
        }
        apply(new ConstantPower(1, -10.0), new ConstantPower(2, 8.0));
        Measurements r = advance(Duration.ofMinutes(5));
        assertEquals(-10.0, r.voltage(1) * r.current(1), 1e-4);
        assertEquals(8.0, r.voltage(2) * r.current(2), 1e-4);
    }

    @Test
    void constantResistanceDischargesThroughTheLoad() {
        if (!regulates(Mode.CR)) {
            assertRefused(new ConstantResistance(2, 2.0));
            return;
        }
        apply(new ConstantResistance(1, 2.0));
        Measurements r = advance(Duration.ofMinutes(5));
        assertEquals(-r.voltage(1) / 2.0, r.current(1), 1e-4);
    }

    @Test
    void restTurnsTheOutputOff() {
        apply(new ConstantCurrent(1, -3.0));
        advance(Duration.ofSeconds(10));
        apply(new Rest(1));
        assertEquals(0.0, advance(Duration.ofSeconds(1)).current(1));
    }

    @Test
    void oneBatchSetsEveryChannelAndChannelsLeftOutKeepTheirSetpoint() {
        boolean power = regulates(Mode.CP);
        apply(new ConstantCurrent(1, 1.0), new ConstantCurrent(2, 1.0),
                power ? new ConstantPower(3, -4.0) : new ConstantCurrent(3, -1.1), new ConstantVoltage(4, 3.6, 0.5));
        advance(Duration.ofSeconds(10));
        apply(new ConstantCurrent(1, -1.0));
        Measurements r = advance(Duration.ofSeconds(10));
        assertEquals(-1.0, r.current(1), WIRE_RESOLUTION);
        assertEquals(1.0, r.current(2), WIRE_RESOLUTION);
        if (power) {
            assertEquals(-4.0, r.voltage(3) * r.current(3), 1e-4);
        } else {
            assertEquals(-1.1, r.current(3), WIRE_RESOLUTION);
        }
        for (int k = 0; k < 100; k++) {
            advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void aHardwareFaultShowsOnItsChannelOnlyWithTheOutputOff() {
        List<ChannelCommand> all = new ArrayList<>();
        for (int ch = 1; ch <= CHANNELS; ch++) {
            all.add(new ConstantCurrent(ch, 1.0));
        }
        cycler.apply(all);
        settle();
        ticker.advance(Duration.ofSeconds(5));
        injectHardwareFault(3, true);
        ticker.advance(Duration.ofSeconds(5));
        cycler.read(m);
        assertEquals(ChannelStatus.HARDWARE_FAULT, m.status(3));
        assertEquals(0.0, m.current(3));
        for (int ch : new int[] {1, 2, 4}) {
            assertEquals(ChannelStatus.OK, m.status(ch));
            assertEquals(1.0, m.current(ch), WIRE_RESOLUTION);
        }
        injectHardwareFault(3, false);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertEquals(ChannelStatus.OK, m.status(3));
        assertEquals(0.0, m.current(3), "the output stays off until commanded again");
    }

    @Test
    void aDemandBeyondTheHardwareIsClampedAndFlagged() {
        if (!regulates(Mode.CR)) {
            assertRefused(new ConstantResistance(4, 0.01));
            return;
        }
        apply(new ConstantResistance(4, 0.01));
        Measurements r = advance(Duration.ofSeconds(1));
        assertEquals(ChannelStatus.OVER_CURRENT, r.status(4));
        assertEquals(-SimulatedCycler.MAX_CURRENT_A, r.current(4), WIRE_RESOLUTION);
        assertEquals(ChannelStatus.OK, r.status(1));
    }

    @Test
    void aCommandForAChannelItDoesNotHaveIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> cycler.apply(List.of(new ConstantCurrent(CHANNELS + 1, 1.0))));
        assertThrows(IllegalArgumentException.class, () -> cycler.read(new Measurements(CHANNELS + 1)));
    }

    @Test
    void closeIsIdempotentAndEndsUse() {
        apply(new ConstantCurrent(1, 1.0));
        cycler.close();
        cycler.close();
        assertThrows(IllegalStateException.class, () -> cycler.read(m));
    }
}
