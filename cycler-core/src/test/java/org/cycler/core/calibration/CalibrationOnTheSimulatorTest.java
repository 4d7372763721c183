package org.cycler.core.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cycler.core.schedule.RunClock;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Cycler;
import org.cycler.hal.Measurements;
import org.cycler.hal.calibration.CalibratedCycler;
import org.cycler.hal.calibration.ChannelCalibration;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.sim.SimulatedInstrument;
import org.junit.jupiter.api.Test;

/**
 * On the simulator, whose instrument errors are known, calibrating every channel against the truth
 * removes its gain and offset errors: afterwards its readings differ from the cell's true values by
 * noise only, and a setpoint delivers what it asks.
 */
class CalibrationOnTheSimulatorTest {

    private static final int CHANNELS = 4;
    private static final long SEED = 7;
    private static final double CC_A = 2.0;
    private static final double V_SPAN = 0.2;
    private static final int READINGS = 600;
    private static final ChannelCalibrator.Procedure PROCEDURE = new ChannelCalibrator.Procedure(Duration.ofSeconds(2),
            200, Duration.ofMillis(100), 20.0);

    private static SimulatedCycler cabinet(RunClock clock) {
        return new SimulatedCycler(clock.ticker(), CellLot.generate(Chemistry.NMC, 5.0, CHANNELS, SEED, 0), 25,
                SimulatedCycler.DEFAULT_SERIAL, new SimulatedInstrument(AccuracyClass.CABINET, CHANNELS, SEED, SEED));
    }

    /** The errors the simulator drew, as the calibration that undoes them. */
    private static ChannelCalibration truth(int channel) {
        SimulatedInstrument.ChannelErrors e = SimulatedInstrument.errors(AccuracyClass.CABINET, CHANNELS, SEED)
                .get(channel - 1);
        return new ChannelCalibration(1 + e.voltageGainError(), e.voltageOffsetV(), 1 + e.currentGainError(),
                e.currentOffsetA());
    }

    /** Calibrates every channel against the cell's true values in each state the calibrator holds it in. */
    private static List<ChannelCalibration> calibrateAgainstTheTruth() throws Exception {
        RunClock clock = RunClock.virtual();
        SimulatedCycler sim = cabinet(clock);
        ChannelCalibrator calibrator = new ChannelCalibrator(sim, clock, PROCEDURE);
        List<ChannelCalibration> found = new ArrayList<>();
        for (int ch = 1; ch <= CHANNELS; ch++) {
            ChannelCalibration t = truth(ch);
            double low = Math.rint((sim.trueVoltage(ch) - V_SPAN) * 1000) / 1000;
            double high = low + 2 * V_SPAN;
            // held at a voltage setpoint the channel holds its reading there, so the cell is at (S - offset) / gain;
            // at a current setpoint likewise; at rest no current flows
            List<ChannelCalibrator.Reference> v = List.of(
                    new ChannelCalibrator.Reference(t.voltage(low), new ChannelCalibrator.Hold.Voltage(low)),
                    new ChannelCalibrator.Reference(t.voltage(high), new ChannelCalibrator.Hold.Voltage(high)));
            List<ChannelCalibrator.Reference> i = List.of(
                    new ChannelCalibrator.Reference(0, new ChannelCalibrator.Hold.Rest()),
                    new ChannelCalibrator.Reference(t.current(CC_A), new ChannelCalibrator.Hold.Current(CC_A)));
            found.add(calibrator.calibrate(ch, v, i, ChannelCalibration.IDENTITY).calibration());
        }
        return found;
    }

    @Test
    void calibratingAgainstTheTruthFindsTheDrawnGainsAndOffsets() throws Exception {
        List<ChannelCalibration> found = calibrateAgainstTheTruth();
        for (int ch = 1; ch <= CHANNELS; ch++) {
            ChannelCalibration t = truth(ch);
            ChannelCalibration c = found.get(ch - 1);
            assertEquals(t.currentOffsetA(), c.currentOffsetA(), 0.15e-3, "current offset, channel " + ch);
            assertEquals(t.currentGain(), c.currentGain(), 1e-4, "current gain, channel " + ch);
            assertEquals(t.voltageGain(), c.voltageGain(), 1e-4, "voltage gain, channel " + ch);
            // what matters is the voltage the pair gives in the cell's range, not the offset at 0 V alone
            assertEquals(t.voltage(3.7), c.voltage(3.7), 0.05e-3, "voltage at 3.7 V, channel " + ch);
        }
    }

    @Test
    void withTheCalibrationReadingsDifferFromTheTruthByNoiseOnly() throws Exception {
        List<ChannelCalibration> calibration = calibrateAgainstTheTruth();
        Errors raw = charge(null);
        Errors calibrated = charge(calibration);
        for (int ch = 1; ch <= CHANNELS; ch++) {
            ChannelCalibration t = truth(ch);
            int k = ch - 1;
            // without calibration the channel reads its drawn error and delivers (setpoint - offset) / gain
            double drawnI = t.currentGain() * raw.meanTrueA[k] + t.currentOffsetA() - raw.meanTrueA[k];
            assertEquals(drawnI, raw.meanCurrentErrorA[k], 0.05e-3, "uncalibrated current error, channel " + ch);
            assertEquals(t.current(CC_A), raw.meanTrueA[k], 1e-6, "uncalibrated delivered current, channel " + ch);
            double drawnV = (t.voltageGain() - 1) * raw.meanTrueV[k] + t.voltageOffsetV();
            assertEquals(drawnV, raw.meanVoltageErrorV[k], 0.02e-3, "uncalibrated voltage error, channel " + ch);
            // with it, what is left is within the noise of the readings and of the calibration's own averages
            assertEquals(0, calibrated.meanCurrentErrorA[k], 0.15e-3, "calibrated current error, channel " + ch);
            assertEquals(0, calibrated.meanVoltageErrorV[k], 0.05e-3, "calibrated voltage error, channel " + ch);
            assertEquals(CC_A, calibrated.meanTrueA[k], 0.15e-3, "calibrated delivered current, channel " + ch);
            assertTrue(Math.abs(drawnI) > 0.3e-3 || Math.abs(drawnV) > 0.1e-3,
                    "channel " + ch + " has errors worth removing");
        }
    }

    /** Mean reading-minus-truth of each channel over a charge at {@value #CC_A} A. */
    private record Errors(double[] meanCurrentErrorA, double[] meanVoltageErrorV, double[] meanTrueA,
                          double[] meanTrueV) {
    }

    private static Errors charge(List<ChannelCalibration> calibration) {
        RunClock clock = RunClock.virtual();
        SimulatedCycler sim = cabinet(clock);
        Cycler cycler = calibration == null ? sim : new CalibratedCycler(sim, calibration);
        List<ChannelCommand> commands = new ArrayList<>();
        for (int ch = 1; ch <= CHANNELS; ch++) {
            commands.add(new ChannelCommand.ConstantCurrent(ch, CC_A));
        }
        cycler.apply(commands);
        Measurements m = new Measurements(CHANNELS);
        double[] di = new double[CHANNELS];
        double[] dv = new double[CHANNELS];
        double[] ti = new double[CHANNELS];
        double[] tv = new double[CHANNELS];
        long t = 0;
        for (int n = 0; n < READINGS; n++) {
            t = clock.awaitUntil(t + Duration.ofMillis(100).toNanos());
            cycler.read(m);
            for (int ch = 1; ch <= CHANNELS; ch++) {
                double trueI = sim.trueCurrent(ch);
                double trueV = sim.trueVoltage(ch);
                di[ch - 1] += (m.current(ch) - trueI) / READINGS;
                dv[ch - 1] += (m.voltage(ch) - trueV) / READINGS;
                ti[ch - 1] += trueI / READINGS;
                tv[ch - 1] += trueV / READINGS;
            }
        }
        cycler.close();
        return new Errors(di, dv, ti, tv);
    }
}
