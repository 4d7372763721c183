package org.cycler.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.ChannelView;
import org.cycler.core.schedule.RunProgress;
import org.cycler.core.schedule.Scheduler;

/**
 * What {@code cycler run} shows while it runs: on a terminal a live two-line display (progress
 * bar with ETA, channels by state, current cycle) redrawn in place; elsewhere (a pipe, a log
 * file, CI) a plain line every {@link #PLAIN_EVERY} or at each tenth of the way.
 *
 * <p>Progress is test time over the recipe's estimated duration on a nominal cell; ETA is wall
 * time at the rate seen so far.
 */
final class ProgressDisplay {

    static final Duration LIVE_EVERY = Duration.ofMillis(250);
    static final Duration PLAIN_EVERY = Duration.ofSeconds(10);
    private static final int BAR_WIDTH = 30;
    private static final String CLEAR_LINE = "\033[2K\r";
    private static final String CURSOR_UP = "\033[1A";

    private final PrintWriter out;
    private final boolean live;
    private final Duration estimate;
    private final long wallStart = System.nanoTime();
    private boolean drawn;
    private int lastTenth = -1;
    private long lastPlainNanos;

    private ProgressDisplay(PrintWriter out, boolean live, Duration estimate) {
        this.out = out;
        this.live = live;
        this.estimate = estimate;
    }

    /** A live display when stdout is a terminal and {@code plain} is off, plain lines otherwise. */
    static ProgressDisplay forTerminal(PrintWriter out, boolean plain, Duration estimate, int channels) {
        return new ProgressDisplay(out, !plain && isTerminal(), estimate);
    }

    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Starts redrawing from a daemon thread until the returned watch is closed. */
    Watch watch(Scheduler scheduler) {
        Thread thread = Thread.ofPlatform().daemon(true).name("progress").start(() -> {
            long period = (live ? LIVE_EVERY : Duration.ofMillis(500)).toMillis();
            while (!Thread.currentThread().isInterrupted()) {
                RunProgress progress = scheduler.progress();
                if (progress.finished()) {
                    return;
                }
                render(progress, false);
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return () -> {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Draws the final state. */
    void finish(RunProgress end) {
        render(end, true);
    }

    private synchronized void render(RunProgress p, boolean last) {
        double fraction = fraction(p, last);
        if (live) {
            if (drawn) {
                out.print(CURSOR_UP + CLEAR_LINE);
            }
            out.print(CLEAR_LINE + bar(fraction) + "  " + timing(p, fraction) + "\n");
            out.print(CLEAR_LINE + states(p) + (last ? "\n" : ""));
            drawn = !last;
            out.flush();
            return;
        }
        int tenth = (int) Math.floor(fraction * 10);
        long now = System.nanoTime();
        if (last || tenth > lastTenth || now - lastPlainNanos >= PLAIN_EVERY.toNanos()) {
            lastTenth = tenth;
            lastPlainNanos = now;
            out.println(String.format(Locale.ROOT, "progress %3d%% | %s | %s", Math.round(fraction * 100),
                    timing(p, fraction), states(p)));
            out.flush();
        }
    }

    private double fraction(RunProgress p, boolean last) {
        if (last || p.finished()) {
            return 1.0;
        }
        if (estimate == null || estimate.isZero()) {
            return 0.0;
        }
        return Math.min(0.99, p.testTimeS() / (estimate.toMillis() / 1000.0));
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100));
    }

    private String timing(RunProgress p, double fraction) {
        StringBuilder s = new StringBuilder("test time ").append(clock(p.testTimeS()));
        if (estimate != null) {
            s.append(" of ~").append(clock(estimate.toSeconds()));
        }
        double wallS = (System.nanoTime() - wallStart) / 1e9;
        if (fraction > 0 && fraction < 1 && wallS > 0.5) {
            double remaining = wallS / fraction * (1 - fraction);
            s.append(" | ETA ").append(clock(remaining));
        } else {
            s.append(" | wall ").append(clock(wallS));
        }
        return s.toString();
    }

    private static String states(RunProgress p) {
        Map<ChannelState, Integer> counts = p.countByState();
        StringBuilder s = new StringBuilder("channels:");
        for (ChannelState state : ChannelState.values()) {
            int n = counts.getOrDefault(state, 0);
            if (n > 0 || state == ChannelState.RUNNING) {
                s.append(' ').append(n).append(' ').append(state.name().toLowerCase(Locale.ROOT)).append(',');
            }
        }
        s.setLength(s.length() - 1);
        int minCycle = Integer.MAX_VALUE;
        int maxCycle = Integer.MIN_VALUE;
        for (ChannelView c : p.channels()) {
            if (!c.state().isTerminal()) {
                minCycle = Math.min(minCycle, c.cycleCount());
                maxCycle = Math.max(maxCycle, c.cycleCount());
            }
        }
        if (minCycle != Integer.MAX_VALUE) {
            s.append(" | cycle ").append(minCycle == maxCycle ? Integer.toString(minCycle) : minCycle + "-" + maxCycle);
        }
        return s.toString();
    }

    /** {@code h:mm:ss}, or {@code Nd hh:mm:ss} past a day. */
    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        long days = s / 86_400;
        String hms = String.format(Locale.ROOT, "%d:%02d:%02d", (s / 3600) % 24, (s / 60) % 60, s % 60);
        return days > 0 ? days + "d " + hms : hms;
    }

    /** Stops the redrawing thread. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
