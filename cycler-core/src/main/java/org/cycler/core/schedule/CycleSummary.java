package org.cycler.core.schedule;

/**
 * One channel's totals for one cycle (a row of {@code cycles.csv}). Capacities in ampere-hours,
 * energies in watt-hours, all non-negative.
 *
 * <p>Coulombic efficiency is {@code pairedDischargeAh / pairedChargeAh}: the first discharge run
 * that starts in this cycle and the charge that went in before it (see {@link CycleBook}). It is
 * only defined when the two are of comparable depth, the smaller at least
 * {@link #MIN_DEPTH_RATIO} of the larger: a cycle that charges a little and discharges a lot (or
 * the other way round) says nothing about the cell's efficiency. NaN when the cycle has no such
 * pair.
 */
public record CycleSummary(int channel, int cycleCount, double chargeAh, double dischargeAh, double chargeWh,
                           double dischargeWh, double pairedChargeAh, double pairedDischargeAh, double endTestTimeS) {

    /** Smallest ratio of the shallower to the deeper of a cycle's paired charge and discharge that has an efficiency. */
    public static final double MIN_DEPTH_RATIO = 0.5;

    public double coulombicEfficiency() {
        return hasPair() && comparableDepth() ? pairedDischargeAh / pairedChargeAh : Double.NaN;
    }

    /** True when the cycle pairs a charge with a discharge, but of depths too far apart for an efficiency. */
    public boolean partial() {
        return hasPair() && !comparableDepth();
    }

    private boolean hasPair() {
        return pairedChargeAh > 0 && pairedDischargeAh > 0;
    }

    private boolean comparableDepth() {
        return Math.min(pairedChargeAh, pairedDischargeAh) >= MIN_DEPTH_RATIO * Math.max(pairedChargeAh, pairedDischargeAh);
    }
}
