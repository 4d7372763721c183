package org.cycler.core.schedule;

/**
 * One channel's totals for one cycle (a row of {@code cycles.csv}). Capacities in ampere-hours,
 * energies in watt-hours, all non-negative.
 *
 * <p>Coulombic efficiency pairs each discharge with the charge that went in before it
 * (charge-first accounting): {@code dischargeAh / chargeBasisAh}, where the basis is the charge
 * accumulated since the previous discharge, counted in the cycle whose discharge draws on it.
 * So the formation charge of cycle 0 pairs with the first discharge in cycle 1 and the first-cycle
 * efficiency shows the formation loss, as lab practice defines it. NaN when the cycle drew on no
 * charge.
 */
public record CycleSummary(int channel, int cycleCount, double chargeAh, double dischargeAh, double chargeWh,
                           double dischargeWh, double chargeBasisAh, double endTestTimeS) {

    public double coulombicEfficiency() {
        return chargeBasisAh > 0 && dischargeAh > 0 ? dischargeAh / chargeBasisAh : Double.NaN;
    }
}
