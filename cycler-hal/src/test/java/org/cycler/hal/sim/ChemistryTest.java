package org.cycler.hal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChemistryTest {

    private static final double EXACT = 1e-12;

    @Test
    void ocvAtTheWindowEdgesIsTheRatedVoltage() {
        assertEquals(3.00, Chemistry.NMC.ocv(0.0), EXACT);
        assertEquals(4.17, Chemistry.NMC.ocv(1.0), EXACT, "NMC rests at 4.17 V after a standard charge");
        assertEquals(4.20, Chemistry.NMC.ocv(1.014), EXACT, "and reaches the charge voltage on a float charge");
        assertEquals(3.00, Chemistry.NMC.emptyVoltageV(), EXACT);
        assertEquals(4.20, Chemistry.NMC.chargeVoltageV(), EXACT);
        assertEquals(2.75, Chemistry.NMC.dischargeCutoffV(), EXACT);
        assertEquals(2.50, Chemistry.LFP.ocv(0.0), EXACT);
        assertEquals(3.60, Chemistry.LFP.ocv(1.0), EXACT);
        assertEquals(2.50, Chemistry.LFP.emptyVoltageV(), EXACT);
        assertEquals(3.60, Chemistry.LFP.chargeVoltageV(), EXACT);
        assertEquals(2.50, Chemistry.LFP.dischargeCutoffV(), EXACT);
    }

    @Test
    void lookupInterpolatesLinearlyBetweenTablePoints() {
        assertEquals(3.805, Chemistry.NMC.ocv(0.55), EXACT);
        assertEquals(0.7, Chemistry.NMC.slope(0.55), 1e-9);
        assertEquals(2.5, Chemistry.NMC.ocv(-0.0015), EXACT);
        assertEquals(4.40, Chemistry.NMC.ocv(1.0155), EXACT);
        assertEquals(3.29, Chemistry.LFP.ocv(0.4), EXACT);
    }

    @ParameterizedTest
    @EnumSource(Chemistry.class)
    void clampsOutsideTheTable(Chemistry chemistry) {
        assertEquals(2.0, chemistry.ocv(chemistry.socMin() - 0.5), EXACT);
        assertEquals(chemistry.ocv(chemistry.socMax()), chemistry.ocv(5.0), EXACT);
        assertEquals(0.0, chemistry.slope(-1.0));
        assertEquals(0.0, chemistry.slope(2.0));
    }

    @ParameterizedTest
    @EnumSource(Chemistry.class)
    void ocvRisesStrictlyAcrossTheTable(Chemistry chemistry) {
        double previous = Double.NEGATIVE_INFINITY;
        for (double soc = chemistry.socMin(); soc <= chemistry.socMax(); soc += 1e-4) {
            double ocv = chemistry.ocv(soc);
            assertTrue(ocv > previous, () -> chemistry + " OCV does not rise at SOC " + ocv);
            previous = ocv;
        }
    }

    @ParameterizedTest
    @EnumSource(Chemistry.class)
    void slopeIsTheDerivativeOfOcv(Chemistry chemistry) {
        SplittableRandom random = new SplittableRandom(1);
        double h = 1e-7;
        for (int k = 0; k < 1_000; k++) {
            double soc = chemistry.socMin() + random.nextDouble() * (chemistry.socMax() - chemistry.socMin());
            double fraction = (soc - chemistry.socMin()) / Chemistry.GRID_STEP;
            if (fraction - Math.floor(fraction) < 0.01 || fraction - Math.floor(fraction) > 0.99) {
                continue; // a grid point: the derivative jumps there
            }
            double numeric = (chemistry.ocv(soc + h) - chemistry.ocv(soc - h)) / (2 * h);
            assertEquals(numeric, chemistry.slope(soc), 1e-4 * Math.max(1, numeric), "slope at SOC " + soc);
        }
    }

    /** Keeps the current of a constant-voltage hold near either end decaying monotonically. */
    @ParameterizedTest
    @EnumSource(Chemistry.class)
    void slopesNeverFlattenFromMidSocTowardsEitherEnd(Chemistry chemistry) {
        double mid = 0.5;
        double previous = 0;
        for (double soc = mid; soc < chemistry.socMax(); soc += Chemistry.GRID_STEP / 2) {
            double slope = chemistry.slope(soc);
            assertTrue(slope >= previous - 1e-9, chemistry + " slope falls at SOC " + soc);
            previous = slope;
        }
        previous = 0;
        for (double soc = mid - Chemistry.GRID_STEP / 2; soc > chemistry.socMin(); soc -= Chemistry.GRID_STEP / 2) {
            double slope = chemistry.slope(soc);
            assertTrue(slope >= previous - 1e-9, chemistry + " slope falls at SOC " + soc);
            previous = slope;
        }
    }

    @Test
    void referenceCellsHaveTheDatasheetValues() {
        CellParameters nmc = Chemistry.NMC.typicalCell(5.0);
        assertEquals(0.018, nmc.r0Ohm(), EXACT);
        assertEquals(0.008, nmc.r1Ohm(), EXACT);
        assertEquals(30.0, nmc.tau1S(), EXACT);
        assertEquals(0.020, nmc.r2Ohm(), EXACT);
        assertEquals(1200.0, nmc.tau2S(), EXACT);
        assertEquals(0.0014, nmc.diffusionSocPerA(), EXACT);
        assertEquals(1200.0, nmc.tauDiffusionS(), EXACT);
        assertEquals(0.0, Chemistry.LFP.typicalCell(3.0).diffusionSocPerA(), "LFP has no diffusion lead");
        assertEquals(20e-6, nmc.leakageCurrentA(), EXACT);
        assertEquals(0.5, nmc.seiLossAh(), EXACT);
        assertEquals(65.0, nmc.heatCapacityJPerK(), EXACT);
        assertEquals(0.10, nmc.heatTransferWPerK(), EXACT);
        assertEquals(Chemistry.FRESH_SOC, nmc.initialSoc());
        assertEquals(Defect.NONE, nmc.defect());
        assertEquals(3.0, Chemistry.LFP.referenceCapacityAh());
    }

    @Test
    void typicalValuesScaleWithCapacity() {
        CellParameters big = Chemistry.NMC.typicalCell(5.0);
        CellParameters small = Chemistry.NMC.typicalCell(2.5);
        assertEquals(2 * big.r0Ohm(), small.r0Ohm(), EXACT);
        assertEquals(2 * big.r2Ohm(), small.r2Ohm(), EXACT);
        assertEquals(big.tau1S(), small.tau1S(), EXACT);
        assertEquals(big.heatCapacityJPerK() / 2, small.heatCapacityJPerK(), EXACT);
        assertEquals(big.leakageCurrentA() / 2, small.leakageCurrentA(), EXACT);
        assertEquals(big.heatTransferWPerK() / Math.pow(2, 2.0 / 3), small.heatTransferWPerK(), EXACT);
    }
}
