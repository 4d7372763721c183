package org.cycler.hal.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A fault to inject into one channel's readings at a test time, for tests and demos of how the
 * controller fences off a misbehaving channel.
 *
 * @param channel   1-based channel
 * @param atS       test time it starts, seconds
 * @param durationS how long it lasts, seconds; 0 for a single reading, +Infinity for the rest of
 *                  the run
 */
public record InjectedFault(int channel, Kind kind, double atS, double durationS) {

    public InjectedFault {
        if (channel < 1) {
            throw new IllegalArgumentException("channel numbers start at 1: " + channel);
        }
        if (!(atS >= 0) || !(durationS >= 0)) {
            throw new IllegalArgumentException("fault times must be non-negative: at " + atS + ", for " + durationS);
        }
    }

    /** True at test time {@code t} (seconds); a single-reading fault is active from its time until it fires once. */
    boolean activeAt(double t) {
        return t >= atS && (durationS == 0 || t < atS + durationS);
    }

    /** What goes wrong. */
    public enum Kind {
        /** The cell's temperature reading jumps to {@link FaultInjectingCycler#OVER_TEMPERATURE_C}. */
        OVER_TEMPERATURE,
        /** The voltage reading jumps by {@link FaultInjectingCycler#SPIKE_V}. */
        VOLTAGE_SPIKE,
        /** Readings freeze at their values when the fault starts. */
        STUCK_READING,
        /** The voltage reading is NaN. */
        NAN_READING,
        /** The channel cannot be read at all. */
        COMM_LOSS,
        /** Every read of the cycler takes {@link FaultInjectingCycler#SLOW_REPLY_MS} longer (wall time). */
        SLOW_REPLY,
        /** The hardware raises its fault status bit. */
        HARDWARE_FAULT;

        /** The spelling on the command line: {@code over-temperature}. */
        public String spelling() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Kind> ofSpelling(String text) {
            return Arrays.stream(values()).filter(k -> k.spelling().equalsIgnoreCase(text.strip())).findFirst();
        }
    }
}
