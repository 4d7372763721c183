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
 * push the later ones back. A speed factor scales the real clock for tests and demos.
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
     * Virtual time up to {@code catchUpNanos}, then real time scaled by {@code factor} from there
     * on: how a resumed real-time simulation replays the part of the run it continues as fast as
     * the CPU allows and then carries on at the original pace.
     */
    static RunClock catchUp(long catchUpNanos, double factor) {
        return new CatchUp(new VirtualTicker(), Ticker.system(), catchUpNanos, factor);
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

    /** Virtual until a test time, real (scaled) after it; see {@link RunClock#catchUp}. */
    final class CatchUp implements RunClock {
        private final VirtualTicker virtual;
        private final Ticker wall;
        private final long catchUpNanos;
        private final double factor;
        private volatile long wallAtSwitch = -1;
        private final Ticker ticker;

        CatchUp(VirtualTicker virtual, Ticker wall, long catchUpNanos, double factor) {
            if (!(factor > 0) || !Double.isFinite(factor)) {
                throw new IllegalArgumentException("speed factor must be positive: " + factor);
            }
            this.virtual = virtual;
            this.wall = wall;
            this.catchUpNanos = catchUpNanos;
            this.factor = factor;
            this.ticker = () -> {
                long switched = wallAtSwitch;
                return switched < 0 ? virtual.nanos()
                        : catchUpNanos + (long) ((this.wall.nanos() - switched) * this.factor);
            };
        }

        @Override
        public Ticker ticker() {
            return ticker;
        }

        @Override
        public long awaitUntil(long deadlineNanos) {
            if (wallAtSwitch < 0) {
                if (deadlineNanos <= catchUpNanos) {
                    virtual.advanceNanos(Math.max(0, deadlineNanos - virtual.nanos()));
                    return virtual.nanos();
                }
                virtual.advanceNanos(Math.max(0, catchUpNanos - virtual.nanos()));
                wallAtSwitch = wall.nanos();
            }
            long now = ticker.nanos();
            while (now < deadlineNanos) {
                LockSupport.parkNanos((long) ((deadlineNanos - now) / factor));
                now = ticker.nanos();
            }
            return now;
        }

        @Override
        public boolean isVirtual() {
            return wallAtSwitch < 0;
        }

        @Override
        public long wallNanos(long testNanos) {
            return wallAtSwitch < 0 ? 0 : (long) (testNanos / factor);
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
