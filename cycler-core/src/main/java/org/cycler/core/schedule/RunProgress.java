package org.cycler.core.schedule;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** An immutable picture of a whole run at one test time, for displays and summaries. */
public record RunProgress(double testTimeS, List<ChannelView> channels) {

    public RunProgress {
        channels = List.copyOf(channels);
    }

    /** How many channels are in each state. */
    public Map<ChannelState, Integer> countByState() {
        Map<ChannelState, Integer> counts = new EnumMap<>(ChannelState.class);
        for (ChannelView view : channels) {
            counts.merge(view.state(), 1, Integer::sum);
        }
        return counts;
    }

    public boolean finished() {
        return channels.stream().allMatch(c -> c.state().isTerminal());
    }
}
