package org.cycler.station.loop;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.cycler.core.control.RunLock;
import org.cycler.core.run.FormationRun;
import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.ChannelView;
import org.cycler.core.schedule.RunProgress;
import org.cycler.core.schedule.Scheduler;
import org.cycler.core.store.CsvRunRecorder;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunInfo;
import org.cycler.station.jobs.JobState;

/**
 * A job while it runs: its group of channels in a device loop, and what happens when they have
 * all ended (the recorder closed, run.json finished, the run directory's lock released). Steering
 * and reading are safe from any thread.
 */
public final class JobRun {

    /** How a job ended, for the job table. */
    public record Outcome(JobState state, String message) {
    }

    private final long jobId;
    private final Scheduler.Group group;
    private final RunDirectory dir;
    private final CompletableFuture<Outcome> ended;

    private JobRun(long jobId, Scheduler.Group group, RunDirectory dir, CompletableFuture<Outcome> ended) {
        this.jobId = jobId;
        this.group = group;
        this.dir = dir;
        this.ended = ended;
    }

    static JobRun started(long jobId, RunDirectory dir, RunInfo info, CsvRunRecorder recorder, Scheduler.Group group,
                          RunLock lock, Executor finisher) {
        CompletableFuture<Outcome> ended = group.ended().thenApplyAsync(end -> {
            try {
                try {
                    recorder.close();
                } catch (IOException e) {
                    String why = "the run's data could not be written: " + e.getMessage();
                    writeQuietly(dir, info.failed(Instant.now().toString(), why));
                    return new Outcome(JobState.FAILED, why);
                }
                Outcome outcome = outcome(end, info.device() != null);
                writeQuietly(dir, info.finished(switch (outcome.state()) {
                    case FAILED -> RunInfo.State.FAILED;
                    case STOPPED -> RunInfo.State.STOPPED;
                    default -> RunInfo.State.FINISHED;
                }, Instant.now().toString()));
                return outcome;
            } finally {
                try {
                    lock.close();
                } catch (IOException e) {
                    // the OS drops the lock with the process anyway
                }
            }
        }, finisher);
        return new JobRun(jobId, group, dir, ended);
    }

    /**
     * A simulated job continued after a crash by {@link FormationRun#resume}: replayed on its own
     * cells from the journal, then run on to its end on {@code runner}.
     */
    public static JobRun resumed(long jobId, FormationRun run, Executor runner) {
        CompletableFuture<Outcome> ended = CompletableFuture.supplyAsync(() -> {
            try {
                FormationRun.RunResult result = run.run();
                return outcome(result.end(), false);
            } catch (IOException e) {
                return new Outcome(JobState.FAILED, e.getMessage());
            }
        }, runner);
        return new JobRun(jobId, run.scheduler().group(), run.directory(), ended);
    }

    private static Outcome outcome(RunProgress end, boolean onDevice) {
        if (onDevice && FormationRun.deviceLost(end)) {
            return new Outcome(JobState.FAILED, "lost the device: a channel stopped answering");
        }
        if (end.channels().stream().anyMatch(c -> c.state() == ChannelState.STOPPED)) {
            return new Outcome(JobState.STOPPED, end.channels().stream().filter(c -> c.state() == ChannelState.STOPPED)
                    .map(c -> c.message()).findFirst().orElse("stopped"));
        }
        List<ChannelView> tripped = end.channels().stream()
                .filter(c -> c.state() == ChannelState.UNSAFE || c.state() == ChannelState.FAULT).toList();
        if (tripped.isEmpty()) {
            return new Outcome(JobState.DONE, "");
        }
        ChannelView first = tripped.getFirst();
        return new Outcome(JobState.DONE, tripped.size() + " of " + end.channels().size() + " channels ended UNSAFE or "
                + "FAULT (first: channel " + first.channel() + " " + first.state()
                + (first.message().isEmpty() ? "" : ": " + first.message()) + ")");
    }

    private static void writeQuietly(RunDirectory dir, RunInfo info) {
        try {
            dir.writeInfo(info);
        } catch (IOException e) {
            // the data files are complete; run.json stays RUNNING, which 'cycler status' reports
        }
    }

    public long jobId() {
        return jobId;
    }

    /** The job's channels, to steer and watch. */
    public Scheduler.Group group() {
        return group;
    }

    public RunDirectory directory() {
        return dir;
    }

    /** Completes once the job's files are closed. */
    public CompletableFuture<Outcome> ended() {
        return ended;
    }
}
