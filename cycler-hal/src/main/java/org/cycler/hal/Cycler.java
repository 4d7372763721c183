package org.cycler.hal;

import java.util.List;

/**
 * One piece of cycler hardware (or the simulator) with {@link #channelCount()} channels.
 *
 * <p>Calls are batched so a control tick costs one round trip per cycler, not per channel.
 * Channels are numbered from 1. Current is signed: positive = charge, negative = discharge.
 * The hardware regulates the modes itself ({@link Mode}); the caller only sets them.
 *
 * <p>Faults are reported as status bits in {@link Measurements}, never thrown: a channel that
 * cannot be read gets {@link ChannelStatus#COMM_LOSS} and NaN readings, and the other channels
 * are unaffected. Implementations are used by one control thread at a time.
 */
public interface Cycler extends AutoCloseable {

    CyclerIdentity identity();

    int channelCount();

    /**
     * Reads every channel into {@code into}, which must have been made for this cycler's
     * channel count. On a simulator this is also where the cell model catches up with the clock.
     */
    void read(Measurements into);

    /** Applies the commands, each to its own channel, in one batch. */
    void apply(List<? extends ChannelCommand> commands);

    /**
     * The latest communication problem this connection saw, in one line for the user (what was
     * sent, what came back); empty when there was none. The simulator has none.
     */
    default String lastProblem() {
        return "";
    }

    /** Turns every output off and releases the hardware. Idempotent. */
    @Override
    void close();
}
