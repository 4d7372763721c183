package org.cycler.core.run;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

import org.cycler.core.BadInputException;
import org.cycler.core.schedule.RunClock;
import org.cycler.core.schedule.Scheduler;
import org.cycler.hal.Cycler;

/**
 * How fast a run's clock goes: {@code max} (virtual time, as fast as the CPU allows; simulator
 * only), {@code realtime}, or a factor of real time ({@code 60} or {@code 60x}: one wall second is
 * a minute of test time).
 */
public sealed interface Speed {

    /**
     * Longest wall-clock time between two ticks of a device run: half the device's host watchdog,
     * so a live host always speaks before the device gives it up for dead.
     */
    Duration MAX_DEVICE_TICK_WALL = Cycler.HOST_WATCHDOG.dividedBy(2);

    RunClock clock();

    /**
     * The clock of a simulated run at this speed: virtual, paced to the wall clock from test time
     * {@code fromNanos} for a factor, so its ticks fall on the same test times at every speed.
     */
    RunClock simulationClock(long fromNanos);

    /** As written on the command line and in run.json. */
    String label();

    record Max() implements Speed {
        @Override
        public RunClock clock() {
            return RunClock.virtual();
        }

        @Override
        public RunClock simulationClock(long fromNanos) {
            return RunClock.virtual();
        }

        @Override
        public String label() {
            return "max";
        }
    }

    record Factor(double factor) implements Speed {
        public Factor {
            if (!(factor > 0) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("speed factor must be positive: " + factor);
            }
        }

        @Override
        public RunClock clock() {
            return RunClock.real(factor);
        }

        @Override
        public RunClock simulationClock(long fromNanos) {
            return RunClock.paced(factor, fromNanos);
        }

        @Override
        public String label() {
            if (factor == 1) {
                return "realtime";
            }
            return (factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor)) + "x";
        }
    }

    static Speed parse(String text) throws BadInputException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("max")) {
            return new Max();
        }
        if (t.equals("realtime") || t.equals("real-time")) {
            return new Factor(1);
        }
        if (t.endsWith("x")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            double factor = Double.parseDouble(t);
            if (factor > 0 && Double.isFinite(factor)) {
                return new Factor(factor);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException("--speed: '" + text + "' (expected max, realtime, or a positive factor such as 60)");
    }

    /**
     * Refuses a control tick (test time) shorter than {@link Scheduler#MIN_TICK}, as given to
     * {@code --tick}.
     */
    static Duration checkTick(Duration tick) throws BadInputException {
        if (tick.compareTo(Scheduler.MIN_TICK) < 0) {
            throw new BadInputException("--tick: " + millis(tick) + " (expected at least " + millis(Scheduler.MIN_TICK) + ")");
        }
        return tick;
    }

    /**
     * The speed of a run on a device at control tick {@code tick}: a device runs in real time or a
     * factor of it (never {@code max}), and its tick leaves it without a command for no longer than
     * {@link #MAX_DEVICE_TICK_WALL} of wall time.
     */
    static Factor forDevice(Speed speed, Duration tick) throws BadInputException {
        checkTick(tick);
        if (!(speed instanceof Factor factor)) {
            throw new BadInputException("--speed max: a device runs in real time (use realtime, or a factor "
                    + "matching the emulator's --speed)");
        }
        double wallS = tick.toNanos() / 1e9 / factor.factor();
        if (wallS > MAX_DEVICE_TICK_WALL.toSeconds()) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "--tick: %.3g s at speed %s is a command every %.1f s of wall time (expected at most %d s: the "
                            + "device's host watchdog turns its outputs off after %d s without one)",
                    tick.toNanos() / 1e9, factor.factor(), wallS, MAX_DEVICE_TICK_WALL.toSeconds(),
                    Cycler.HOST_WATCHDOG.toSeconds()));
        }
        return factor;
    }

    /** {@code 5ms}, {@code 0.5ms}, {@code 1500ms}: a duration as milliseconds, without trailing zeros. */
    private static String millis(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString() + "ms";
    }
}
