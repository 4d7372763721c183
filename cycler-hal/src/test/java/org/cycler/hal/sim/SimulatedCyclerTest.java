package org.cycler.hal.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelCommand.CcCv;
import org.cycler.hal.ChannelCommand.ConstantCurrent;
import org.cycler.hal.ChannelCommand.ConstantPower;
import org.cycler.hal.ChannelCommand.ConstantResistance;
import org.cycler.hal.ChannelCommand.ConstantVoltage;
import org.cycler.hal.ChannelCommand.Rest;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Measurements;
import org.cycler.hal.VirtualTicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedCyclerTest {

    private static final CellParameters NMC = Chemistry.NMC.typicalCell(5.0);
    private static final double MID_SOC = 0.5;

    @Test
    void identityNamesTheSimulatorItsChannelsAndSerial() {
        VirtualTicker ticker = new VirtualTicker();
        SimulatedCycler cycler = new SimulatedCycler(ticker, List.of(NMC, NMC, NMC), 25);
        assertEquals(3, cycler.channelCount());
        assertEquals("Cycler,SIM-3,sim-0," + SimulatedCycler.FIRMWARE, cycler.identity().toString());
        assertEquals("sim-42", new SimulatedCycler(ticker, List.of(NMC), 25, "sim-42").identity().serial());
        assertEquals(List.of(NMC, NMC, NMC), cycler.cells());
    }

    @Test
    void applyAndReadReadsAtTheInstantTheSetpointsTookEffect() {
        VirtualTicker ticker = new VirtualTicker();
        SimulatedCycler together = new SimulatedCycler(ticker, List.of(NMC.asFormed(MID_SOC), NMC.asFormed(MID_SOC)), 25);
        SimulatedCycler apart = new SimulatedCycler(ticker, List.of(NMC.asFormed(MID_SOC), NMC.asFormed(MID_SOC)), 25);
        Measurements a = new Measurements(2);
        Measurements b = new Measurements(2);
        List<ChannelCommand> pulse = List.of(new ConstantCurrent(1, -10.0), new ConstantCurrent(2, 2.5));
        ticker.advance(Duration.ofSeconds(30));
        together.applyAndRead(pulse, a);
        apart.apply(pulse);
        apart.read(b);
        for (int ch = 1; ch <= 2; ch++) {
            assertEquals(b.voltage(ch), a.voltage(ch), 0.0, "channel " + ch);
            assertEquals(b.current(ch), a.current(ch), 0.0, "channel " + ch);
        }
        assertEquals(-10.0, a.current(1));
        assertTrue(a.voltage(1) < 3.77 - 10 * 0.01, "the pulse's drop through R0 is in the first reading: " + a.voltage(1));
        assertThrows(IllegalArgumentException.class, () -> together.applyAndRead(pulse, new Measurements(3)));
    }

    @Test
    void restGivesZeroCurrentAndTheOpenCircuitVoltage() {
        SimRig rig = new SimRig(NMC.asFormed(MID_SOC));
        Measurements m = rig.read();
        assertEquals(0.0, m.current(1));
        assertEquals(3.77, m.voltage(1), 1e-12);
        assertEquals(SimRig.AMBIENT_C, m.temperature(1));
        assertEquals(ChannelStatus.OK, m.status(1));
        rig.ticker.advance(Duration.ofHours(1));
        assertEquals(0.0, rig.read().current(1));
        rig.apply(new ConstantCurrent(1, 2.0));
        rig.tick();
        rig.apply(new Rest(1));
        assertEquals(0.0, rig.read().current(1));
        assertEquals(0.0, rig.tick().current(1));
    }

    @ParameterizedTest
    @ValueSource(doubles = {2.5, -2.5, 10.0, -25.0})
    void theInstantaneousVoltageStepIsCurrentTimesR0(double currentA) {
        SimRig rig = new SimRig(NMC.asFormed(MID_SOC));
        double before = rig.read().voltage(1);
        rig.apply(new ConstantCurrent(1, currentA));
        assertEquals(currentA * NMC.r0Ohm(), rig.read().voltage(1) - before, 1e-12, "at the instant of the step");
        rig.ticker.advance(Duration.ofMillis(1));
        Measurements m = rig.read();
        assertEquals(currentA, m.current(1));
        double drop = m.voltage(1) - before;
        assertEquals(currentA * NMC.r0Ohm(), drop, 0.01 * Math.abs(currentA * NMC.r0Ohm()), "1 ms after the step");
    }

    @Test
    void constantVoltageHoldsTheSetpointWithinTheCurrentLimit() {
        SimRig rig = new SimRig(NMC.asFormed(MID_SOC));
        double limit = 2.0;
        rig.apply(new ConstantVoltage(1, 4.0, limit));
        assertEquals(limit, rig.read().current(1), "a cell far below the setpoint draws the limit");
        double previous = limit;
        boolean held = false;
        for (int s = 0; s < 4 * 3600; s++) {
            Measurements m = rig.tick();
            assertTrue(m.current(1) <= limit && m.current(1) > 0);
            if (m.current(1) < limit) {
                held = true;
                assertEquals(4.0, m.voltage(1), 1e-6);
                assertTrue(m.current(1) <= previous);
            } else {
                assertTrue(m.voltage(1) < 4.0);
            }
            previous = m.current(1);
        }
        assertTrue(held && previous < 0.2, "CV current should decay: " + previous);
    }

    @Test
    void constantVoltageBelowTheCellDischargesIt() {
        SimRig rig = new SimRig(NMC.asFormed(MID_SOC));
        rig.apply(new ConstantVoltage(1, 3.7, 1.0));
        for (int s = 0; s < 600; s++) {
            Measurements m = rig.tick();
            assertTrue(m.current(1) < 0 && m.current(1) >= -1.0);
            if (m.current(1) > -1.0) {
                assertEquals(3.7, m.voltage(1), 1e-6);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Chemistry.class)
    void ccCvChargeCurrentDecaysMonotonicallyToTheCutoff(Chemistry chemistry) {
        CellParameters cell = chemistry.typicalCell(chemistry.referenceCapacityAh()).asFormed(0.0);
        double cc = cell.capacityAh() / 2;
        double cutoff = cell.capacityAh() / 20;
        double top = chemistry.chargeVoltageV();
        SimRig rig = new SimRig(cell);
        rig.apply(new CcCv(1, cc, top));
        boolean cv = false;
        double previous = cc;
        int cvSeconds = 0;
        for (int s = 0; s < 10 * 3600 && previous >= cutoff; s++) {
            Measurements m = rig.tick();
            double current = m.current(1);
            if (!cv && current < cc) {
                cv = true;
                assertTrue(current > 0.5 * cc, "no gap between the CC and CV phases: " + current);
            }
            if (cv) {
                cvSeconds++;
                assertTrue(current <= previous, "CV current rose at " + s + " s: " + previous + " -> " + current);
                assertEquals(top, m.voltage(1), 1e-3, "CV voltage at " + s + " s");
            } else {
                assertEquals(cc, current);
                assertTrue(m.voltage(1) <= top, "CC phase overshot the setpoint: " + m.voltage(1));
            }
            previous = current;
        }
        assertTrue(cvSeconds > 10 && previous < cutoff, "reached C/20 after " + cvSeconds + " s of CV");
        assertTrue(rig.cycler.trueSoc(1) > 0.995);
    }

    @Test
    void ccCvDischargeHoldsTheLowerVoltageWithoutReversing() {
        SimRig rig = new SimRig(NMC.asFormed(1.0));
        rig.apply(new CcCv(1, -2.5, 3.3));
        double previous = -2.5;
        for (int s = 0; s < 8 * 3600; s++) {
            Measurements m = rig.tick();
            double current = m.current(1);
            assertTrue(current <= 0 && current >= previous, "at " + s + " s: " + previous + " -> " + current);
            assertTrue(m.voltage(1) >= 3.3 - 1e-3);
            previous = current;
        }
        assertTrue(previous > -0.05, "discharge CV current should have decayed: " + previous);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-10.0, -2.0, 5.0})
    void constantPowerHoldsVoltageTimesCurrent(double powerW) {
        SimRig rig = new SimRig(NMC.asFormed(powerW < 0 ? 0.9 : 0.2));
        rig.apply(new ConstantPower(1, powerW));
        assertEquals(powerW, rig.read().voltage(1) * rig.read().current(1), 1e-9 * Math.abs(powerW));
        for (int s = 0; s < 1800; s++) {
            Measurements m = rig.tick();
            assertEquals(powerW, m.voltage(1) * m.current(1), 1e-5 * Math.abs(powerW), "at " + s + " s");
            assertEquals(Math.signum(powerW), Math.signum(m.current(1)));
        }
    }

    @Test
    void constantPowerBeyondTheCellSettlesAtItsMaximumPowerPoint() {
        CellParameters weak = new CellParameters(Chemistry.NMC, 5.0, 0.1, 0.008, 30, 0.006, 600, 0, 600, 0, 0, MID_SOC,
                65, 0.1, Defect.HIGH_RESISTANCE);
        SimRig rig = new SimRig(weak);
        double ocv = rig.read().voltage(1);
        rig.apply(new ConstantPower(1, -100.0));
        Measurements m = rig.read();
        assertEquals(-ocv / (2 * weak.r0Ohm()), m.current(1), 1e-9);
        assertEquals(ocv / 2, m.voltage(1), 1e-9);
    }

    @Test
    void constantResistanceFollowsOhmsLaw() {
        double load = 1.5;
        SimRig rig = new SimRig(NMC.asFormed(0.9));
        rig.apply(new ConstantResistance(1, load));
        for (int s = 0; s < 3600; s++) {
            Measurements m = rig.tick();
            assertTrue(m.current(1) < 0);
            assertEquals(-m.voltage(1) / load, m.current(1), 1e-6 * Math.abs(m.current(1)), "at " + s + " s");
        }
    }

    @Test
    void highCurrentHeatsTheCellAndRestLetsItCoolToAmbient() {
        // The slow RC pair (20 minutes) dissipates its charge as heat through the first hour of
        // rest; switched off here, so the cooling seen is the thermal model's alone.
        CellParameters cell = NMC.asFormed(1.0);
        cell = new CellParameters(cell.chemistry(), cell.capacityAh(), cell.r0Ohm(), cell.r1Ohm(), cell.tau1S(), 0.0,
                cell.tau2S(), cell.diffusionSocPerA(), cell.tauDiffusionS(), cell.leakageCurrentA(), cell.seiLossAh(),
                cell.initialSoc(), cell.heatCapacityJPerK(), cell.heatTransferWPerK(), cell.defect());
        SimRig rig = new SimRig(cell);
        double current = -15.0;
        rig.apply(new ConstantCurrent(1, current));
        for (int s = 0; s < 10; s++) {
            rig.tick();
        }
        double ohmicRise = current * current * NMC.r0Ohm() * 10 / NMC.heatCapacityJPerK();
        assertEquals(ohmicRise, rig.m.temperature(1) - SimRig.AMBIENT_C, 0.05 * ohmicRise,
                "the first seconds are ohmic heating of the heat capacity");
        for (int s = 0; s < 600; s++) {
            rig.tick();
        }
        double hot = rig.m.temperature(1);
        assertTrue(hot > SimRig.AMBIENT_C + 10, "3C for 10 minutes should heat a 21700 by more than 10 K: " + hot);

        rig.rest(Duration.ofHours(1));
        double rise1 = rig.m.temperature(1) - SimRig.AMBIENT_C;
        assertTrue(rise1 > 0 && rise1 < hot - SimRig.AMBIENT_C);
        rig.ticker.advance(Duration.ofMinutes(10));
        double rise2 = rig.read().temperature(1) - SimRig.AMBIENT_C;
        double expected = Math.exp(-600 * NMC.heatTransferWPerK() / NMC.heatCapacityJPerK());
        assertEquals(expected, rise2 / rise1, 0.01 * expected, "Newton cooling with tau = C/h");
        rig.ticker.advance(Duration.ofHours(3));
        assertEquals(SimRig.AMBIENT_C, rig.read().temperature(1), 0.01);
    }

    @Test
    void aCurrentBeyondTheChannelIsClampedAndReported() {
        SimRig rig = new SimRig(NMC.asFormed(MID_SOC));
        rig.apply(new ConstantCurrent(1, -60.0));
        Measurements m = rig.tick();
        assertEquals(-SimulatedCycler.MAX_CURRENT_A, m.current(1));
        assertEquals(ChannelStatus.OVER_CURRENT, m.status(1));
        rig.apply(new ConstantCurrent(1, -5.0));
        assertEquals(ChannelStatus.OK, rig.tick().status(1));
    }

    @Test
    void theChannelCannotDriveTheCellAboveItsVoltageRange() {
        SimRig rig = new SimRig(NMC.asFormed(1.0));
        rig.apply(new ConstantCurrent(1, 20.0));
        boolean limited = false;
        for (int s = 0; s < 600; s++) {
            Measurements m = rig.tick();
            assertTrue(m.voltage(1) <= SimulatedCycler.MAX_VOLTAGE_V + 1e-9, "voltage " + m.voltage(1));
            if ((m.status(1) & ChannelStatus.OVER_VOLTAGE) != 0) {
                limited = true;
                assertEquals(SimulatedCycler.MAX_VOLTAGE_V, m.voltage(1), 1e-6);
                assertTrue(m.current(1) < 20.0);
            }
        }
        assertTrue(limited, "overcharging at 20 A should hit the channel's voltage range");
    }

    @Test
    void aCellAboveTheHardwareTemperatureLimitIsReported() {
        SimRig rig = new SimRig(NMC.asFormed(1.0));
        rig.apply(new ConstantCurrent(1, -SimulatedCycler.MAX_CURRENT_A));
        boolean seen = false;
        for (int s = 0; s < 300; s++) {
            Measurements m = rig.tick();
            boolean hot = m.temperature(1) > SimulatedCycler.MAX_TEMPERATURE_C;
            assertEquals(hot, (m.status(1) & ChannelStatus.OVER_TEMPERATURE) != 0, "at " + m.temperature(1) + " degC");
            seen |= hot;
        }
        assertTrue(seen, "50 A on a 5 Ah cell for 5 minutes should pass 80 degC");
    }

    @Test
    void aBatchChangesOnlyItsOwnChannels() {
        List<CellParameters> lot = CellLot.generate(Chemistry.NMC, 5.0, 4, 3, 0.0).stream()
                .map(c -> c.asFormed(MID_SOC)).toList();
        SimRig changed = new SimRig(lot);
        SimRig untouched = new SimRig(lot);
        for (SimRig rig : List.of(changed, untouched)) {
            rig.apply(new ConstantCurrent(2, 1.0), new ConstantCurrent(4, -1.0));
            rig.tick();
        }
        changed.apply(new ConstantVoltage(1, 3.9, 2.0), new ConstantPower(3, -4.0));
        for (int s = 0; s < 600; s++) {
            Measurements a = changed.tick();
            Measurements b = untouched.tick();
            for (int ch : new int[] {2, 4}) {
                assertEquals(b.voltage(ch), a.voltage(ch));
                assertEquals(b.current(ch), a.current(ch));
                assertEquals(b.temperature(ch), a.temperature(ch));
            }
            assertEquals(1.0, a.current(2));
            assertEquals(-1.0, a.current(4));
            assertNotEquals(b.current(1), a.current(1));
            assertNotEquals(b.current(3), a.current(3));
        }
    }

    @Test
    void aBatchNamingAMissingChannelAppliesNothing() {
        SimRig rig = new SimRig(List.of(NMC.asFormed(MID_SOC), NMC.asFormed(MID_SOC)));
        assertThrows(IllegalArgumentException.class,
                () -> rig.apply(new ConstantCurrent(1, 1.0), new ConstantCurrent(3, 1.0)));
        assertEquals(0.0, rig.tick().current(1));
        assertThrows(IllegalArgumentException.class, () -> rig.cycler.read(new Measurements(3)));
    }

    @Test
    void theSameSeedGivesTheSameTrajectory() {
        assertArrayEquals(trajectory(9), trajectory(9));
        assertFalse(Arrays.equals(trajectory(9), trajectory(10)));
    }

    /** Every reading of a short formation-like script on a seeded lot, flattened. */
    private static double[] trajectory(long seed) {
        SimRig rig = new SimRig(CellLot.generate(Chemistry.NMC, 5.0, 6, seed, 0.5));
        List<Double> readings = new ArrayList<>();
        List<ChannelCommand> script = new ArrayList<>();
        for (int ch = 1; ch <= rig.channels(); ch++) {
            script.add(new CcCv(ch, 2.5, 4.2));
        }
        rig.cycler.apply(script);
        for (int s = 0; s < 7200; s++) {
            Measurements m = rig.tick();
            for (int ch = 1; ch <= rig.channels(); ch++) {
                readings.add(m.voltage(ch));
                readings.add(m.current(ch));
                readings.add(m.temperature(ch));
            }
        }
        return readings.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void oneLargeClockJumpIntegratesLikeOneSecondTicks() {
        SimRig jumping = new SimRig(NMC);
        SimRig ticking = new SimRig(NMC);
        for (SimRig rig : List.of(jumping, ticking)) {
            rig.apply(new CcCv(1, 2.5, 4.2));
        }
        jumping.ticker.advance(Duration.ofHours(3));
        for (int s = 0; s < 3 * 3600; s++) {
            ticking.tick();
        }
        assertEquals(ticking.read().voltage(1), jumping.read().voltage(1));
        assertEquals(ticking.read().current(1), jumping.read().current(1));
        assertEquals(ticking.cycler.trueSoc(1), jumping.cycler.trueSoc(1));
        assertEquals(ticking.cycler.seiRemainingAh(1), jumping.cycler.seiRemainingAh(1));
    }

    @Test
    void realTimeTicksOf100MillisecondsAgreeWithOneSecondTicks() {
        SimRig fine = new SimRig(NMC.asFormed(0.1));
        SimRig coarse = new SimRig(NMC.asFormed(0.1));
        for (SimRig rig : List.of(fine, coarse)) {
            rig.apply(new CcCv(1, 5.0, 4.2));
        }
        for (int s = 0; s < 2 * 3600; s++) {
            coarse.tick();
            for (int k = 0; k < 10; k++) {
                fine.ticker.advance(Duration.ofMillis(100));
                fine.read();
            }
        }
        assertEquals(coarse.cycler.trueSoc(1), fine.cycler.trueSoc(1), 1e-4);
        assertEquals(coarse.read().current(1), fine.read().current(1), 1e-3);
        assertEquals(coarse.read().voltage(1), fine.read().voltage(1), 1e-6);
    }

    @Test
    void closeTurnsEveryOutputOffAndEndsUse() {
        SimRig rig = new SimRig(NMC.asFormed(MID_SOC));
        rig.apply(new ConstantCurrent(1, 5.0));
        rig.tick();
        rig.cycler.close();
        rig.cycler.close();
        double soc = rig.cycler.trueSoc(1);
        rig.ticker.advance(Duration.ofHours(1));
        assertEquals(soc - NMC.leakageCurrentA() / (5.0 * 3600) * 3600, rig.cycler.trueSoc(1), 1e-12);
        assertThrows(IllegalStateException.class, rig::read);
        assertThrows(IllegalStateException.class, () -> rig.apply(new Rest(1)));
    }
}
