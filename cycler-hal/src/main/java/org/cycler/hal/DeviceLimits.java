package org.cycler.hal;

/**
 * Channel safety limits a device can enforce itself, in hardware, beside the scheduler's own checks:
 * a driver option set when a device is connected for a recipe ({@code Drivers.connect}). A device
 * that has no such limits ignores them. Immutable; an absent limit is infinite.
 *
 * @param minVoltageV          volts
 * @param maxVoltageV          volts
 * @param maxChargeCurrentA    magnitude, amperes
 * @param maxDischargeCurrentA magnitude, amperes
 * @param maxChargePowerW      magnitude, watts
 * @param maxDischargePowerW   magnitude, watts
 */
public record DeviceLimits(double minVoltageV, double maxVoltageV, double maxChargeCurrentA,
                           double maxDischargeCurrentA, double maxChargePowerW, double maxDischargePowerW) {

    /** No limits. */
    public static final DeviceLimits NONE = new DeviceLimits(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    public DeviceLimits {
        if (Double.isNaN(minVoltageV) || Double.isNaN(maxVoltageV) || !(minVoltageV < maxVoltageV)) {
            throw new IllegalArgumentException("voltage limits must be [low, high] with low < high: "
                    + minVoltageV + ", " + maxVoltageV);
        }
        positive(maxChargeCurrentA, "charge current");
        positive(maxDischargeCurrentA, "discharge current");
        positive(maxChargePowerW, "charge power");
        positive(maxDischargePowerW, "discharge power");
    }

    /** Voltage window and one current magnitude for both directions, no power limits. */
    public static DeviceLimits of(double minVoltageV, double maxVoltageV, double maxCurrentA) {
        return new DeviceLimits(minVoltageV, maxVoltageV, maxCurrentA, maxCurrentA, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY);
    }

    private static void positive(double value, String what) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(what + " limit must be positive: " + value);
        }
    }
}
