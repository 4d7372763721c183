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

    /**
     * {@code base} sped up by {@code factor}, counting from zero at the moment of the call: one
     * nanosecond of {@code base} is {@code factor} nanoseconds of the returned clock. For devices
     * and emulators that run faster than real time in tests and demos ({@code factor} 1 is real
     * time).
     *
     * @throws IllegalArgumentException if {@code factor} is not positive and finite
     */
    static Ticker scaled(Ticker base, double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("speed factor must be positive and finite: " + factor);
        }
        long origin = base.nanos();
        return () -> (long) ((base.nanos() - origin) * factor);
    }
}
