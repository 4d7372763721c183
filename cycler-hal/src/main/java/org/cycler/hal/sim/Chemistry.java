package org.cycler.hal.sim;

/**
 * A cell chemistry: its open-circuit voltage curve OCV(SOC), its rated voltage window and the
 * typical equivalent-circuit values of a reference cell.
 *
 * <p><b>State of charge.</b> SOC 0..1 is the cell's rated window: what a standard capacity
 * measurement (CC-CV charge to {@link #chargeVoltageV()} until C/20, rest, C/5 discharge to
 * {@link #dischargeCutoffV()}) moves in and out of a typical cell, so the cell's true capacity is
 * the charge between SOC 0 and 1. {@link #ocv(double) OCV} at SOC 0 is the bottom of the window;
 * steep walls lie just outside both ends (0.3 % of SOC wide), so a cell pushed past an edge
 * reaches a cut-off quickly.
 *
 * <p><b>Why the top lies below the charge voltage (NMC).</b> A real cell's CV current takes tens
 * of minutes to fall to C/20 and still flows at C/50 to C/100 after an hour: the slow RC pair and
 * the surface lead of solid diffusion ({@link CellParameters}) keep the terminal above the OCV,
 * and the charge that flows after the C/20 cut-off (about 1.4 % of capacity, taken by a float
 * charge) is above the rated window. So NMC's OCV reaches {@link #chargeVoltageV()} 1.4 % of SOC
 * above SOC 1, on a gentle slope, and the wall only then; at SOC 1 a cell rests at 4.17 V, as a
 * real cell does after a standard charge. Where the C/20 cut-off lands moves with a cell's
 * resistance (0.03 % of SOC per 10 % of resistance), so spread cells measure within 0.1 % of
 * their true capacity.
 *
 * <p><b>Why the bottom is steep.</b> A C/5 discharge ends with the cell's overpotential
 * standing; for the measured capacity to fall close to the true one that overpotential must be
 * worth little SOC, so NMC's cut-off (2.75 V) lies on the outside wall (0.07 % of SOC below 3.0 V)
 * and LFP falls 300 mV over its first 0.2 %. At rest the surface lead of diffusion relaxes, so
 * the voltage climbs off the wall by hundreds of millivolts.
 *
 * <p><b>LFP</b> keeps the steep top knee inside the window (its last 100 mV over the last 0.2 % of
 * SOC) and has no diffusion lead: on a knee that steep, a lead of even 0.03 % of SOC would stop
 * the CV phase early and make the measured capacity depend on the cell's diffusion. The price is
 * a short CV phase for LFP: a C/2 charge reaches 3.6 V within the last 0.2 % of SOC and the CV
 * current falls to C/20 in well under a minute, where a real LFP cell's rising end-of-charge
 * polarisation stretches it over minutes (the model's resistances do not depend on SOC).
 *
 * <p><b>Why the slopes never flatten towards an end.</b> From mid-SOC to each end the
 * segment slopes never decrease, so the current of a constant-voltage hold near either end
 * (the CV phase of CC-CV) decays monotonically; a flatter segment after a steeper one would
 * let the current bump up while the RC voltages lag.
 *
 * <p><b>Lookup.</b> The table is resampled once onto a uniform grid of {@value #GRID_STEP} SOC
 * (every breakpoint lies on the grid, so the piecewise-linear curve is reproduced exactly);
 * {@link #ocv(double)} and {@link #slope(double)} then cost one multiply and an array read,
 * allocate nothing, and clamp SOC to the table's range. Immutable and thread-safe.
 */
public enum Chemistry {

    /** NMC (lithium nickel manganese cobalt oxide) / graphite; reference cell 5 Ah 21700. */
    NMC("NMC/graphite",
            new double[] {-0.003, 0.000, 0.020, 0.050, 0.100, 0.200, 0.300, 0.400, 0.500,
                0.600, 0.700, 0.800, 0.900, 0.970, 1.000, 1.014, 1.017},
            new double[] {2.000, 3.000, 3.300, 3.450, 3.550, 3.620, 3.670, 3.720, 3.770,
                3.840, 3.920, 4.000, 4.080, 4.140, 4.170, 4.200, 4.600},
            4.20, 2.75,
            new Typical(5.0, 0.018, 0.008, 30.0, 0.020, 1200.0, 0.0014, 1200.0, 20e-6, 0.10, 65.0, 0.10)),

    /** LFP (lithium iron phosphate) / graphite; reference cell 3 Ah 26650. */
    LFP("LFP/graphite",
            new double[] {-0.003, 0.000, 0.002, 0.010, 0.050, 0.100, 0.200, 0.300, 0.400,
                0.500, 0.600, 0.700, 0.800, 0.850, 0.900, 0.950, 0.990, 0.998, 1.000, 1.003},
            new double[] {2.000, 2.500, 2.800, 3.000, 3.200, 3.240, 3.265, 3.280, 3.290,
                3.295, 3.305, 3.315, 3.325, 3.335, 3.350, 3.400, 3.450, 3.500, 3.600, 4.000},
            3.60, 2.50,
            new Typical(3.0, 0.020, 0.010, 40.0, 0.008, 800.0, 0.0, 1200.0, 12e-6, 0.08, 85.0, 0.12));

    /** SOC resolution of the lookup grid; every table breakpoint must be a multiple of it. */
    public static final double GRID_STEP = 0.001;
    /**
     * State of charge of a fresh cell as it comes from filling: a little above empty, so that a
     * leaky cell's self-discharge during a wetting soak shows as a falling OCV, not as an
     * immediate drop through the over-discharge wall.
     */
    public static final double FRESH_SOC = 0.01;

    /** How far off the grid, in grid cells, a breakpoint may lie before the table is rejected. */
    private static final double GRID_TOLERANCE = 1e-6;

    /** Heat transfer grows with surface area, which grows as capacity (volume) to this power. */
    private static final double SURFACE_EXPONENT = 2.0 / 3.0;

    private final String description;
    private final double chargeVoltageV;
    private final double emptyVoltageV;
    private final double dischargeCutoffV;
    private final Typical typical;
    private final double socMin;
    private final double socMax;
    private final double invStep;
    private final int lastCell;
    private final double[] gridOcv;
    private final double[] gridSlope;

    Chemistry(String description, double[] soc, double[] ocv, double chargeVoltageV, double dischargeCutoffV,
              Typical typical) {
        if (soc.length != ocv.length || soc.length < 2) {
            throw new IllegalArgumentException(description + ": SOC and OCV tables differ in length");
        }
        this.description = description;
        this.dischargeCutoffV = dischargeCutoffV;
        this.typical = typical;
        this.socMin = soc[0];
        this.socMax = soc[soc.length - 1];
        this.invStep = 1.0 / GRID_STEP;
        this.lastCell = Math.toIntExact(Math.round((socMax - socMin) / GRID_STEP));
        this.gridOcv = new double[lastCell + 1];
        this.gridSlope = new double[lastCell + 1];
        double empty = Double.NaN;
        boolean hasTop = false;
        for (int j = 0; j + 1 < soc.length; j++) {
            int from = gridIndex(soc[j], description);
            int to = gridIndex(soc[j + 1], description);
            if (to <= from || !(ocv[j + 1] > ocv[j])) {
                throw new IllegalArgumentException(description + ": the OCV table must rise with SOC at " + soc[j]);
            }
            double segmentSlope = (ocv[j + 1] - ocv[j]) / (soc[j + 1] - soc[j]);
            for (int k = from; k < to; k++) {
                gridOcv[k] = ocv[j] + (ocv[j + 1] - ocv[j]) * (k - from) / (to - from);
                gridSlope[k] = segmentSlope;
            }
            if (soc[j] == 0.0) {
                empty = ocv[j];
            }
            if (soc[j + 1] == 1.0) {
                hasTop = !(chargeVoltageV < ocv[j + 1]) && chargeVoltageV < ocv[ocv.length - 1];
            }
        }
        gridOcv[lastCell] = ocv[ocv.length - 1];
        gridSlope[lastCell] = 0.0;
        if (Double.isNaN(empty) || !hasTop || !(socMin < 0) || !(socMax > 1)) {
            throw new IllegalArgumentException(description + ": the table must span SOC 0..1 with walls outside,"
                    + " and reach the charge voltage at or above SOC 1");
        }
        this.emptyVoltageV = empty;
        this.chargeVoltageV = chargeVoltageV;
    }

    private int gridIndex(double soc, String what) {
        double position = (soc - socMin) / GRID_STEP;
        long index = Math.round(position);
        if (Math.abs(position - index) > GRID_TOLERANCE) {
            throw new IllegalArgumentException(what + ": breakpoint " + soc + " is not on the " + GRID_STEP + " grid");
        }
        return Math.toIntExact(index);
    }

    /** A readable name, e.g. {@code "NMC/graphite"}. */
    public String description() {
        return description;
    }

    /**
     * Open-circuit voltage, volts, at {@code soc} (fraction of the rated window); linear between
     * table points, clamped to the table's ends outside its range. No allocation.
     */
    public double ocv(double soc) {
        double x = (soc - socMin) * invStep;
        if (!(x > 0)) {
            return gridOcv[0];
        }
        if (x >= lastCell) {
            return gridOcv[lastCell];
        }
        int k = (int) x;
        return gridOcv[k] + (x - k) * (gridOcv[k + 1] - gridOcv[k]);
    }

    /**
     * dOCV/dSOC, volts per unit SOC, of the table segment holding {@code soc}; zero outside the
     * table, where {@link #ocv(double)} is clamped. At a breakpoint, the slope of the segment
     * above it. No allocation.
     */
    public double slope(double soc) {
        double x = (soc - socMin) * invStep;
        if (x < 0 || x >= lastCell) {
            return 0.0;
        }
        return gridSlope[(int) x];
    }

    /** Lowest SOC in the table (the bottom of the outside wall); below it OCV is clamped. */
    public double socMin() {
        return socMin;
    }

    /** Highest SOC in the table (the top of the outside wall); above it OCV is clamped. */
    public double socMax() {
        return socMax;
    }

    /**
     * The charge (CV) voltage, volts, of a standard charge to the top of the rated window: OCV at
     * SOC 1 for LFP, just above it for NMC (see the class comment).
     */
    public double chargeVoltageV() {
        return chargeVoltageV;
    }

    /** Bottom of the rated window, volts: OCV at SOC 0. */
    public double emptyVoltageV() {
        return emptyVoltageV;
    }

    /** The datasheet discharge cut-off for capacity measurement, volts (2.75 V NMC, 2.5 V LFP). */
    public double dischargeCutoffV() {
        return dischargeCutoffV;
    }

    /** Capacity of the chemistry's reference cell, ampere-hours (5 Ah NMC 21700, 3 Ah LFP 26650). */
    public double referenceCapacityAh() {
        return typical.capacityAh;
    }

    /**
     * A typical, defect-free, fresh (unformed, SOC {@link #FRESH_SOC}) cell of this chemistry with the given true
     * capacity. Scaled from the reference cell: resistances and the diffusion lead per ampere as
     * 1/capacity (electrode area),
     * leakage, SEI loss and heat capacity in proportion to capacity (mass), heat transfer as
     * capacity^(2/3) (surface); time constants unchanged.
     *
     * @param capacityAh true capacity, ampere-hours, positive
     */
    public CellParameters typicalCell(double capacityAh) {
        if (!(capacityAh > 0) || !Double.isFinite(capacityAh)) {
            throw new IllegalArgumentException("capacity must be positive and finite: " + capacityAh);
        }
        double scale = capacityAh / typical.capacityAh;
        return new CellParameters(this, capacityAh,
                typical.r0Ohm / scale, typical.r1Ohm / scale, typical.tau1S,
                typical.r2Ohm / scale, typical.tau2S,
                typical.diffusionSocPerA / scale, typical.tauDiffusionS,
                typical.leakageA * scale, typical.seiLossFraction * capacityAh, FRESH_SOC,
                typical.heatCapacityJPerK * scale,
                typical.heatTransferWPerK * Math.pow(scale, SURFACE_EXPONENT),
                Defect.NONE);
    }

    /**
     * Equivalent-circuit values of the reference cell.
     *
     * @param r2Ohm           with {@code tau2S}, the slow (diffusion) RC pair: on NMC 20 mOhm and
     *                        20 minutes, which with the OCV's slope near the top sets how slowly
     *                        the CV current tails off
     * @param diffusionSocPerA the surface lead of solid diffusion per ampere on the reference
     *                        cell: on NMC 0.14 % of SOC at 1 A, worth about a millivolt mid-SOC and
     *                        about 250 mV on the wall below the cut-off
     * @param leakageA        self-discharge current of a good cell: 20 uA on 5 Ah is about
     *                        0.3 % of capacity a month
     * @param seiLossFraction lithium lost to SEI on the first charge, as a fraction of capacity;
     *                        gives a first-cycle coulombic efficiency of about 1 / (1 + fraction)
     * @param heatTransferWPerK to the air of a formation rack: about 20 W/(m2 K) over the can's
     *                        surface (0.0053 m2 for a 21700, 0.0064 m2 for a 26650); with the heat
     *                        capacity, a thermal time constant of about 11 minutes
     */
    private record Typical(double capacityAh, double r0Ohm, double r1Ohm, double tau1S, double r2Ohm,
                           double tau2S, double diffusionSocPerA, double tauDiffusionS, double leakageA, double seiLossFraction,
                           double heatCapacityJPerK, double heatTransferWPerK) {
    }
}
