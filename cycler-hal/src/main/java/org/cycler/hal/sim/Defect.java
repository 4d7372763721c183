package org.cycler.hal.sim;

/**
 * A manufacturing defect a simulated cell may carry, so grading has something to find. The
 * magnitudes {@link CellLot} gives each are documented there.
 */
public enum Defect {
    /** A good cell. */
    NONE,
    /** Capacity well below the lot (e.g. coating weight or overhang faults). */
    LOW_CAPACITY,
    /** Ohmic resistance well above the lot (e.g. a poor tab weld). */
    HIGH_RESISTANCE,
    /** Leakage far above the lot (a soft internal short): a K-value of several mV/day. */
    HIGH_SELF_DISCHARGE
}
