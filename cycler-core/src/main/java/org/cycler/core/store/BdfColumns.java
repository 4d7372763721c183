package org.cycler.core.store;

import java.util.List;

/**
 * The Battery Data Format (Battery Data Alliance) column labels our per-channel data files use,
 * spelled exactly as the format defines them, in the order DESIGN section 5 gives.
 */
public final class BdfColumns {

    public static final String TEST_TIME = "Test Time / s";
    public static final String VOLTAGE = "Voltage / V";
    public static final String CURRENT = "Current / A";
    public static final String UNIX_TIME = "Unix Time / s";
    public static final String CYCLE_COUNT = "Cycle Count / 1";
    public static final String STEP_COUNT = "Step Count / 1";
    public static final String STEP_ID = "Step ID";
    public static final String STEP_TYPE = "Step Type";
    public static final String STEP_TIME = "Step Time / s";
    public static final String CHARGING_CAPACITY = "Charging Capacity / Ah";
    public static final String DISCHARGING_CAPACITY = "Discharging Capacity / Ah";
    public static final String STEP_CHARGING_CAPACITY = "Step Charging Capacity / Ah";
    public static final String STEP_DISCHARGING_CAPACITY = "Step Discharging Capacity / Ah";
    public static final String CHARGING_ENERGY = "Charging Energy / Wh";
    public static final String DISCHARGING_ENERGY = "Discharging Energy / Wh";
    public static final String POWER = "Power / W";
    public static final String TEMPERATURE = "Temperature T1 / degC";

    /** Every column, in file order. */
    public static final List<String> ALL = List.of(TEST_TIME, VOLTAGE, CURRENT, UNIX_TIME, CYCLE_COUNT, STEP_COUNT,
            STEP_ID, STEP_TYPE, STEP_TIME, CHARGING_CAPACITY, DISCHARGING_CAPACITY, STEP_CHARGING_CAPACITY,
            STEP_DISCHARGING_CAPACITY, CHARGING_ENERGY, DISCHARGING_ENERGY, POWER, TEMPERATURE);

    /** File name of channel {@code channel}'s data: {@code ch-007.bdf.csv}. */
    public static String fileName(int channel) {
        return String.format(java.util.Locale.ROOT, "ch-%03d.bdf.csv", channel);
    }

    private BdfColumns() {
    }
}
