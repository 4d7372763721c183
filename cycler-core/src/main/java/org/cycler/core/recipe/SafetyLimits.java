package org.cycler.core.recipe;

/**
 * Limits checked on every channel every tick, before end conditions. A breach turns that
 * channel's output off and puts it in UNSAFE. An absent limit is infinite.
 *
 * @param minVoltageV          volts
 * @param maxVoltageV          volts
 * @param maxCurrentA          magnitude, amperes
 * @param minTemperatureC      degrees Celsius
 * @param maxTemperatureC      degrees Celsius
 * @param maxChargeCapacityAh  runaway guard: the most charge one step may put in, ampere-hours (a
 *                             charge that goes on far past the cell's capacity is a fault, whatever
 *                             its end condition says)
 */
public record SafetyLimits(double minVoltageV, double maxVoltageV, double maxCurrentA,
                           double minTemperatureC, double maxTemperatureC, double maxChargeCapacityAh) {

    public static final SafetyLimits NONE = new SafetyLimits(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    public SafetyLimits {
        requireOrdered(minVoltageV, maxVoltageV, "voltage");
        requireOrdered(minTemperatureC, maxTemperatureC, "temperature");
        if (!(maxCurrentA > 0)) {
            throw new IllegalArgumentException("current limit must be positive: " + maxCurrentA);
        }
        if (!(maxChargeCapacityAh > 0)) {
            throw new IllegalArgumentException("charge capacity limit must be positive: " + maxChargeCapacityAh);
        }
    }

    private static void requireOrdered(double min, double max, String what) {
        if (Double.isNaN(min) || Double.isNaN(max) || !(min < max)) {
            throw new IllegalArgumentException(what + " limits must be [low, high] with low < high: " + min + ", " + max);
        }
    }
}
