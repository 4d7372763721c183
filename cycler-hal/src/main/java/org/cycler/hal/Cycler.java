package org.cycler.hal;

import java.time.Duration;
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

    /**
     * How long a device with a host watchdog may go without a command before it turns its outputs
     * off by itself; drivers whose device has one arm it at this. Ten seconds is a hundred ticks at
     * the default tick, far beyond any pause of a live host, and short enough that a cell on a dead
     * host's channel is not charged on for long.
     */
    Duration HOST_WATCHDOG = Duration.ofSeconds(10);

    CyclerIdentity identity();

    int channelCount();

    /**
     * Reads every channel into {@code into}, which must have been made for this cycler's
     * channel count. On a simulator this is also where the cell model catches up with the clock.
     */
    void read(Measurements into);

    /**
     * Applies the commands, each to its own channel, in one batch. They are in force no later than
     * the next {@link #read}, whose reading is taken under them: the simulator applies them at
     * once; a driver whose protocol joins setpoints and queries in one request (SCPI, the SMU rack)
     * queues them and sends them ahead of the next read's queries, so that a tick is one write.
     */
    void apply(List<? extends ChannelCommand> commands);

    /**
     * True when {@link #apply} only queues the commands for the next {@link #read}: the channels
     * keep their old setpoints until that read, which applies the new ones before it measures.
     * False (the default) when they take effect at once, as on the simulator. The step machines
     * count the interval before a setpoint's first reading at the setpoint that really held.
     */
    default boolean appliesWithNextRead() {
        return false;
    }

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
