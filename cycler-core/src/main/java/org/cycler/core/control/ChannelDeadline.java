package org.cycler.core.control;

import java.io.IOException;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A time limit on a blocking socket conversation: when it passes before {@link #close()}, the
 * channel is closed, which ends any read or write blocked on it (Unix domain socket channels have
 * no read timeout of their own). One timer thread, a daemon, serves every deadline.
 */
final class ChannelDeadline implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final ScheduledFuture<?> closer;
    private volatile boolean expired;

    ChannelDeadline(Channel channel, Duration limit) {
        closer = TIMER.schedule(() -> {
            expired = true;
            try {
                channel.close();
            } catch (IOException e) {
                // closing is all a deadline does; a channel that fails to close is closed enough
            }
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** True once the limit passed and the channel was closed for it. */
    boolean expired() {
        return expired;
    }

    /** The conversation ended in time: the channel is left as it is. */
    @Override
    public void close() {
        closer.cancel(false);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon(true).name("control-deadline").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
