package org.cycler.core.schedule;

/**
 * Where the scheduler puts what a run produces. Called only from the control thread, in order.
 * On a real clock an implementation must not block the caller (it hands work to its own thread
 * and counts what it had to drop); on a virtual clock it may block, as back-pressure there costs
 * no deadline.
 */
public interface RunRecorder {

    void sample(Sample sample);

    void cycle(CycleSummary cycle);

    void event(ChannelEvent event);

    /**
     * Says that the tick's rows have all been handed over: an implementation that gathers rows
     * to hand them to its thread in batches hands over what it holds when its batch is due.
     * Called once per tick, after the tick's samples, cycles and events. Control thread.
     */
    default void endOfTick() {
    }

    /**
     * Returns once every event handed over so far is on stable storage, the recorder has failed,
     * or {@code maxWaitNanos} of wall time have passed: the scheduler calls it on a real clock
     * before it applies setpoints, so that what the journal says is written before it is acted on,
     * without holding a setpoint longer than half a tick (a late setpoint is a hazard of its own).
     * Control thread.
     */
    default void sync(long maxWaitNanos) {
    }

    /**
     * The error that stopped the recorder from keeping the run's data (a full disk, a run
     * directory that became unwritable), or null while it is healthy. The scheduler checks it
     * every tick and stops the run safely when it is set. Must be cheap and thread-safe.
     */
    default Throwable failure() {
        return null;
    }
}
