package org.cycler.core.schedule;

/**
 * Coulomb and energy counting for one channel, trapezoidal between readings. Capacities in
 * ampere-hours, energies in watt-hours, kept as non-negative charge and discharge parts (the
 * sign lives in the current). Test-level totals never reset; step totals reset at each step.
 * Mutable; owned by the control thread.
 */
final class Accumulator {

    private static final double SECONDS_PER_HOUR = 3600.0;

    double chargeAh;
    double dischargeAh;
    double chargeWh;
    double dischargeWh;
    double stepChargeAh;
    double stepDischargeAh;
    double stepChargeWh;
    double stepDischargeWh;

    void resetStep() {
        stepChargeAh = 0;
        stepDischargeAh = 0;
        stepChargeWh = 0;
        stepDischargeWh = 0;
    }

    /**
     * Adds the interval from reading 0 to reading 1 ({@code dt} seconds, current and voltage
     * varying linearly). A sign change inside the interval is split at the zero crossing so that
     * charge and discharge are each counted whole.
     */
    void add(double dtS, double v0, double i0, double v1, double i1) {
        if (!(dtS > 0)) {
            return;
        }
        if (i0 * i1 >= 0) {
            segment(dtS, v0, i0, v1, i1);
        } else {
            double share = Math.abs(i0) / (Math.abs(i0) + Math.abs(i1));
            double vz = v0 + (v1 - v0) * share;
            segment(dtS * share, v0, i0, vz, 0);
            segment(dtS * (1 - share), vz, 0, v1, i1);
        }
    }

    private void segment(double dtS, double v0, double i0, double v1, double i1) {
        double ah = (i0 + i1) * 0.5 * dtS / SECONDS_PER_HOUR;
        double wh = (v0 * i0 + v1 * i1) * 0.5 * dtS / SECONDS_PER_HOUR;
        if (ah >= 0) {
            chargeAh += ah;
            stepChargeAh += ah;
            chargeWh += wh;
            stepChargeWh += wh;
        } else if (ah < 0) {
            dischargeAh -= ah;
            stepDischargeAh -= ah;
            dischargeWh -= wh;
            stepDischargeWh -= wh;
        }
    }
}
