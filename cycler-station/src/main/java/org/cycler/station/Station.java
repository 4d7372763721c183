package org.cycler.station;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.cycler.core.BadInputException;
import org.cycler.core.control.RunLock;
import org.cycler.core.device.DeviceClaim;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.run.FormationRun;
import org.cycler.core.schedule.OperatorAction;
import org.cycler.core.schedule.RunProgress;
import org.cycler.core.schedule.TickStats;
import org.cycler.core.store.CellRoster;
import org.cycler.station.config.StationConfig;
import org.cycler.station.jobs.Job;
import org.cycler.station.jobs.JobRefusedException;
import org.cycler.station.jobs.JobState;
import org.cycler.station.jobs.JobStore;
import org.cycler.station.jobs.Submission;
import org.cycler.station.loop.DeviceLoop;
import org.cycler.station.loop.JobRun;

/**
 * The station (DESIGN section 11): it holds its data folder (a lock, so one station per folder),
 * owns every device of its config (one connection and one {@link DeviceLoop} each), keeps the job
 * table in a {@link JobStore}, and starts queued jobs when their channels are free: FIFO per
 * device, a job never sharing a channel with a running one. Thread-safe; the HTTP API and the
 * command line call it from any thread.
 */
public final class Station implements AutoCloseable {

    /** Why a job that ran when the station stopped is STOPPED. */
    public static final String SHUT_DOWN = "the station shut down";
    /** How long closing waits for the running jobs to turn their outputs off and close their files. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private final StationConfig config;
    private final RunLock lock;
    private final JobStore store;
    private final Map<String, DeviceLoop> devices = new LinkedHashMap<>();
    private final List<DeviceClaim> claims = new ArrayList<>();
    private final Map<Long, JobRun> running = new ConcurrentHashMap<>();
    /** Per running job, done once its end is in the job table. */
    private final Map<Long, CompletableFuture<Void>> recorded = new ConcurrentHashMap<>();
    private final List<Consumer<Job>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService finisher = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "station-jobs");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<String> log;
    private boolean closing;

    private Station(StationConfig config, RunLock lock, JobStore store, Consumer<String> log) {
        this.config = config;
        this.lock = lock;
        this.store = store;
        this.log = log;
    }

    /**
     * Takes the data folder, opens the job table, connects every device, continues the jobs that
     * were running when the station last stopped, and starts what the queue allows.
     *
     * @param owner how a device claim names this station, e.g. its URL
     * @param log   where one line per job event goes (stderr)
     * @throws BadInputException when the data folder is another station's or unusable
     * @throws IOException       when a device cannot be reached
     */
    public static Station open(StationConfig config, String owner, Consumer<String> log)
            throws BadInputException, IOException {
        Path data = config.data();
        try {
            Files.createDirectories(data.resolve("runs"));
        } catch (IOException e) {
            throw new BadInputException(data + ": cannot make the data folder (" + e.getMessage() + ")", e);
        }
        RunLock lock = RunLock.tryAcquire(data).orElseThrow(() -> new BadInputException(data
                + ": another station holds this data folder (pid "
                + RunLock.holderPid(data).map(String::valueOf).orElse("?") + ")"));
        Station station = null;
        try {
            station = new Station(config, lock, JobStore.open(data), log);
            Set<String> toContinue = station.activeDevices();
            for (StationConfig.DeviceSpec spec : config.devices()) {
                station.connect(spec, toContinue.contains(spec.name()), owner);
            }
            station.recover();
            station.dispatch();
            return station;
        } catch (BadInputException | IOException | RuntimeException e) {
            if (station != null) {
                station.close();
            } else {
                lock.close();
            }
            throw e;
        }
    }

    /** The devices that had a job running or paused when the station last stopped. */
    private Set<String> activeDevices() throws BadInputException {
        try {
            Set<String> out = new HashSet<>();
            store.all().stream().filter(j -> j.state() == JobState.RUNNING || j.state() == JobState.PAUSED)
                    .forEach(j -> out.add(j.device()));
            return out;
        } catch (SQLException e) {
            throw new BadInputException(config.data() + ": cannot read the job table (" + e.getMessage() + ")", e);
        }
    }

    /** @param attach whether jobs are to be continued on the device, so its outputs are left as they are */
    private void connect(StationConfig.DeviceSpec spec, boolean attach, String owner)
            throws BadInputException, IOException {
        if (spec instanceof StationConfig.Connected connected) {
            String by = "station " + config.data() + " (pid " + ProcessHandle.current().pid() + ", " + owner + ")";
            DeviceClaim claim = DeviceClaim.tryClaim(connected.address(), by).orElseThrow(() -> new BadInputException(
                    "device '" + spec.name() + "' (" + connected.address() + ") is owned by "
                            + holderOf(connected.address())));
            claims.add(claim);
        }
        devices.put(spec.name(), DeviceLoop.open(spec, attach, finisher, log));
    }

    private static String holderOf(String address) {
        try {
            return DeviceClaim.holder(address).orElse("another station");
        } catch (IOException e) {
            return "another station";
        }
    }

    public StationConfig config() {
        return config;
    }

    /** What a client sees of one device. */
    public record DeviceView(String name, String kind, String address, int channels, int[] busyChannels,
                             double tickS, String speed) {
    }

    public List<DeviceView> devices() throws SQLException {
        List<Job> active = store.all().stream().filter(j -> j.state() == JobState.RUNNING || j.state() == JobState.PAUSED)
                .toList();
        List<DeviceView> out = new ArrayList<>();
        for (DeviceLoop d : devices.values()) {
            BitSet busy = new BitSet();
            active.stream().filter(j -> j.device().equals(d.name())).forEach(j -> Arrays.stream(j.channels()).forEach(busy::set));
            String address = d.spec() instanceof StationConfig.Connected c ? c.address()
                    : "sim:" + d.channelCount();
            out.add(new DeviceView(d.name(), d.simulated() ? "sim" : "device", address, d.channelCount(),
                    busy.stream().toArray(), d.spec().tick().toNanos() / 1e9, d.spec().speed().label()));
        }
        return out;
    }

    /** Each device's control loop figures since the station started, by device name in config order. */
    public Map<String, TickStats.Snapshot> tickStats() {
        Map<String, TickStats.Snapshot> out = new LinkedHashMap<>();
        devices.forEach((name, device) -> out.put(name, device.tickStats()));
        return out;
    }

    /** Calls {@code listener} with a job each time its state changes (on the thread that changed it). */
    public void onJobChange(Consumer<Job> listener) {
        listeners.add(listener);
    }

    public List<Job> jobs() throws SQLException {
        return store.all();
    }

    public Job job(long id) throws SQLException, JobRefusedException {
        return store.get(id).orElseThrow(() -> new JobRefusedException(JobRefusedException.Why.UNKNOWN_JOB,
                "no job " + id));
    }

    /** The live picture of a running job's channels, in its own test time; empty when it does not run. */
    public Optional<RunProgress> progress(long id) {
        JobRun run = running.get(id);
        return run == null ? Optional.empty() : Optional.of(run.group().progress());
    }

    /**
     * Queues a job (and starts it if its channels are free): checks the device, the channels and
     * the recipe, makes the job's run directory with the recipe copy, then records it.
     *
     * @param by the name of the token that submits it
     */
    public Job submit(Submission s, String by) throws JobRefusedException, SQLException, IOException {
        DeviceLoop device = devices.get(s.device());
        if (device == null) {
            throw bad("no device '" + s.device() + "' (known: " + String.join(", ", devices.keySet()) + ")");
        }
        int[] channels = s.channels();
        if (channels.length == 0) {
            throw bad("no channels given");
        }
        for (int channel : channels) {
            if (channel < 1 || channel > device.channelCount()) {
                throw bad("channel " + channel + " does not exist on " + s.device() + ", which has "
                        + device.channelCount() + " channels");
            }
        }
        Recipe recipe;
        try {
            recipe = RecipeParser.parse(s.recipeText(), s.recipeFile());
        } catch (RecipeException e) {
            throw bad(e.getMessage());
        }
        SortedMap<Integer, String> barcodes = new TreeMap<>();
        for (Map.Entry<Integer, String> e : s.barcodes().entrySet()) {
            if (Arrays.stream(channels).noneMatch(c -> c == e.getKey())) {
                throw bad("a barcode for channel " + e.getKey() + ", which the job does not run on");
            }
        }
        synchronized (this) {
            if (closing) {
                throw new JobRefusedException(JobRefusedException.Why.CONFLICT, "the station is shutting down");
            }
            Job draft = new Job(0, recipe.name(), s.recipeFile(), s.device(), channels, new TreeMap<>(), s.lot(), s.operator(),
                    by, Instant.now().toString(), JobState.QUEUED, "", "");
            Job job = store.add(draft, config.data());
            for (int channel : job.channels()) {
                barcodes.put(channel, s.barcodes().getOrDefault(channel,
                        String.format(java.util.Locale.ROOT, "J%d-%s-%03d", job.id(), s.device(), channel)));
            }
            try {
                new CellRoster(barcodes);
                Files.createDirectories(recipeOf(job).getParent());
                Files.writeString(recipeOf(job), s.recipeText());
            } catch (IllegalArgumentException e) {
                fail(job, e.getMessage());
                throw bad(e.getMessage());
            } catch (IOException e) {
                fail(job, "its run directory could not be made: " + e.getMessage());
                throw e;
            }
            job = new Job(job.id(), job.recipeName(), job.recipeFile(), job.device(), job.channels(), barcodes,
                    job.lot(), job.operator(), job.submittedBy(), job.submittedAt(), JobState.QUEUED, job.runDir(), "");
            store.setBarcodes(job);
            log.accept("job " + job.id() + " queued on " + job.device() + " channels " + channelsText(job)
                    + " by " + job.submitter() + ": " + job.recipeName());
            changed(job);
            dispatch();
            return job(job.id());
        }
    }

    /** Pauses, resumes or stops a running job's channels (all when null). */
    public synchronized Job steer(long id, OperatorAction.Kind kind, int[] channels, String by)
            throws JobRefusedException, SQLException {
        Job job = job(id);
        JobRun run = running.get(id);
        if (run == null) {
            throw new JobRefusedException(JobRefusedException.Why.CONFLICT, "job " + id + " is " + job.state()
                    + "; only a running job is paused, resumed or stopped"
                    + (job.state() == JobState.QUEUED ? " (cancel takes a queued job out of the queue)" : ""));
        }
        if (channels != null) {
            for (int channel : channels) {
                if (Arrays.stream(job.channels()).noneMatch(c -> c == channel)) {
                    throw bad("job " + id + " does not run on channel " + channel + " (it runs on "
                            + channelsText(job) + ")");
                }
            }
        }
        switch (kind) {
            case PAUSE -> run.group().pause(channels, by);
            case RESUME -> run.group().resume(channels, by);
            case STOP -> run.group().stop(channels, by);
        }
        boolean whole = channels == null || channels.length == job.channels().length;
        if (whole && kind != OperatorAction.Kind.STOP) {
            job = job.in(kind == OperatorAction.Kind.PAUSE ? JobState.PAUSED : JobState.RUNNING, "");
            store.update(job);
            changed(job);
        }
        log.accept("job " + id + ": " + kind.message(by) + (channels == null ? "" : " on channels "
                + Arrays.toString(channels)));
        return job;
    }

    /** Takes a queued job out of the queue. */
    public synchronized Job cancel(long id, String by) throws JobRefusedException, SQLException {
        Job job = job(id);
        if (job.state() != JobState.QUEUED) {
            throw new JobRefusedException(JobRefusedException.Why.CONFLICT, "job " + id + " is " + job.state()
                    + "; only a queued job is cancelled (stop ends a running one)");
        }
        job = job.in(JobState.CANCELLED, "cancelled by " + by);
        store.update(job);
        log.accept("job " + id + " cancelled by " + by);
        changed(job);
        dispatch();
        return job;
    }

    /**
     * Starts every queued job whose channels are free, in submission order per device: a job
     * waits while a running job or an earlier waiting job of its device holds one of its channels.
     */
    private synchronized void dispatch() {
        if (closing) {
            return;
        }
        List<Job> all;
        try {
            all = store.all();
        } catch (SQLException e) {
            log.accept("station: cannot read the job table: " + e.getMessage());
            return;
        }
        Map<String, BitSet> claimed = new TreeMap<>();
        for (Job job : all) {
            if (job.state() == JobState.RUNNING || job.state() == JobState.PAUSED) {
                BitSet set = claimed.computeIfAbsent(job.device(), d -> new BitSet());
                Arrays.stream(job.channels()).forEach(set::set);
            }
        }
        for (Job job : all) {
            if (job.state() != JobState.QUEUED) {
                continue;
            }
            BitSet set = claimed.computeIfAbsent(job.device(), d -> new BitSet());
            boolean free = Arrays.stream(job.channels()).noneMatch(set::get);
            Arrays.stream(job.channels()).forEach(set::set);
            if (free) {
                start(job);
            }
        }
    }

    private void start(Job job) {
        DeviceLoop device = devices.get(job.device());
        try {
            if (device == null) {
                fail(job, "its device '" + job.device() + "' is no longer in the config");
                return;
            }
            Recipe recipe = RecipeParser.parse(recipeOf(job));
            Job next = job.in(JobState.RUNNING, "");
            store.update(next);
            JobRun run = device.start(next, recipe, recipeOf(job));
            track(next, run);
            log.accept("job " + job.id() + " started on " + job.device() + " channels " + channelsText(job));
            changed(next);
        } catch (IOException | RecipeException | RuntimeException | SQLException e) {
            fail(job, "it could not start: " + e.getMessage());
        }
    }

    /** The recipe as submitted, kept with the station's state until the job's run directory copies it. */
    private Path recipeOf(Job job) {
        return config.data().resolve("jobs").resolve("job-" + job.id() + ".yaml");
    }

    private void track(Job job, JobRun run) {
        running.put(job.id(), run);
        recorded.put(job.id(), run.ended().handle((outcome, error) -> {
            running.remove(job.id());
            JobRun.Outcome o = error == null ? outcome : new JobRun.Outcome(JobState.FAILED, String.valueOf(error));
            synchronized (this) {
                try {
                    Job ended = job.in(o.state(), o.message());
                    store.update(ended);
                    log.accept("job " + job.id() + " ended " + o.state() + (o.message().isEmpty() ? "" : ": "
                            + o.message()));
                    changed(ended);
                } catch (SQLException e) {
                    log.accept("job " + job.id() + ": cannot record its end: " + e.getMessage());
                }
                dispatch();
            }
            recorded.remove(job.id());
            return null;
        }));
    }

    /**
     * The jobs that were running or paused when the station last stopped: each is continued from
     * its run directory ({@link #continueJob}) or marked FAILED with the reason.
     */
    private void recover() throws BadInputException {
        List<Job> all;
        try {
            all = store.all();
        } catch (SQLException e) {
            throw new BadInputException(config.data() + ": cannot read the job table (" + e.getMessage() + ")", e);
        }
        for (Job job : all) {
            if (job.state() == JobState.RUNNING || job.state() == JobState.PAUSED) {
                DeviceLoop device = devices.get(job.device());
                if (device == null) {
                    fail(job, "its device '" + job.device() + "' is no longer in the config");
                } else {
                    continueJob(job, device);
                }
            }
        }
    }

    /**
     * Continues {@code job}'s run directory on {@code device} after the station died while it ran.
     * A simulated job is replayed deterministically from its journal on its own cells
     * ({@link FormationRun#resume}, the same lot as the device's) and runs on to its end beside the
     * device loop, its channels held for it. A job on a connected device goes on in the device's
     * loop from the state its journal holds ({@link DeviceLoop#continueJob}), the device having
     * been attached without touching its outputs.
     */
    private void continueJob(Job job, DeviceLoop device) {
        try {
            JobRun run = device.simulated() ? JobRun.resumed(job.id(), FormationRun.resume(Path.of(job.runDir())), finisher)
                    : device.continueJob(job);
            track(job, run);
            log.accept("job " + job.id() + " continued from its run directory after a restart");
        } catch (IOException | BadInputException | RecipeException | RuntimeException e) {
            fail(job, "it could not be continued: " + e.getMessage());
        }
    }

    private void fail(Job job, String why) {
        Job failed = job.in(JobState.FAILED, why);
        try {
            store.update(failed);
        } catch (SQLException e) {
            log.accept("job " + job.id() + ": cannot record its failure: " + e.getMessage());
        }
        log.accept("job " + job.id() + " FAILED: " + why);
        changed(failed);
    }

    private void changed(Job job) {
        for (Consumer<Job> listener : listeners) {
            listener.accept(job);
        }
    }

    private static JobRefusedException bad(String message) {
        return new JobRefusedException(JobRefusedException.Why.BAD_REQUEST, message);
    }

    static String channelsText(Job job) {
        return org.cycler.core.NumberRanges.format(job.channels());
    }

    /**
     * Stops every running job (outputs off, files closed, each job STOPPED), closes the devices,
     * the job table and the data folder's lock. Queued jobs stay queued for the next start.
     */
    @Override
    public void close() {
        List<JobRun> runs;
        List<CompletableFuture<Void>> ends;
        synchronized (this) {
            closing = true;
            runs = List.copyOf(running.values());
            ends = List.copyOf(recorded.values());
        }
        for (JobRun run : runs) {
            run.group().stop(null, "(" + SHUT_DOWN + ")");
        }
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.accept("station: the running jobs did not close within " + CLOSE_WAIT.toSeconds() + " s");
        }
        for (DeviceLoop device : devices.values()) {
            try {
                device.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (DeviceClaim claim : claims) {
            closeQuietly(claim);
        }
        finisher.shutdown();
        try {
            store.close();
        } catch (SQLException e) {
            log.accept("station: closing the job table: " + e.getMessage());
        }
        closeQuietly(lock);
    }

    private void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.accept("station: " + e.getMessage());
        }
    }
}
