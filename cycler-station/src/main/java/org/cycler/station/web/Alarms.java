package org.cycler.station.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.cycler.core.BadInputException;
import org.cycler.core.NumberRanges;
import org.cycler.core.schedule.ChannelEvent;
import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.ChannelView;
import org.cycler.core.schedule.FaultReason;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunReader;
import org.cycler.station.Station;
import org.cycler.station.jobs.Job;
import org.cycler.station.jobs.JobState;

/**
 * Raises the station's alarms (docs/station.md): a channel that goes UNSAFE or FAULT (a lost
 * device as DEVICE_LOST), seen in the running jobs' live pictures each period and, so that none is
 * missed between two looks, in a job's journal when it ends; and a job that ran to its end
 * (JOB_DONE). Each alarm is raised once, stored in the {@link AlarmStore}, handed to the
 * listeners and to the {@link Webhooks}. All of it runs on one thread of its own, never on a
 * device loop's. Thread-safe.
 */
public final class Alarms implements AutoCloseable {

    private final Station station;
    private final AlarmStore store;
    private final Webhooks webhooks;
    private final Clock clock;
    private final Consumer<String> log;
    private final List<Consumer<Alarm>> listeners = new CopyOnWriteArrayList<>();
    /** job/channel/kind of every alarm raised; touched on the alarms thread only. */
    private final Set<String> raised = new HashSet<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "station-alarms");
        t.setDaemon(true);
        return t;
    });

    private Alarms(Station station, AlarmStore store, Webhooks webhooks, Clock clock, Consumer<String> log)
            throws SQLException {
        this.station = station;
        this.store = store;
        this.webhooks = webhooks;
        this.clock = clock;
        this.log = log;
        for (Alarm alarm : store.all()) {
            raised.add(key(alarm.jobId(), alarm.channel(), alarm.kind()));
        }
    }

    /**
     * Watches {@code station}, looking at its running jobs every {@code period}.
     *
     * @param store    where alarms are kept; closed with this
     * @param webhooks where alarms are sent; closed with this
     */
    public static Alarms watch(Station station, AlarmStore store, Webhooks webhooks, Duration period, Clock clock,
                               Consumer<String> log) throws SQLException {
        Alarms alarms = new Alarms(station, store, webhooks, clock, log);
        station.onJobChange(job -> {
            if (job.state().isTerminal()) {
                alarms.run(() -> alarms.ended(job));
            }
        });
        alarms.worker.scheduleWithFixedDelay(alarms::look, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        return alarms;
    }

    /** Calls {@code listener} with each new or acknowledged alarm, on the alarms thread. */
    public void onAlarm(Consumer<Alarm> listener) {
        listeners.add(listener);
    }

    /** Every alarm, oldest first. */
    public List<Alarm> all() throws SQLException {
        return store.all();
    }

    /**
     * Records that {@code by} acknowledged alarm {@code id} now.
     *
     * @return the alarm; empty when there is none of that number
     */
    public Optional<Alarm> acknowledge(long id, String by) throws SQLException {
        Optional<Alarm> alarm = store.acknowledge(id, by, clock.instant().toString());
        alarm.ifPresent(a -> run(() -> listeners.forEach(l -> l.accept(a))));
        return alarm;
    }

    private void run(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // closing: the station is stopping
        }
    }

    private void look() {
        try {
            for (Job job : station.jobs()) {
                if (job.state() == JobState.RUNNING || job.state() == JobState.PAUSED) {
                    station.progress(job.id()).ifPresent(p -> p.channels().forEach(c -> channel(job, c)));
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.accept("station alarms: " + e.getMessage());
        }
    }

    private void channel(Job job, ChannelView view) {
        if (view.state() == ChannelState.UNSAFE || view.state() == ChannelState.FAULT) {
            raise(job, view.channel(), kind(view.state(), view.faultReason()), describe(view.faultReason(), view.message()));
        }
    }

    private void ended(Job job) {
        if (!job.runDir().isEmpty() && Files.isRegularFile(Path.of(job.runDir(), RunDirectory.INFO_FILE))) {
            try {
                for (ChannelEvent e : new RunReader(RunDirectory.open(Path.of(job.runDir()))).journal()) {
                    if (e.kind() == ChannelEvent.Kind.STATE
                            && (e.state() == ChannelState.UNSAFE || e.state() == ChannelState.FAULT)) {
                        raise(job, e.channel(), kind(e.state(), e.reason()), describe(e.reason(), e.message()));
                    }
                }
            } catch (IOException | BadInputException | RuntimeException e) {
                log.accept("station alarms: job " + job.id() + ": its journal: " + e.getMessage());
            }
        }
        if (job.state() == JobState.DONE) {
            long tripped = java.util.Arrays.stream(job.channels()).filter(c -> raised.contains(key(job.id(), c,
                    Alarm.Kind.UNSAFE)) || raised.contains(key(job.id(), c, Alarm.Kind.FAULT))
                    || raised.contains(key(job.id(), c, Alarm.Kind.DEVICE_LOST))
                    || raised.contains(key(job.id(), c, Alarm.Kind.OUTPUT_CHANGED))).count();
            raise(job, 0, Alarm.Kind.JOB_DONE, "job " + job.id() + " (" + job.recipeName() + ") done on "
                    + job.device() + " channels " + NumberRanges.format(job.channels())
                    + (tripped == 0 ? "" : ", " + tripped + " of them tripped (see its other alarms)"));
        }
    }

    static Alarm.Kind kind(ChannelState state, FaultReason reason) {
        if (reason == FaultReason.COMMUNICATION_LOSS) {
            return Alarm.Kind.DEVICE_LOST;
        }
        if (reason == FaultReason.OUTPUT_CHANGED) {
            return Alarm.Kind.OUTPUT_CHANGED;
        }
        return state == ChannelState.UNSAFE ? Alarm.Kind.UNSAFE : Alarm.Kind.FAULT;
    }

    private static String describe(FaultReason reason, String message) {
        String what = reason == null ? "" : reason.name();
        return message == null || message.isEmpty() ? what : what.isEmpty() ? message : what + ": " + message;
    }

    private void raise(Job job, int channel, Alarm.Kind kind, String message) {
        if (!raised.add(key(job.id(), channel, kind))) {
            return;
        }
        Alarm alarm;
        try {
            alarm = store.add(new Alarm(0, kind, job.device(), job.id(), channel,
                    channel == 0 ? "" : job.barcodes().getOrDefault(channel, ""), message, clock.instant().toString(),
                    null, null));
        } catch (SQLException e) {
            log.accept("station alarms: cannot record " + kind + " of job " + job.id() + ": " + e.getMessage());
            return;
        }
        log.accept("alarm " + alarm.id() + ": " + kind + " job " + job.id() + (channel == 0 ? "" : " channel " + channel)
                + ": " + message);
        listeners.forEach(l -> l.accept(alarm));
        webhooks.send(alarm);
    }

    private static String key(long job, int channel, Alarm.Kind kind) {
        return job + "/" + channel + "/" + kind;
    }

    /** Stops watching and sending; closes the store. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        webhooks.close();
        try {
            store.close();
        } catch (SQLException e) {
            log.accept("station alarms: closing the table: " + e.getMessage());
        }
    }
}
