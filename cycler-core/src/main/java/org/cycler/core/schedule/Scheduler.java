package org.cycler.core.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
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
 * <p>The loop drives one or more {@link Group groups}: a group is one run (one recipe on a set of
 * channels, with its own recorder and its own test time, which starts at zero on the tick the
 * group joins). The public constructor makes a loop over one group that ends with it, as a
 * stand-alone run needs; {@link #shared} makes a loop that groups {@link #attach join} and leave
 * while it runs, until {@link #close()}, as a station's device needs. Channels belong to at most
 * one live group, and a group commands only its own channels.
 *
 * <p>{@link #run()} occupies the calling thread. Other threads may call {@link #pause},
 * {@link #resume}, {@link #stop}, {@link #progress()}, {@link #attach} and the methods of a
 * {@link Group} at any time; requests take effect at the next tick.
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
    private final Measurements readings;
    private final List<ChannelCommand> commands = new ArrayList<>();
    private final TickStats stats = new TickStats();
    /** The one group of a stand-alone run; null for a shared loop. */
    private final Group only;
    /** Groups the loop drives; control thread only. */
    private final List<Group> groups = new ArrayList<>();
    private final ConcurrentLinkedQueue<Group> joining = new ConcurrentLinkedQueue<>();
    /** Channels of the live groups; guarded by itself. */
    private final BitSet busy = new BitSet();
    private volatile boolean closed;

    /**
     * A loop over one run that ends when the run does.
     *
     * @param channels   the 1-based channels this run drives, each running {@code program}
     * @param unixStartS wall-clock time of test time zero, seconds since the epoch
     */
    public Scheduler(Cycler cycler, RecipeProgram program, int[] channels, RunClock clock, Duration tick,
                     RunRecorder recorder, double unixStartS) {
        this(cycler, clock, tick, program, channels, recorder, unixStartS);
    }

    private Scheduler(Cycler cycler, RunClock clock, Duration tick, RecipeProgram program, int[] channels,
                      RunRecorder recorder, double unixStartS) {
        this.cycler = Objects.requireNonNull(cycler, "cycler");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (tick.compareTo(MIN_TICK) < 0) {
            throw new IllegalArgumentException("tick must be at least " + MIN_TICK.toMillis() + " ms: " + tick);
        }
        this.tickNanos = tick.toNanos();
        readings = new Measurements(cycler.channelCount());
        if (program == null) {
            only = null;
        } else {
            only = attach(program, channels, recorder, unixStartS);
            groups.add(joining.poll());
        }
    }

    /**
     * A loop over {@code cycler} that drives the groups {@link #attach attached} to it, from the
     * tick after each joins to the tick it ends on, and runs until {@link #close()}; between
     * groups it goes on reading every channel each tick.
     */
    public static Scheduler shared(Cycler cycler, RunClock clock, Duration tick) {
        return new Scheduler(cycler, clock, tick, null, null, null, 0);
    }

    /**
     * Adds a run of {@code program} on {@code channels} to the loop: it joins at the next tick,
     * which is its test time zero. Safe from any thread.
     *
     * @param unixStartS wall-clock time of the group's test time zero, seconds since the epoch
     * @throws IllegalArgumentException when a channel does not exist or belongs to a live group
     */
    public Group attach(RecipeProgram program, int[] channels, RunRecorder recorder, double unixStartS) {
        Group group = claim(program, channels, recorder, unixStartS);
        joining.add(group);
        return group;
    }

    /**
     * As {@link #attach}, for a run whose controller died: the group's machines are rebuilt from
     * {@code journal} as {@link #continueFrom} rebuilds a stand-alone run's, and its first tick
     * falls at test time {@code testTimeS}. Safe from any thread.
     *
     * @throws IllegalArgumentException when a channel does not exist or belongs to a live group,
     *                                  or a checkpoint does not fit the recipe
     */
    public Group attachContinuing(RecipeProgram program, int[] channels, RunRecorder recorder, double unixStartS,
                                  List<ChannelEvent> journal, double testTimeS) {
        Group group = claim(program, channels, recorder, unixStartS);
        try {
            group.continueFrom(journal, testTimeS);
        } catch (RuntimeException e) {
            release(group);
            throw e;
        }
        joining.add(group);
        return group;
    }

    /** A new group on {@code channels}, which it holds from now on; not yet in the loop. */
    private Group claim(RecipeProgram program, int[] channels, RunRecorder recorder, double unixStartS) {
        Objects.requireNonNull(recorder, "recorder");
        if (channels.length == 0) {
            throw new IllegalArgumentException("a run drives at least one channel");
        }
        ChannelMachine[] machines = new ChannelMachine[channels.length];
        for (int k = 0; k < channels.length; k++) {
            int channel = channels[k];
            if (channel < 1 || channel > cycler.channelCount()) {
                throw new IllegalArgumentException("channel " + channel + " does not exist on a "
                        + cycler.channelCount() + "-channel cycler");
            }
            machines[k] = new ChannelMachine(channel, program, recorder, !clock.isVirtual(), checkpointFloorS(clock),
                    cycler.appliesWithNextRead());
        }
        Group group = new Group(machines, recorder, unixStartS);
        synchronized (busy) {
            for (int channel : channels) {
                if (busy.get(channel)) {
                    throw new IllegalArgumentException("channel " + channel + " belongs to another run");
                }
            }
            for (int channel : channels) {
                busy.set(channel);
            }
        }
        return group;
    }

    private void release(Group group) {
        synchronized (busy) {
            for (ChannelMachine machine : group.machines) {
                busy.clear(machine.channel());
            }
        }
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

    /** Runs the loop to its end: every channel's end for a stand-alone run, {@link #close()} for a shared one. */
    public RunProgress run() {
        return run(Double.POSITIVE_INFINITY);
    }

    /**
     * Runs the loop until its end or until its test time passes {@code limitS} seconds, whichever
     * comes first; channels still running at the limit are left as they are. Returns the final
     * picture of a stand-alone run, and of a shared loop the picture of no channel.
     */
    public RunProgress run(double limitS) {
        long origin = clock.ticker().nanos();
        if (only != null) {
            only.originNanos = origin;
        }
        long nextProgress = System.nanoTime();
        for (long k = 0; ; k++) {
            long deadline = origin + k * tickNanos;
            long now = clock.awaitUntil(deadline);
            long wake = System.nanoTime();
            double t = (only != null ? only.firstTickS : 0) + (now - origin) / 1e9;
            cycler.read(readings);
            long read = System.nanoTime();
            for (Group joined; (joined = joining.poll()) != null; ) {
                joined.originNanos = now;
                groups.add(joined);
            }
            boolean publish = wake >= nextProgress;
            for (int g = 0; g < groups.size(); g++) {
                Group group = groups.get(g);
                double groupT = group.firstTickS + (now - group.originNanos) / 1e9;
                if (!group.tick(groupT, readings, commands) || t >= limitS || publish) {
                    group.publish(groupT);
                }
                group.recorder.endOfTick();
            }
            boolean changed = !commands.isEmpty();
            if (changed) {
                if (!clock.isVirtual()) {
                    long until = System.nanoTime() + clock.wallNanos(tickNanos) / 2;
                    for (Group group : groups) {
                        group.recorder.sync(Math.max(0, until - System.nanoTime()));
                    }
                }
                cycler.apply(commands);
                commands.clear();
            }
            long done = System.nanoTime();
            long lateTest = now - deadline;
            stats.record(clock.wallNanos(lateTest), done - wake, read - wake, changed ? done - read : -1,
                    lateTest > tickNanos);
            if (publish) {
                nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
            }
            if (only != null && (!only.live || t >= limitS)) {
                return only.progress;
            }
            removeEnded();
            if (closed || t >= limitS) {
                return new RunProgress(t, List.of());
            }
        }
    }

    private void removeEnded() {
        for (int g = groups.size() - 1; g >= 0; g--) {
            Group group = groups.get(g);
            if (!group.live) {
                groups.remove(g);
                release(group);
                group.ended.complete(group.progress);
            }
        }
    }

    /** Ends a shared loop's {@link #run()} after the tick in progress; its groups are left as they are. */
    public void close() {
        closed = true;
    }

    /**
     * Operator actions to apply again, each at the first tick at or after its test time: how a
     * resumed run replays the pauses, resumes and stops of the run it continues. Call before
     * {@link #run()}.
     */
    public void replay(List<OperatorAction> actions) {
        single().replay(actions);
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
        single().continueFrom(journal, testTimeS);
    }

    /** Pauses the given channels (all when null) at the next tick. */
    public void pause(int[] channels) {
        single().pause(channels);
    }

    public void resume(int[] channels) {
        single().resume(channels);
    }

    public void stop(int[] channels) {
        single().stop(channels);
    }

    /**
     * The test time at which the recorder's failure stopped every channel, or empty when it did
     * not (control thread, or after {@link #run()} returned).
     */
    public OptionalDouble recorderFailedAtS() {
        return single().recorderFailedAtS();
    }

    /** The loop's timing figures; snapshots are safe from any thread. */
    public TickStats stats() {
        return stats;
    }

    /** The latest published picture of the run; safe from any thread. */
    public RunProgress progress() {
        return single().progress();
    }

    /** The one group of a stand-alone run, to steer it as a shared loop's groups are steered. */
    public Group group() {
        return single();
    }

    private Group single() {
        if (only == null) {
            throw new IllegalStateException("a shared loop is steered through its groups");
        }
        return only;
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
     * One run inside the loop: its channels' step machines, its recorder, its requests and its
     * test time. Steering and reading methods are safe from any thread; the loop alone ticks it.
     */
    public static final class Group {

        private final ChannelMachine[] machines;
        private final RunRecorder recorder;
        private final double unixStartS;
        private final ConcurrentLinkedQueue<ControlRequest> requests = new ConcurrentLinkedQueue<>();
        private final PriorityQueue<OperatorAction> replayed =
                new PriorityQueue<>(Comparator.comparingDouble(OperatorAction::testTimeS));
        private final CompletableFuture<RunProgress> ended = new CompletableFuture<>();
        /** Clock reading of the group's test time zero, nanoseconds; control thread only. */
        private long originNanos;
        private boolean live = true;
        private double failedAtS = -1;
        private volatile RunProgress progress;
        /** Test time of the group's first tick: 0 for a new run, later for one continued from its journal. */
        private double firstTickS;

        private Group(ChannelMachine[] machines, RunRecorder recorder, double unixStartS) {
            this.machines = machines;
            this.recorder = recorder;
            this.unixStartS = unixStartS;
            progress = snapshot(0);
        }

        /** As {@link Scheduler#continueFrom}, for this group; call before it joins its loop's first tick. */
        void continueFrom(List<ChannelEvent> journal, double testTimeS) {
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

        /** Runs the group's machines on one reading at group time {@code t}; false once every channel has ended. */
        private boolean tick(double t, Measurements readings, List<ChannelCommand> commands) {
            if (recorder.failure() != null && failedAtS < 0) {
                failedAtS = t;
                requests.add(new ControlRequest(OperatorAction.Kind.STOP, null, RECORDER_FAILED));
            }
            handleRequests(t, commands);
            int running = 0;
            for (ChannelMachine machine : machines) {
                int ch = machine.channel();
                machine.onReading(t, unixStartS + t, readings.voltage(ch), readings.current(ch),
                        readings.temperature(ch), readings.status(ch), commands);
                if (!machine.state().isTerminal() || machine.awaitsFinalRow()) {
                    running++;
                }
            }
            live = running > 0;
            return live;
        }

        private void handleRequests(double t, List<ChannelCommand> commands) {
            while (!replayed.isEmpty() && replayed.peek().testTimeS() <= t + REPLAY_EPSILON_S) {
                OperatorAction action = replayed.poll();
                requests.add(ControlRequest.operator(action.kind(), new int[] {action.channel()}, null));
            }
            ControlRequest request;
            while ((request = requests.poll()) != null) {
                for (ChannelMachine machine : machines) {
                    if (request.channels() == null || Arrays.binarySearch(request.channels(), machine.channel()) >= 0) {
                        switch (request.kind()) {
                            case PAUSE -> machine.pause(t, request.message(), commands);
                            case RESUME -> machine.resume(t, request.message(), commands);
                            case STOP -> machine.stop(t, request.message(), commands);
                        }
                    }
                }
            }
        }

        private void publish(double t) {
            progress = snapshot(t);
        }

        private RunProgress snapshot(double t) {
            List<ChannelView> views = new ArrayList<>(machines.length);
            for (ChannelMachine machine : machines) {
                views.add(machine.view());
            }
            return new RunProgress(t, views);
        }

        /** See {@link Scheduler#replay}; call before the group joins the loop's first tick. */
        public void replay(List<OperatorAction> actions) {
            replayed.addAll(actions);
        }

        /** Pauses the given channels (all of the group's when null) at the next tick. */
        public void pause(int[] channels) {
            pause(channels, null);
        }

        /**
         * Pauses the given channels (all when null) at the next tick; {@code by} (null: nobody
         * named) is who asked, written into the journal with the action.
         */
        public void pause(int[] channels, String by) {
            requests.add(ControlRequest.operator(OperatorAction.Kind.PAUSE, sorted(channels), by));
        }

        public void resume(int[] channels) {
            resume(channels, null);
        }

        public void resume(int[] channels, String by) {
            requests.add(ControlRequest.operator(OperatorAction.Kind.RESUME, sorted(channels), by));
        }

        public void stop(int[] channels) {
            stop(channels, null);
        }

        public void stop(int[] channels, String by) {
            requests.add(ControlRequest.operator(OperatorAction.Kind.STOP, sorted(channels), by));
        }

        /** See {@link Scheduler#recorderFailedAtS()}. */
        public OptionalDouble recorderFailedAtS() {
            return failedAtS < 0 ? OptionalDouble.empty() : OptionalDouble.of(failedAtS);
        }

        /** The latest published picture of the group, in its own test time; safe from any thread. */
        public RunProgress progress() {
            return progress;
        }

        /**
         * Completes with the final picture on the tick every channel of the group has ended, on the
         * loop's thread (continue with an {@code ...Async} method for anything slow); the group's
         * channels are free for another group from then on.
         */
        public CompletableFuture<RunProgress> ended() {
            return ended;
        }
    }

    /** A request for some channels (all when null); {@code message} goes into the journal. */
    private record ControlRequest(OperatorAction.Kind kind, int[] channels, String message) {
        static ControlRequest operator(OperatorAction.Kind kind, int[] channels, String by) {
            return new ControlRequest(kind, channels, kind.message(by));
        }
    }
}
