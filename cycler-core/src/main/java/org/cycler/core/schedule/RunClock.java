package org.cycler.core.schedule;

import java.util.concurrent.locks.LockSupport;

import org.cycler.hal.Ticker;
import org.cycler.hal.VirtualTicker;

/**
 * The run's notion of test time and how the control loop waits for its next tick.
 *
 * <p>{@link #ticker()} is the clock the hardware (or simulator) and the scheduler share: test
 * time in nanoseconds. On a virtual clock, waiting for a tick moves time forward at once, so a
 * simulation runs as fast as the CPU allows. On a real clock, waiting parks the thread until the
 * tick's deadline; deadlines are fixed-rate from the start (drift-free): a late tick does not
 * push the later ones back. A speed factor scales the real clock for a device (or an emulator) and
 * paces the virtual clock for a simulation ({@link #paced}).
 */
public sealed interface RunClock {

    /** Test time, nanoseconds from an arbitrary origin. */
    Ticker ticker();

    /** Waits until test time {@code deadlineNanos}; returns the test time on waking. */
    long awaitUntil(long deadlineNanos);

    /** True when time only moves because the run moves it. */
    boolean isVirtual();

    /** Wall-clock nanoseconds that {@code testNanos} of test time take now: 0 on a virtual clock. */
    long wallNanos(long testNanos);

    static RunClock virtual() {
        return new Virtual(new VirtualTicker());
    }

    /** Real monotonic time, sped up by {@code factor} (1 = real time). */
    static RunClock real(double factor) {
        return new Real(Ticker.system(), factor);
    }

    /**
     * Simulation time paced to the wall clock: test time moves to each tick's deadline exactly, as
     * on a virtual clock, and from {@code fromNanos} on the control loop also waits until the wall
     * clock has caught up with {@code factor} times real time. Every tick of a simulated run at a
     * speed factor therefore falls on the same test times as at {@code --speed max}, whatever the
     * machine's load, so a replay on a virtual clock rebuilds the run exactly; before
     * {@code fromNanos} (the part a resumed run replays) it runs as fast as the CPU allows.
     */
    static RunClock paced(double factor, long fromNanos) {
        return new Paced(new VirtualTicker(), Ticker.system(), factor, fromNanos);
    }

    /** Simulation time that advances only when the control loop asks for its next tick. */
    record Virtual(VirtualTicker ticker) implements RunClock {
        @Override
        public long awaitUntil(long deadlineNanos) {
            long now = ticker.nanos();
            if (deadlineNanos > now) {
                ticker.advanceNanos(deadlineNanos - now);
            }
            return ticker.nanos();
        }

        @Override
        public boolean isVirtual() {
            return true;
        }

        @Override
        public long wallNanos(long testNanos) {
            return 0;
        }
    }

    /** Virtual test time, paced to the wall clock after a test time; see {@link RunClock#paced}. */
    final class Paced implements RunClock {
        private final VirtualTicker virtual;
        private final Ticker wall;
        private final double factor;
        private final long fromNanos;
        /** Wall time at which test time was {@code fromNanos}; -1 until then. Control thread only. */
        private long wallAtFrom = -1;

        Paced(VirtualTicker virtual, Ticker wall, double factor, long fromNanos) {
            if (!(factor > 0) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("speed factor must be positive: " + factor);
            }
            this.virtual = virtual;
            this.wall = wall;
            this.factor = factor;
            this.fromNanos = fromNanos;
        }

        @Override
        public Ticker ticker() {
            return virtual;
        }

        public double factor() {
            return factor;
        }

        @Override
        public long awaitUntil(long deadlineNanos) {
            if (deadlineNanos >= fromNanos) {
                if (wallAtFrom < 0) {
                    virtual.advanceNanos(Math.max(0, fromNanos - virtual.nanos()));
                    wallAtFrom = wall.nanos();
                }
                long wallDeadline = wallAtFrom + (long) ((deadlineNanos - fromNanos) / factor);
                for (long left = wallDeadline - wall.nanos(); left > 0; left = wallDeadline - wall.nanos()) {
                    LockSupport.parkNanos(left);
                }
            }
            virtual.advanceNanos(Math.max(0, deadlineNanos - virtual.nanos()));
            return virtual.nanos();
        }

        /** True: test time moves only with the run; the wall clock only sets the pace. */
        @Override
        public boolean isVirtual() {
            return true;
        }

        @Override
        public long wallNanos(long testNanos) {
            return (long) (testNanos / factor);
        }
    }

    /** Monotonic wall time scaled by {@code factor}. */
    final class Real implements RunClock {
        private final Ticker wall;
        private final double factor;
        private final long origin;
        private final Ticker scaled;

        Real(Ticker wall, double factor) {
            if (!(factor > 0) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("speed factor must be positive: " + factor);
            }
            this.wall = wall;
            this.factor = factor;
            this.origin = wall.nanos();
            this.scaled = () -> (long) ((this.wall.nanos() - origin) * this.factor);
        }

        @Override
        public Ticker ticker() {
            return scaled;
        }

        public double factor() {
            return factor;
        }

        @Override
        public long awaitUntil(long deadlineNanos) {
            long now = scaled.nanos();
            while (now < deadlineNanos) {
                LockSupport.parkNanos((long) ((deadlineNanos - now) / factor));
                now = scaled.nanos();
            }
            return now;
        }

        @Override
        public boolean isVirtual() {
            return false;
        }

        @Override
        public long wallNanos(long testNanos) {
            return (long) (testNanos / factor);
        }
    }
}
