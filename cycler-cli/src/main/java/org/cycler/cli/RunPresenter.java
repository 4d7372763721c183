package org.cycler.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

import org.cycler.core.run.FormationRun;
import org.cycler.hal.RealTimePriority;

/**
 * Runs a prepared {@link FormationRun} in front of the user: how to steer it from another
 * terminal, the live progress display, Ctrl-C as a safe stop, and the summary table at the end.
 * Shared by {@code cycler run} and {@code cycler resume}.
 */
final class RunPresenter {

    /** How long Ctrl-C waits for outputs off and files closed before the JVM exits. */
    static final Duration CLOSE_ON_INTERRUPT = Duration.ofSeconds(10);

    private RunPresenter() {
    }

    static FormationRun.RunResult present(PrintWriter out, FormationRun run, boolean plain, boolean stats)
            throws IOException {
        out.println("channel -> barcode:");
        run.roster().describe().forEach(line -> out.println("  " + line));
        out.printf("steer it from another terminal: cycler status|pause|resume|stop %s%n", run.directory().root());
        if ("realtime".equals(run.info().speed())) {
            // The loop runs on this thread: in real time it asks to run ahead of every ordinary program.
            out.println("control loop " + RealTimePriority.raiseLoopThread());
        }
        out.flush();
        ProgressDisplay display = ProgressDisplay.forTerminal(out, plain, run.estimate(), run.roster().channels().length);
        Thread stopOnInterrupt = new Thread(() -> {
            try {
                run.stopAndAwait(CLOSE_ON_INTERRUPT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-on-ctrl-c");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        FormationRun.RunResult result;
        try (ProgressDisplay.Watch watch = display.watch(run.scheduler())) {
            result = run.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting after Ctrl-C; the hook has done its job
            }
        }
        display.finish(result.end());
        SummaryTable.print(out, result);
        if (stats) {
            StatsTable.print(out, run.scheduler().stats().snapshot(), "virtual".equals(run.info().clock()));
        }
        out.flush();
        return result;
    }
}
