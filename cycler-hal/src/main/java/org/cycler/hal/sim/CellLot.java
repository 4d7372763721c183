package org.cycler.hal.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A production lot of fresh (unformed, SOC 0) simulated cells with manufacturing spread and a
 * share of defective cells, deterministic for a seed.
 *
 * <p>Each cell starts from {@link Chemistry#typicalCell(double)} at the nominal capacity and
 * draws, independently:
 * <ul>
 *   <li>capacity x N(1, {@value #CAPACITY_SIGMA});</li>
 *   <li>one resistance factor N(1, {@value #RESISTANCE_SIGMA}) applied to R0, R1, R2 and the
 *       diffusion lead alike (electrode thickness and contact vary them together);</li>
 *   <li>leakage x lognormal with median 1 and log-sigma {@value #LEAKAGE_LOG_SIGMA};</li>
 *   <li>SEI loss x N(1, {@value #SEI_SIGMA}).</li>
 * </ul>
 * Then exactly {@code round(defectShare * count)} cells, at seeded random positions, get one
 * defect each, the kind chosen uniformly:
 * <ul>
 *   <li>{@link Defect#LOW_CAPACITY}: capacity x U(0.80, 0.90);</li>
 *   <li>{@link Defect#HIGH_RESISTANCE}: R0 x U(1.8, 2.5);</li>
 *   <li>{@link Defect#HIGH_SELF_DISCHARGE}: leakage = the typical leakage x U(50, 200), which
 *       on the reference NMC cell is 1 to 4 mA, a K-value of several mV/day at mid SOC.</li>
 * </ul>
 *
 * <p>Every cell draws from its own random stream split off the seed, and the defect positions
 * from another, so a cell's spread does not depend on the lot size or the defect share.
 * Stateless and thread-safe.
 */
public final class CellLot {

    /** Relative standard deviation of capacity. */
    public static final double CAPACITY_SIGMA = 0.01;
    /** Relative standard deviation of the resistances. */
    public static final double RESISTANCE_SIGMA = 0.05;
    /** Standard deviation of ln(leakage). */
    public static final double LEAKAGE_LOG_SIGMA = 0.5;
    /** Relative standard deviation of the SEI loss. */
    public static final double SEI_SIGMA = 0.03;

    /** Capacity factor range of a {@link Defect#LOW_CAPACITY} cell. */
    public static final double LOW_CAPACITY_MIN = 0.80;
    public static final double LOW_CAPACITY_MAX = 0.90;
    /** R0 factor range of a {@link Defect#HIGH_RESISTANCE} cell. */
    public static final double HIGH_RESISTANCE_MIN = 1.8;
    public static final double HIGH_RESISTANCE_MAX = 2.5;
    /** Leakage factor range, over the typical leakage, of a {@link Defect#HIGH_SELF_DISCHARGE} cell. */
    public static final double HIGH_LEAKAGE_MIN = 50.0;
    public static final double HIGH_LEAKAGE_MAX = 200.0;

    private static final Defect[] DEFECT_KINDS = {
        Defect.LOW_CAPACITY, Defect.HIGH_RESISTANCE, Defect.HIGH_SELF_DISCHARGE
    };

    private CellLot() {
    }

    /**
     * Generates a lot. The same arguments always give an equal list.
     *
     * @param chemistry         the cells' chemistry
     * @param nominalCapacityAh the lot's mean capacity, Ah, positive
     * @param count             number of cells, one or more
     * @param seed              random seed
     * @param defectShare       fraction of cells with a defect, 0..1
     * @return the cells, unmodifiable, in channel order
     */
    public static List<CellParameters> generate(Chemistry chemistry, double nominalCapacityAh, int count,
                                                long seed, double defectShare) {
        if (count < 1) {
            throw new IllegalArgumentException("a lot has at least one cell: " + count);
        }
        if (!(defectShare >= 0 && defectShare <= 1)) {
            throw new IllegalArgumentException("defect share must be within 0..1: " + defectShare);
        }
        CellParameters typical = chemistry.typicalCell(nominalCapacityAh);
        SplittableRandom root = new SplittableRandom(seed);
        Defect[] defects = placeDefects(root.split(), count, defectShare);
        List<CellParameters> cells = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cells.add(draw(typical, root.split(), defects[i]));
        }
        return List.copyOf(cells);
    }

    private static Defect[] placeDefects(SplittableRandom random, int count, double defectShare) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Defect[] defects = new Defect[count];
        Arrays.fill(defects, Defect.NONE);
        int defective = (int) Math.round(defectShare * count);
        for (int k = 0; k < defective; k++) {
            int pick = k + random.nextInt(count - k);
            int position = order[pick];
            order[pick] = order[k];
            order[k] = position;
            defects[position] = DEFECT_KINDS[random.nextInt(DEFECT_KINDS.length)];
        }
        return defects;
    }

    private static CellParameters draw(CellParameters typical, SplittableRandom random, Defect defect) {
        double capacity = typical.capacityAh() * (1 + CAPACITY_SIGMA * random.nextGaussian());
        double resistance = 1 + RESISTANCE_SIGMA * random.nextGaussian();
        double leakage = typical.leakageCurrentA() * Math.exp(LEAKAGE_LOG_SIGMA * random.nextGaussian());
        double sei = typical.seiLossAh() * (1 + SEI_SIGMA * random.nextGaussian());
        double severity = random.nextDouble();
        double r0 = typical.r0Ohm() * resistance;
        switch (defect) {
            case LOW_CAPACITY -> capacity *= between(LOW_CAPACITY_MIN, LOW_CAPACITY_MAX, severity);
            case HIGH_RESISTANCE -> r0 *= between(HIGH_RESISTANCE_MIN, HIGH_RESISTANCE_MAX, severity);
            case HIGH_SELF_DISCHARGE ->
                    leakage = typical.leakageCurrentA() * between(HIGH_LEAKAGE_MIN, HIGH_LEAKAGE_MAX, severity);
            case NONE -> {
            }
        }
        return new CellParameters(typical.chemistry(), capacity, r0,
                typical.r1Ohm() * resistance, typical.tau1S(),
                typical.r2Ohm() * resistance, typical.tau2S(),
                typical.diffusionSocPerA() * resistance, typical.tauDiffusionS(),
                leakage, sei, typical.initialSoc(),
                typical.heatCapacityJPerK(), typical.heatTransferWPerK(), defect);
    }

    private static double between(double low, double high, double fraction) {
        return low + (high - low) * fraction;
    }
}
