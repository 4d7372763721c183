package org.cycler.hal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Measurements;
import org.cycler.hal.VirtualTicker;
import org.cycler.hal.sim.SimulatedInstrument.ChannelErrors;
import org.junit.jupiter.api.Test;

class SimulatedInstrumentTest {

    private static final long TICK_NANOS = 100_000_000L;
    private static final int CHANNELS = 8;
    private static final List<CellParameters> CELLS = CellLot.generate(Chemistry.NMC, 5.0, CHANNELS, 3, 0);

    private static SimulatedCycler cycler(VirtualTicker ticker, AccuracyClass accuracy, long noiseSeed) {
        return new SimulatedCycler(ticker, CELLS, 25, "sim-3", new SimulatedInstrument(accuracy, CHANNELS, 3, noiseSeed));
    }

    @Test
    void anIdealInstrumentReportsExactlyWhatTheModelHolds() {
        VirtualTicker plainTicker = new VirtualTicker();
        VirtualTicker idealTicker = new VirtualTicker();
        SimulatedCycler plain = new SimulatedCycler(plainTicker, CELLS, 25, "sim-3");
        SimulatedCycler ideal = cycler(idealTicker, AccuracyClass.IDEAL, 9);
        Measurements a = new Measurements(CHANNELS);
        Measurements b = new Measurements(CHANNELS);
        plain.apply(List.of(new ChannelCommand.CcCv(1, 2.5, 4.2), new ChannelCommand.ConstantCurrent(2, -1)));
        ideal.apply(List.of(new ChannelCommand.CcCv(1, 2.5, 4.2), new ChannelCommand.ConstantCurrent(2, -1)));
        for (int k = 0; k < 50; k++) {
            plainTicker.advanceNanos(TICK_NANOS);
            idealTicker.advanceNanos(TICK_NANOS);
            plain.read(a);
            ideal.read(b);
            for (int ch = 1; ch <= CHANNELS; ch++) {
                assertEquals(a.voltage(ch), b.voltage(ch), 0.0);
                assertEquals(a.current(ch), b.current(ch), 0.0);
                assertEquals(a.temperature(ch), b.temperature(ch), 0.0);
            }
        }
        assertEquals(AccuracyClass.IDEAL, ideal.accuracy());
    }

    @Test
    void eachChannelDrawsFixedErrorsWithinTheClassBoundsFromTheSeed() {
        List<ChannelErrors> errors = SimulatedInstrument.errors(AccuracyClass.CABINET, 64, 3);
        assertEquals(errors, SimulatedInstrument.errors(AccuracyClass.CABINET, 64, 3), "deterministic for the seed");
        assertEquals(errors.subList(0, 8), SimulatedInstrument.errors(AccuracyClass.CABINET, 8, 3),
                "a channel's errors do not depend on the channel count");
        assertNotEquals(errors, SimulatedInstrument.errors(AccuracyClass.CABINET, 64, 4));
        for (ChannelErrors e : errors) {
            assertTrue(Math.abs(e.currentGainError()) <= AccuracyClass.CABINET.currentGainError());
            assertTrue(Math.abs(e.currentOffsetA()) <= AccuracyClass.CABINET.currentOffsetA());
            assertTrue(Math.abs(e.voltageGainError()) <= AccuracyClass.CABINET.voltageGainError());
            assertTrue(Math.abs(e.voltageOffsetV()) <= AccuracyClass.CABINET.voltageOffsetV());
        }
        assertTrue(errors.stream().anyMatch(e -> e.currentGainError() > 0)
                && errors.stream().anyMatch(e -> e.currentGainError() < 0), "errors of both signs");
    }

    @Test
    void aCabinetMeetsItsSetpointOnItsOwnReadingWhileTheTruthCarriesTheChannelsError() {
        VirtualTicker ticker = new VirtualTicker();
        SimulatedCycler sim = cycler(ticker, AccuracyClass.CABINET, 11);
        Measurements m = new Measurements(CHANNELS);
        sim.apply(List.of(new ChannelCommand.ConstantCurrent(1, -1.0), new ChannelCommand.Rest(2)));
        int n = 2000;
        double sumI = 0;
        double sumSqI = 0;
        double sumRestI = 0;
        double sumDv = 0;
        for (int k = 0; k < n; k++) {
            ticker.advanceNanos(TICK_NANOS);
            sim.read(m);
            sumI += m.current(1);
            sumSqI += m.current(1) * m.current(1);
            sumRestI += m.current(2);
            sumDv += m.voltage(2) - sim.trueVoltage(2);
        }
        ChannelErrors e1 = SimulatedInstrument.errors(AccuracyClass.CABINET, CHANNELS, 3).get(0);
        ChannelErrors e2 = SimulatedInstrument.errors(AccuracyClass.CABINET, CHANNELS, 3).get(1);
        double meanI = sumI / n;
        double sigmaI = Math.sqrt(sumSqI / n - meanI * meanI);
        assertEquals(-1.0, meanI, 0.0001, "the reading meets the setpoint, noise averaged out");
        assertEquals(AccuracyClass.CABINET.currentNoiseA(), sigmaI, 0.0001, "white noise of the class");
        assertEquals((-1.0 - e1.currentOffsetA()) / (1 + e1.currentGainError()), sim.trueCurrent(1), 1e-12,
                "the true current carries the channel's gain and offset");
        assertEquals(e2.currentOffsetA(), sumRestI / n, 0.0001, "an output at rest reads its offset");
        double trueV = sim.trueVoltage(2);
        assertEquals(e2.voltageGainError() * trueV + e2.voltageOffsetV(), sumDv / n, 0.00002,
                "the voltage reads with the channel's gain and offset");
    }

    @Test
    void readingsFallOnTheAdcSteps() {
        VirtualTicker ticker = new VirtualTicker();
        SimulatedCycler sim = cycler(ticker, AccuracyClass.CABINET, 5);
        Measurements m = new Measurements(CHANNELS);
        sim.apply(List.of(new ChannelCommand.ConstantCurrent(1, 0.5)));
        ticker.advanceNanos(TICK_NANOS);
        sim.read(m);
        double steps = m.voltage(1) / AccuracyClass.CABINET.voltageResolutionV();
        assertEquals(Math.rint(steps), steps, 1e-6);
        double currentSteps = m.current(1) / AccuracyClass.CABINET.currentResolutionA();
        assertEquals(Math.rint(currentSteps), currentSteps, 1e-6);
    }

    @Test
    void differentNoiseSeedsGiveDifferentReadingsOfTheSameChannels() {
        VirtualTicker t1 = new VirtualTicker();
        VirtualTicker t2 = new VirtualTicker();
        SimulatedCycler a = cycler(t1, AccuracyClass.CABINET, 1);
        SimulatedCycler b = cycler(t2, AccuracyClass.CABINET, 2);
        Measurements ma = new Measurements(CHANNELS);
        Measurements mb = new Measurements(CHANNELS);
        int differing = 0;
        for (int k = 0; k < 10; k++) {
            t1.advanceNanos(TICK_NANOS);
            t2.advanceNanos(TICK_NANOS);
            a.read(ma);
            b.read(mb);
            for (int ch = 1; ch <= CHANNELS; ch++) {
                differing += ma.voltage(ch) != mb.voltage(ch) ? 1 : 0;
                assertEquals(a.trueVoltage(ch), b.trueVoltage(ch), 0.0, "the same cells");
            }
        }
        assertTrue(differing > 40, differing + " of 80 voltage readings differ");
    }

    @Test
    void aClassRefusesNegativeOrAbsurdFigures() {
        assertThrows(IllegalArgumentException.class,
                () -> new AccuracyClass("x", -0.001, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new AccuracyClass("x", 0.05, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new AccuracyClass("x", 0, 0, 0, 0, Double.NaN, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new AccuracyClass("x", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5));
    }
}
