package org.cycler.core.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.Defect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Matched packs beat sorted chunking on every criterion and use each cell exactly once. */
class PackMatcherTest {

    /**
     * A graded lot as the simulator makes it: true capacity, DCIR about 2 % above R0 with 0.2 %
     * noise, OCV after a partial charge 3.62 V +- 3 mV. Defective cells are left out, as grading would.
     */
    static List<PackMatcher.Cell> lot(int count, long seed) {
        List<CellParameters> cells = CellLot.generate(Chemistry.NMC, 5.0, count, seed, 0.0);
        SplittableRandom random = new SplittableRandom(seed);
        List<PackMatcher.Cell> out = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            CellParameters c = cells.get(i);
            if (c.defect() == Defect.NONE) {
                out.add(new PackMatcher.Cell(String.format(Locale.ROOT, "C-%03d", i + 1), i + 1, "A", c.capacityAh(),
                        c.r0Ohm() * (1.02 + 0.002 * random.nextGaussian()), 3.62 + 0.003 * random.nextGaussian()));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}S{1}P from {2} cells")
    @CsvSource({"4, 2, 30", "4, 2, 64", "12, 3, 200", "3, 4, 25"})
    void matchedPacksBeatSortedChunksOnEveryCriterion(int series, int parallel, int count) {
        List<PackMatcher.Cell> cells = lot(count, 7);
        PackMatcher.Plan naive = PackMatcher.sortedChunks(cells, series, parallel);
        PackMatcher.Plan matched = PackMatcher.match(cells, series, parallel, PackMatcher.DEFAULT_SEED);
        PackMatcher.Spread n = naive.worst();
        PackMatcher.Spread m = matched.worst();
        String figures = String.format(Locale.ROOT, "worst series spread %.4f vs %.4f Ah, DCIR %.3f vs %.3f mOhm, "
                + "OCV %.2f vs %.2f mV", m.seriesCapacityAh(), n.seriesCapacityAh(), m.dcirOhm() * 1e3, n.dcirOhm() * 1e3,
                m.ocvV() * 1e3, n.ocvV() * 1e3);
        assertTrue(m.seriesCapacityAh() < n.seriesCapacityAh(), figures);
        assertTrue(m.dcirOhm() < n.dcirOhm(), figures);
        assertTrue(m.ocvV() < n.ocvV(), figures);
        assertEquals(naive.packs().size(), matched.packs().size());
        assertUsesEveryCellOnce(cells, matched);
        assertUsesEveryCellOnce(cells, naive);
    }

    @Test
    void theSameSeedGivesTheSamePlan() {
        List<PackMatcher.Cell> cells = lot(40, 3);
        assertEquals(PackMatcher.match(cells, 4, 2, 5), PackMatcher.match(cells, 4, 2, 5));
    }

    @Test
    void tooFewCellsMakeNoPackAndLeaveEveryCellOver() {
        List<PackMatcher.Cell> cells = lot(5, 3);
        PackMatcher.Plan plan = PackMatcher.match(cells, 4, 2, 1);
        assertTrue(plan.packs().isEmpty());
        assertEquals(cells.size(), plan.leftOver().size());
    }

    private static void assertUsesEveryCellOnce(List<PackMatcher.Cell> cells, PackMatcher.Plan plan) {
        Set<String> seen = new HashSet<>();
        for (PackMatcher.Group g : plan.groups()) {
            assertEquals(plan.parallel(), g.cells().size());
            g.cells().forEach(c -> assertTrue(seen.add(c.barcode()), c.barcode()));
        }
        plan.leftOver().forEach(c -> assertTrue(seen.add(c.barcode()), c.barcode()));
        assertEquals(cells.size(), seen.size());
        plan.packs().forEach(p -> assertEquals(plan.series(), p.series().size()));
    }
}
