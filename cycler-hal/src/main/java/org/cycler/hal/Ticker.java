package org.cycler.hal;

/**
 * A source of monotonic time in nanoseconds. Injected everywhere time matters (scheduler,
 * simulator, timeouts) so that tests advance a virtual clock instead of sleeping.
 *
 * <p>Only differences between two readings mean anything; the origin is arbitrary.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface Ticker {

    /** Monotonic time in nanoseconds. */
    long nanos();

    /** The JVM's monotonic clock ({@link System#nanoTime()}). */
    static Ticker system() {
        return System::nanoTime;
    }
}
