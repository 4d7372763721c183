package org.cycler.core.run;

import org.cycler.core.schedule.ChannelEvent;
import org.cycler.core.schedule.CycleSummary;
import org.cycler.core.schedule.RunRecorder;
import org.cycler.core.schedule.Sample;

/** Keeps nothing: for estimates, where only the time a recipe takes matters. */
final class NullRecorder implements RunRecorder {

    @Override
    public void sample(Sample sample) {
    }

    @Override
    public void cycle(CycleSummary cycle) {
    }

    @Override
    public void event(ChannelEvent event) {
    }
}
