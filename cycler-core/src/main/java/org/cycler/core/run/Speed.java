package org.cycler.core.run;

import java.util.Locale;

import org.cycler.core.BadInputException;
import org.cycler.core.schedule.RunClock;

/**
 * How fast a run's clock goes: {@code max} (virtual time, as fast as the CPU allows; simulator
 * only), {@code realtime}, or a factor of real time ({@code 60} or {@code 60x}: one wall second is
 * a minute of test time).
 */
public sealed interface Speed {

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
}
