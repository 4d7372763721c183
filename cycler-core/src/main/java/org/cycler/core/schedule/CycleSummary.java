package org.cycler.core.schedule;

/**
 * One channel's totals for one cycle (a row of {@code cycles.csv}). Capacities in ampere-hours,
 * energies in watt-hours, all non-negative.
 *
 * <p>Coulombic efficiency is {@code pairedDischargeAh / pairedChargeAh}: the first discharge run
 * that starts in this cycle and the charge that went in before it (see {@link CycleBook}). NaN
 * when the cycle has no such pair.
 */
public record CycleSummary(int channel, int cycleCount, double chargeAh, double dischargeAh, double chargeWh,
                           double dischargeWh, double pairedChargeAh, double pairedDischargeAh, double endTestTimeS) {

    public double coulombicEfficiency() {
        return pairedChargeAh > 0 && pairedDischargeAh > 0 ? pairedDischargeAh / pairedChargeAh : Double.NaN;
    }
}
