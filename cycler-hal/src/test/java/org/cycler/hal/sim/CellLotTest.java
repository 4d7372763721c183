package org.cycler.hal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;

class CellLotTest {

    private static final double NOMINAL_AH = 5.0;
    private static final int LOT = 1_000;
    private static final double SHARE = 0.05;
    private static final double SECONDS_PER_DAY = 86_400;
    private static final CellParameters TYPICAL = Chemistry.NMC.typicalCell(NOMINAL_AH);

    @Test
    void theSameSeedGivesTheSameLot() {
        assertEquals(CellLot.generate(Chemistry.NMC, NOMINAL_AH, 200, 42, SHARE),
                CellLot.generate(Chemistry.NMC, NOMINAL_AH, 200, 42, SHARE));
    }

    @Test
    void anotherSeedGivesAnotherLot() {
        assertNotEquals(CellLot.generate(Chemistry.NMC, NOMINAL_AH, 20, 42, SHARE),
                CellLot.generate(Chemistry.NMC, NOMINAL_AH, 20, 43, SHARE));
    }

    @Test
    void aCellDoesNotDependOnLotSizeOrDefectShare() {
        List<CellParameters> small = CellLot.generate(Chemistry.LFP, 3.0, 10, 7, 0.0);
        List<CellParameters> large = CellLot.generate(Chemistry.LFP, 3.0, 100, 7, 0.0);
        assertEquals(small, large.subList(0, 10));
        List<CellParameters> defective = CellLot.generate(Chemistry.LFP, 3.0, 100, 7, 0.2);
        for (int i = 0; i < large.size(); i++) {
            if (defective.get(i).defect() == Defect.NONE) {
                assertEquals(large.get(i), defective.get(i), "cell " + i);
            }
        }
    }

    @Test
    void freshCellsStartNearlyEmptyAndUnformed() {
        for (CellParameters cell : CellLot.generate(Chemistry.NMC, NOMINAL_AH, 50, 1, SHARE)) {
            assertEquals(Chemistry.FRESH_SOC, cell.initialSoc());
            assertTrue(cell.seiLossAh() > 0.08 * NOMINAL_AH && cell.seiLossAh() < 0.12 * NOMINAL_AH);
        }
    }

    @Test
    void theDefectShareIsRespectedAndEveryKindOccurs() {
        List<CellParameters> lot = CellLot.generate(Chemistry.NMC, NOMINAL_AH, LOT, 11, SHARE);
        Map<Defect, Integer> kinds = new EnumMap<>(Defect.class);
        for (CellParameters cell : lot) {
            kinds.merge(cell.defect(), 1, Integer::sum);
        }
        assertEquals(Math.round(SHARE * LOT), LOT - kinds.get(Defect.NONE));
        for (Defect kind : List.of(Defect.LOW_CAPACITY, Defect.HIGH_RESISTANCE, Defect.HIGH_SELF_DISCHARGE)) {
            assertTrue(kinds.getOrDefault(kind, 0) >= 5, kind + ": " + kinds);
        }
        assertEquals(0, CellLot.generate(Chemistry.NMC, NOMINAL_AH, LOT, 11, 0.0).stream()
                .filter(c -> c.defect() != Defect.NONE).count());
    }

    @Test
    void goodCellsSpreadWithTheDocumentedSigmas() {
        List<CellParameters> good = CellLot.generate(Chemistry.NMC, NOMINAL_AH, 4 * LOT, 5, 0.0);
        assertSpread(good, c -> c.capacityAh() / NOMINAL_AH, 1.0, CellLot.CAPACITY_SIGMA);
        assertSpread(good, c -> c.r0Ohm() / TYPICAL.r0Ohm(), 1.0, CellLot.RESISTANCE_SIGMA);
        assertSpread(good, c -> Math.log(c.leakageCurrentA() / TYPICAL.leakageCurrentA()), 0.0,
                CellLot.LEAKAGE_LOG_SIGMA);
        for (CellParameters cell : good) {
            assertEquals(cell.r0Ohm() / TYPICAL.r0Ohm(), cell.r1Ohm() / TYPICAL.r1Ohm(), 1e-9);
        }
    }

    /** Mean within 4 standard errors, standard deviation within 10 %. */
    private static void assertSpread(List<CellParameters> cells, ToDoubleFunction<CellParameters> value,
                                     double mean, double sigma) {
        double[] x = cells.stream().mapToDouble(value).toArray();
        double m = 0;
        for (double v : x) {
            m += v / x.length;
        }
        double var = 0;
        for (double v : x) {
            var += (v - m) * (v - m) / (x.length - 1);
        }
        double sd = Math.sqrt(var);
        assertEquals(mean, m, 4 * sigma / Math.sqrt(x.length), "mean");
        assertEquals(sigma, sd, 0.1 * sigma, "standard deviation");
    }

    @Test
    void defectsHaveTheirDocumentedMagnitudes() {
        for (CellParameters cell : CellLot.generate(Chemistry.NMC, NOMINAL_AH, LOT, 3, 0.3)) {
            switch (cell.defect()) {
                case LOW_CAPACITY -> inRange(cell.capacityAh() / NOMINAL_AH, 0.80 * 0.96, 0.90 * 1.04);
                case HIGH_RESISTANCE -> inRange(cell.r0Ohm() / TYPICAL.r0Ohm(), 1.8 * 0.8, 2.5 * 1.2);
                case HIGH_SELF_DISCHARGE -> inRange(cell.leakageCurrentA() / TYPICAL.leakageCurrentA(), 50, 200);
                case NONE -> inRange(cell.capacityAh() / NOMINAL_AH, 0.95, 1.05);
            }
        }
    }

    @Test
    void selfDischargeDefectsStandOutOfTheLotByTheirKValue() {
        List<CellParameters> lot = CellLot.generate(Chemistry.NMC, NOMINAL_AH, LOT, 17, 0.1);
        double worstGood = 0;
        double mildestLeaky = Double.POSITIVE_INFINITY;
        double slope = Chemistry.NMC.slope(0.55);
        for (CellParameters cell : lot) {
            double kMvPerDay = 1e3 * slope * cell.leakageCurrentA() * SECONDS_PER_DAY / (3600 * cell.capacityAh());
            if (cell.defect() == Defect.HIGH_SELF_DISCHARGE) {
                mildestLeaky = Math.min(mildestLeaky, kMvPerDay);
            } else {
                worstGood = Math.max(worstGood, kMvPerDay);
            }
        }
        assertTrue(mildestLeaky > 3.0, "a leaky cell should lose several mV/day: " + mildestLeaky);
        assertTrue(mildestLeaky > 5 * worstGood, mildestLeaky + " mV/day vs good " + worstGood);
    }

    @Test
    void rejectsAnEmptyLotAndAShareOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> CellLot.generate(Chemistry.NMC, NOMINAL_AH, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> CellLot.generate(Chemistry.NMC, NOMINAL_AH, 5, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> CellLot.generate(Chemistry.NMC, -1, 5, 1, 0));
    }

    private static void inRange(double value, double low, double high) {
        assertTrue(value >= low && value <= high, value + " not within " + low + ".." + high);
    }
}
