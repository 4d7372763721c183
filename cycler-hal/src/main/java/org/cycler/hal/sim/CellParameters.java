package org.cycler.hal.sim;

import java.util.Objects;

/**
 * One simulated cell: the true values behind the equivalent-circuit model that
 * {@link SimulatedCycler} integrates. Immutable; validates itself, so an impossible cell cannot
 * be built.
 *
 * <p>The circuit is OCV(SOC) in series with {@code r0Ohm} and two RC pairs, with the OCV read at
 * the electrode surface: terminal voltage {@code V = OCV(soc + s) + I*R0 + v1 + v2} with {@code I}
 * signed, positive = charge, and {@code s} the surface's lead over the bulk state of charge
 * (solid diffusion), which relaxes like an RC pair: {@code s -> I * diffusionSocPerA} with time
 * constant {@code tauDiffusionS}. Where the OCV is flat the lead is worth a few millivolts; on the
 * steep ends of the curve it is worth hundreds, which is how a cell discharged to its cut-off
 * recovers by hundreds of millivolts at rest. Either RC pair, and the diffusion, may be switched
 * off with a zero resistance (zero {@code diffusionSocPerA}). {@link Chemistry#typicalCell(double)} and
 * {@link CellLot} give realistic values.
 *
 * @param chemistry          the OCV curve
 * @param capacityAh         true usable capacity between SOC 0 and 1 after formation, Ah, positive
 * @param r0Ohm              ohmic (instantaneous) resistance, ohms, positive
 * @param r1Ohm              resistance of the fast RC pair (charge transfer), ohms, zero or more
 * @param tau1S              time constant of the fast RC pair, seconds, positive
 * @param r2Ohm              resistance of the slow RC pair (diffusion), ohms, zero or more
 * @param tau2S              time constant of the slow RC pair, seconds, positive
 * @param diffusionSocPerA   steady-state lead of the surface SOC over the bulk per ampere, 1/A,
 *                           zero or more (positive current pushes the surface ahead)
 * @param tauDiffusionS      time constant of the surface lead, seconds, positive
 * @param leakageCurrentA    self-discharge current, amperes, zero or more; drains SOC at all times
 * @param seiLossAh          charge lost to SEI growth over the first charges, Ah, zero or more and
 *                           below the capacity; zero for a formed cell
 * @param initialSoc         SOC when the simulation starts, 0..1 (0 for a fresh cell)
 * @param heatCapacityJPerK  lumped heat capacity, joules per kelvin, positive
 * @param heatTransferWPerK  heat transfer to ambient, watts per kelvin, positive
 * @param defect             the manufacturing defect this cell carries, {@link Defect#NONE} if good
 */
public record CellParameters(Chemistry chemistry, double capacityAh, double r0Ohm, double r1Ohm,
                             double tau1S, double r2Ohm, double tau2S, double diffusionSocPerA,
                             double tauDiffusionS, double leakageCurrentA,
                             double seiLossAh, double initialSoc, double heatCapacityJPerK,
                             double heatTransferWPerK, Defect defect) {

    public CellParameters {
        Objects.requireNonNull(chemistry, "chemistry");
        Objects.requireNonNull(defect, "defect");
        positive(capacityAh, "capacity");
        positive(r0Ohm, "R0");
        notNegative(r1Ohm, "R1");
        positive(tau1S, "tau1");
        notNegative(r2Ohm, "R2");
        positive(tau2S, "tau2");
        notNegative(diffusionSocPerA, "diffusion SOC per ampere");
        positive(tauDiffusionS, "diffusion time constant");
        notNegative(leakageCurrentA, "leakage current");
        notNegative(seiLossAh, "SEI loss");
        if (!(seiLossAh < capacityAh)) {
            throw new IllegalArgumentException("SEI loss must be below the capacity: " + seiLossAh + " Ah");
        }
        if (!(initialSoc >= 0 && initialSoc <= 1)) {
            throw new IllegalArgumentException("initial SOC must be within 0..1: " + initialSoc);
        }
        positive(heatCapacityJPerK, "heat capacity");
        positive(heatTransferWPerK, "heat transfer");
    }

    /**
     * The same cell after formation, resting at {@code soc}: no SEI left to form. For runs that
     * start from formed cells (grading, DCIR, K-value aging) without simulating formation first.
     */
    public CellParameters asFormed(double soc) {
        return new CellParameters(chemistry, capacityAh, r0Ohm, r1Ohm, tau1S, r2Ohm, tau2S,
                diffusionSocPerA, tauDiffusionS, leakageCurrentA, 0.0, soc, heatCapacityJPerK, heatTransferWPerK, defect);
    }

    /** Total DC resistance R0 + R1 + R2, ohms: the overpotential per ampere at steady state. */
    public double totalResistanceOhm() {
        return r0Ohm + r1Ohm + r2Ohm;
    }

    private static void positive(double value, String what) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be positive and finite: " + value);
        }
    }

    private static void notNegative(double value, String what) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be zero or more and finite: " + value);
        }
    }
}
