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
}
