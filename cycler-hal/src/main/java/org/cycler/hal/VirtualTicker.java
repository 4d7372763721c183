package org.cycler.hal;

import java.time.Duration;

/**
 * A clock that moves only when told to: simulation runs as fast as the CPU allows, and tests
 * never sleep. Starts at zero. Thread-safe: one thread advances, any thread reads.
 */
public final class VirtualTicker implements Ticker {

    private volatile long nanos;

    @Override
    public long nanos() {
        return nanos;
    }

    /** Moves the clock forward by {@code nanos}; a negative amount is a programming error. */
    public void advanceNanos(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("time cannot go backwards: " + delta + " ns");
        }
        nanos += delta;
    }

    public void advance(Duration delta) {
        advanceNanos(delta.toNanos());
    }
}
