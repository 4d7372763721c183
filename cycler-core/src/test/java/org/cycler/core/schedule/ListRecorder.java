package org.cycler.core.schedule;

import java.util.ArrayList;
import java.util.List;

/** Keeps everything a run records, in order, for assertions. */
final class ListRecorder implements RunRecorder {

    final List<Sample> samples = new ArrayList<>();
    final List<CycleSummary> cycles = new ArrayList<>();
    final List<ChannelEvent> events = new ArrayList<>();

    @Override
    public void sample(Sample sample) {
        samples.add(sample);
    }

    @Override
    public void cycle(CycleSummary cycle) {
        cycles.add(cycle);
    }

    @Override
    public void event(ChannelEvent event) {
        events.add(event);
    }

    List<Sample> samples(int channel) {
        return samples.stream().filter(s -> s.channel() == channel).toList();
    }

    List<ChannelEvent> events(ChannelEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }
}
