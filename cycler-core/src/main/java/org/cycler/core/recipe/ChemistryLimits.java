package org.cycler.core.recipe;

import java.util.Optional;

/**
 * The safety limits a recipe runs with when it has no {@code safety:} block but its cell block
 * names a chemistry: the chemistry's voltage window, a temperature window every lithium-ion cell
 * shares, and, when the nominal capacity is known, a current limit and a runaway guard scaled to
 * it: the values the shipped protocols write out. Stateless.
 */
public final class ChemistryLimits {

    /** Temperature window of the defaults, degrees Celsius (the usual lithium-ion operating range). */
    public static final double MIN_TEMPERATURE_C = -10;
    public static final double MAX_TEMPERATURE_C = 60;
    /** Current limit of the defaults, in C (multiples of the nominal capacity per hour). */
    public static final double MAX_C_RATE = 2;
    /** Runaway guard of the defaults: the most one step may charge, as a multiple of the nominal capacity. */
    public static final double MAX_CHARGE_CAPACITY_FACTOR = 1.4;

    private ChemistryLimits() {
    }

    /** The default limits for {@code cell}, or empty when it names no chemistry (or one without defaults). */
    public static Optional<SafetyLimits> of(CellSpec cell) {
        Optional<double[]> window = cell.chemistry().flatMap(ChemistryLimits::voltageWindow);
        if (window.isEmpty()) {
            return Optional.empty();
        }
        double current = cell.hasNominalCapacity() ? MAX_C_RATE * cell.nominalCapacityAh() : Double.POSITIVE_INFINITY;
        double charge = cell.hasNominalCapacity() ? MAX_CHARGE_CAPACITY_FACTOR * cell.nominalCapacityAh()
                : Double.POSITIVE_INFINITY;
        return Optional.of(new SafetyLimits(window.get()[0], window.get()[1], current, MIN_TEMPERATURE_C,
                MAX_TEMPERATURE_C, charge));
    }

    /**
     * The cell voltage window, volts: a little outside the usual cut-offs (NMC 2.75-4.2 V, LFP
     * 2.5-3.65 V), so a recipe's own cut-offs end steps first; the shipped protocols use the same.
     */
    private static Optional<double[]> voltageWindow(String chemistry) {
        return switch (chemistry) {
            case "NMC" -> Optional.of(new double[] {2.4, 4.25});
            case "LFP" -> Optional.of(new double[] {2.0, 3.8});
            default -> Optional.empty();
        };
    }
}
