package org.cycler.core.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Cycler;
import org.cycler.hal.Measurements;

/**
 * The control loop of one cycler (DESIGN section 8): at a fixed tick it reads every channel in
 * one batch, runs each channel's step machine (accumulators, safety, then end conditions), and
 * applies the changed setpoints in one batch. Data rows go to a {@link RunRecorder} that writes
 * them on its own thread.
 *
 * <p>{@link #run()} occupies the calling thread until every channel is DONE, STOPPED, UNSAFE or
 * FAULT. Other threads may call {@link #pause}, {@link #resume}, {@link #stop} and
 * {@link #progress()} at any time; control requests take effect at the next tick.
 */
public final class Scheduler {

    /** Why every channel stopped when the recorder could no longer keep the data. */
    public static final String RECORDER_FAILED = "stopped: the run's data could not be written";
    /** Slack when matching a replayed action's test time to a tick. */
    private static final double REPLAY_EPSILON_S = 1e-9;
    /** DESIGN section 8's default tick. */
    public static final Duration DEFAULT_TICK = Duration.ofMillis(100);
    /** The fastest tick the loop is specified for. */
    public static final Duration MIN_TICK = Duration.ofMillis(10);
    /** How often, in wall time, progress is published for readers. */
    private static final long PROGRESS_EVERY_NANOS = Duration.ofMillis(200).toNanos();

    private final Cycler cycler;
    private final RunClock clock;
    private final long tickNanos;
    private final double unixStartS;
    private final ChannelMachine[] machines;
    private final Measurements readings;
    private final List<ChannelCommand> commands = new ArrayList<>();
    private final ConcurrentLinkedQueue<ControlRequest> requests = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<OperatorAction> replayed =
            new PriorityQueue<>(Comparator.comparingDouble(OperatorAction::testTimeS));
    private final RunRecorder recorder;
    private final TickStats stats = new TickStats();
    private volatile RunProgress progress;
    private double failedAtS = -1;
    /** Test time of the loop's first tick: 0 for a new run, later for one continued from its journal. */
    private double firstTickS;

    /**
     * @param channels   the 1-based channels this run drives, each running {@code program}
     * @param unixStartS wall-clock time of test time zero, seconds since the epoch
     */
    public Scheduler(Cycler cycler, RecipeProgram program, int[] channels, RunClock clock, Duration tick,
                     RunRecorder recorder, double unixStartS) {
        this.cycler = Objects.requireNonNull(cycler, "cycler");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (tick.compareTo(MIN_TICK) < 0) {
            throw new IllegalArgumentException("tick must be at least " + MIN_TICK.toMillis() + " ms: " + tick);
        }
        this.tickNanos = tick.toNanos();
        this.unixStartS = unixStartS;
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        if (channels.length == 0) {
            throw new IllegalArgumentException("a run drives at least one channel");
        }
        machines = new ChannelMachine[channels.length];
        for (int k = 0; k < channels.length; k++) {
            int channel = channels[k];
            if (channel < 1 || channel > cycler.channelCount()) {
                throw new IllegalArgumentException("channel " + channel + " does not exist on a "
                        + cycler.channelCount() + "-channel cycler");
            }
            machines[k] = new ChannelMachine(channel, program, recorder, !clock.isVirtual(), checkpointFloorS(clock));
        }
        readings = new Measurements(cycler.channelCount());
        progress = snapshot(0);
    }

    /**
     * Test seconds in {@link #CHECKPOINT_FLOOR_WALL} of wall time: at real time a logging period
     * of a second or more is checkpointed in full; an emulator run thousands of times faster does
     * not force the journal to disk thousands of times a second.
     */
    private static double checkpointFloorS(RunClock clock) {
        long floorNanos = CHECKPOINT_FLOOR_WALL.toNanos();
        long wall = clock.wallNanos(floorNanos);
        double speedFactor = wall <= 0 ? 0 : floorNanos / (double) wall;
        return speedFactor * floorNanos / 1e9;
    }

    /** Shortest wall time between two periodic checkpoints of a channel. */
    public static final Duration CHECKPOINT_FLOOR_WALL = Duration.ofSeconds(1);

    /** Runs the loop to the end of every channel; returns the final picture. */
    public RunProgress run() {
        return run(Double.POSITIVE_INFINITY);
    }

    /**
     * Runs the loop until every channel has ended or test time passes {@code limitS} seconds,
     * whichever comes first; channels still running at the limit are left as they are.
     */
    public RunProgress run(double limitS) {
        long origin = clock.ticker().nanos();
        long nextProgress = System.nanoTime();
        for (long k = 0; ; k++) {
            long deadline = origin + k * tickNanos;
            long now = clock.awaitUntil(deadline);
            long wake = System.nanoTime();
            double t = firstTickS + (now - origin) / 1e9;
            cycler.read(readings);
            long read = System.nanoTime();
            if (recorder.failure() != null && failedAtS < 0) {
                failedAtS = t;
                requests.add(new ControlRequest(OperatorAction.Kind.STOP, null, RECORDER_FAILED));
            }
            handleRequests(t);
            int live = 0;
            for (ChannelMachine machine : machines) {
                int ch = machine.channel();
                machine.onReading(t, unixStartS + t, readings.voltage(ch), readings.current(ch),
                        readings.temperature(ch), readings.status(ch), commands);
                if (!machine.state().isTerminal() || machine.awaitsFinalRow()) {
                    live++;
                }
            }
            boolean changed = !commands.isEmpty();
            if (changed) {
                if (!clock.isVirtual()) {
                    recorder.sync(clock.wallNanos(tickNanos) / 2);
                }
                cycler.apply(commands);
                commands.clear();
            }
            long done = System.nanoTime();
            long lateTest = now - deadline;
            stats.record(clock.wallNanos(lateTest), done - wake, read - wake, changed ? done - read : -1,
                    lateTest > tickNanos);
            if (live == 0 || t >= limitS) {
                progress = snapshot(t);
                return progress;
            }
            if (done >= nextProgress) {
                progress = snapshot(t);
                nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
            }
        }
    }

    private void handleRequests(double t) {
        while (!replayed.isEmpty() && replayed.peek().testTimeS() <= t + REPLAY_EPSILON_S) {
            OperatorAction action = replayed.poll();
            requests.add(ControlRequest.operator(action.kind(), new int[] {action.channel()}));
        }
        ControlRequest request;
        while ((request = requests.poll()) != null) {
            for (ChannelMachine machine : machines) {
                if (request.channels() == null || Arrays.binarySearch(request.channels(), machine.channel()) >= 0) {
                    switch (request.kind()) {
                        case PAUSE -> machine.pause(t, commands);
                        case RESUME -> machine.resume(t, commands);
                        case STOP -> machine.stop(t, request.message(), commands);
                    }
                }
            }
        }
    }

    /**
     * Operator actions to apply again, each at the first tick at or after its test time: how a
     * resumed run replays the pauses, resumes and stops of the run it continues. Call before
     * {@link #run()}.
     */
    public void replay(List<OperatorAction> actions) {
        replayed.addAll(actions);
    }

    /**
     * Continues a run whose controller died, from its journal: every channel's machine is rebuilt
     * from the last event of the channel that carries a checkpoint (or ends it, when its last
     * state event is terminal), and the loop's first tick falls at test time {@code testTimeS},
     * after everything in {@code journal}. A channel with no checkpoint starts the recipe afresh.
     * Each machine reads before it commands (see the step machine). Call before {@link #run()}.
     *
     * @param journal the run's journal, in order, cut back to what the data files hold
     * @throws IllegalArgumentException when a checkpoint does not fit the recipe
     */
    public void continueFrom(List<ChannelEvent> journal, double testTimeS) {
        for (ChannelMachine machine : machines) {
            ChannelEvent lastCheckpoint = null;
            ChannelEvent end = null;
            for (ChannelEvent e : journal) {
                if (e.channel() != machine.channel()) {
                    continue;
                }
                if (e.checkpoint() != null) {
                    lastCheckpoint = e;
                }
                if (e.kind() == ChannelEvent.Kind.STATE && e.state().isTerminal()) {
                    end = e;
                }
            }
            if (end != null) {
                machine.restoreEnded(end, lastCheckpoint);
            } else if (lastCheckpoint != null) {
                machine.restore(lastCheckpoint);
            }
        }
        firstTickS = testTimeS;
        progress = snapshot(testTimeS);
    }

    /** Pauses the given channels (all when null) at the next tick. */
    public void pause(int[] channels) {
        requests.add(ControlRequest.operator(OperatorAction.Kind.PAUSE, sorted(channels)));
    }

    public void resume(int[] channels) {
        requests.add(ControlRequest.operator(OperatorAction.Kind.RESUME, sorted(channels)));
    }

    public void stop(int[] channels) {
        requests.add(ControlRequest.operator(OperatorAction.Kind.STOP, sorted(channels)));
    }

    private static int[] sorted(int[] channels) {
        if (channels == null) {
            return null;
        }
        int[] copy = channels.clone();
        Arrays.sort(copy);
        return copy;
    }

    /**
     * The test time at which the recorder's failure stopped every channel, or empty when it did
     * not (control thread, or after {@link #run()} returned).
     */
    public java.util.OptionalDouble recorderFailedAtS() {
        return failedAtS < 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(failedAtS);
    }

    /** The loop's timing figures; snapshots are safe from any thread. */
    public TickStats stats() {
        return stats;
    }

    /** The latest published picture of the run; safe from any thread. */
    public RunProgress progress() {
        return progress;
    }

    private RunProgress snapshot(double t) {
        List<ChannelView> views = new ArrayList<>(machines.length);
        for (ChannelMachine machine : machines) {
            views.add(machine.view());
        }
        return new RunProgress(t, views);
    }

    /** A request for some channels (all when null); {@code message} goes into the journal. */
    private record ControlRequest(OperatorAction.Kind kind, int[] channels, String message) {
        static ControlRequest operator(OperatorAction.Kind kind, int[] channels) {
            return new ControlRequest(kind, channels, kind.message());
        }
    }
}
