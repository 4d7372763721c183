package org.cycler.core.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cycler.core.BadInputException;
import org.cycler.core.recipe.Measure;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.Step;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.schedule.ChannelEvent;
import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunInfo;
import org.cycler.core.store.RunReader;

/**
 * Reads every cell's grading figures (DESIGN section 6) from a finished run directory: which steps
 * measure what comes from the run's {@code recipe.yaml}, the values from the last data row of those
 * steps, how each channel ended from {@code journal.log}, and the efficiencies from
 * {@code cycles.csv}.
 *
 * <ul>
 *   <li>Capacity: {@code Step Discharging Capacity / Ah} at the end of the last completed
 *       execution of a {@code measure: capacity} step; energy: the test-level
 *       {@code Discharging Energy / Wh} gained over that execution.</li>
 *   <li>DCIR (IEC 61960 two-step): {@code R = (V2 - V1) / (I2 - I1)} with signed currents, V1, I1 at
 *       the end of the last completed {@code dcir-base} before the last completed
 *       {@code dcir-pulse}, V2, I2 at that pulse's end; for discharge pulses this is
 *       {@code (V1 - V2) / (|I2| - |I1|)}.</li>
 *   <li>OCV: voltage at the end of the latest completed {@code measure: ocv} rest.</li>
 *   <li>A step's end voltage and current, for DCIR, OCV and K, are not its last row alone but a
 *       straight line fitted through the rows of the step's last half, evaluated at its end
 *       ({@link StepEndFit}), so that one noisy reading does not become a figure.</li>
 *   <li>K: {@code (OCV1 - OCV2) / (t2 - t1)} over {@code Unix Time / s}, from the first and the
 *       last OCV point of the run, or from this run's last and the aging run's first OCV point
 *       when an aging run is given (cells matched by barcode).</li>
 *   <li>Efficiencies: {@code Coulombic Efficiency / 1} of the first and of the last cycle that
 *       has one (a cycle without a charge and a discharge of comparable depth has none).</li>
 * </ul>
 * A step execution counts only when it completed: a later step started, or the channel ended DONE.
 * A data file that ends before the step count the journal ended the channel in, or in a torn row,
 * is truncated: a figure it lacks says so, naming the file and the row, instead of blaming a step.
 * A figure that cannot be had is missing with a reason, such as
 * {@code step 9 did not complete (channel UNSAFE in step 9: voltage limit: ...)}.
 *
 * <p>Data files are streamed row by row, one channel per processor at a time; memory does not grow
 * with their length (a step's end fit keeps at most {@value StepEndFit#MAX_ROWS} rows). Stateless.
 */
public final class RunFigures {

    /** Smallest base-to-pulse current step a DCIR is computed from, amperes. */
    public static final double MIN_DCIR_CURRENT_STEP_A = 1e-3;

    private RunFigures() {
    }

    /** Figures of every cell in {@code run}, in channel order. */
    public static List<CellFigures> read(RunDirectory run) throws BadInputException, RecipeException {
        return read(run, Optional.empty());
    }

    /**
     * Figures of every cell in {@code run}, in channel order; with {@code aging}, a later run of the
     * same cells (matched by barcode) whose first OCV point gives K and whose latest OCV point is
     * the cell's OCV.
     */
    public static List<CellFigures> read(RunDirectory run, Optional<RunDirectory> aging)
            throws BadInputException, RecipeException {
        Map<Integer, ChannelScan> scans = scan(run);
        Map<String, ChannelScan> later = new HashMap<>();
        String agingName = "";
        if (aging.isPresent()) {
            agingName = aging.get().root().toString();
            for (ChannelScan s : scan(aging.get()).values()) {
                later.put(s.barcode, s);
            }
        }
        List<CellFigures> cells = new ArrayList<>();
        for (ChannelScan s : scans.values()) {
            cells.add(s.figures(aging.isPresent(), later.get(s.barcode), agingName));
        }
        return cells;
    }

    private static Map<Integer, ChannelScan> scan(RunDirectory run) throws BadInputException, RecipeException {
        RunReader reader = new RunReader(run);
        RunInfo info = reader.info();
        if (info.channels() == null || info.channels().isEmpty()) {
            throw new BadInputException(run.runInfo() + ": no channels (expected the channel -> barcode map)");
        }
        Recipe recipe = RecipeParser.parse(run.recipeCopy());
        Map<Integer, Measure> measures = new HashMap<>();
        for (Step step : recipe.steps()) {
            step.measure().ifPresent(m -> measures.put(step.id(), m));
        }
        Map<Integer, ChannelEnd> ends = channelEnds(reader);
        Map<Integer, TreeMap<Integer, Double>> efficiencies = efficiencies(reader);
        Map<Integer, ChannelScan> scans = new TreeMap<>();
        for (RunInfo.ChannelInfo ch : info.channels()) {
            scans.put(ch.channel(), new ChannelScan(ch.channel(), ch.barcode(), measures,
                    ends.getOrDefault(ch.channel(), ChannelEnd.UNFINISHED),
                    efficiencies.getOrDefault(ch.channel(), new TreeMap<>())));
        }
        readAll(reader, scans);
        return scans;
    }

    /** Streams the channels' data files, one file per task, on up to one thread per processor. */
    private static void readAll(RunReader reader, Map<Integer, ChannelScan> scans) throws BadInputException {
        int threads = Math.min(scans.size(), Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "grading-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (ChannelScan s : scans.values()) {
                tasks.add(pool.submit(() -> {
                    s.readData(reader);
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof BadInputException bad) {
                        throw bad;
                    }
                    throw new IllegalStateException("reading run data failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BadInputException("interrupted while reading " + reader.directory().dataDir(), e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The last terminal STATE event of each channel. */
    private static Map<Integer, ChannelEnd> channelEnds(RunReader reader) throws BadInputException {
        Map<Integer, ChannelEnd> ends = new HashMap<>();
        for (ChannelEvent e : reader.journal()) {
            if (e.kind() == ChannelEvent.Kind.STATE && e.state().isTerminal()) {
                ends.put(e.channel(), new ChannelEnd(e.state(), Optional.ofNullable(e.reason()),
                        e.message() == null ? "" : e.message(), e.stepId(), e.stepCount()));
            }
        }
        return ends;
    }

    /** Channel -> cycle -> coulombic efficiency, for the cycles that have one. */
    private static Map<Integer, TreeMap<Integer, Double>> efficiencies(RunReader reader)
            throws BadInputException {
        Map<Integer, TreeMap<Integer, Double>> out = new HashMap<>();
        try {
            reader.cycles(row -> {
                double ce = row.coulombicEfficiency();
                if (!Double.isNaN(ce)) {
                    out.computeIfAbsent(row.channel(), k -> new TreeMap<>()).put(row.cycleCount(), ce);
                }
            });
        } catch (IOException e) {
            throw new BadInputException(reader.directory().cycles() + ": cannot read cycles (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /** One channel's data, reduced to the step ends grading needs while it streams by. */
    private static final class ChannelScan {
        private final int channel;
        private final String barcode;
        private final Map<Integer, Measure> measures;
        private final ChannelEnd end;
        private final TreeMap<Integer, Double> efficiencies;
        private final Map<Measure, StepEnd> lastCompleted = new EnumMap<>(Measure.class);
        private final Map<Measure, StepEnd> lastSeen = new EnumMap<>(Measure.class);
        private StepEnd firstOcv;
        /** The last completed dcir-base, and the one that preceded the last completed pulse. */
        private StepEnd base;
        private StepEnd baseOfPulse;
        private boolean noDataFile;
        /** Why the data file is known to be cut short, or null when it is whole (or cannot be told). */
        private String truncated;

        ChannelScan(int channel, String barcode, Map<Integer, Measure> measures, ChannelEnd end,
                    TreeMap<Integer, Double> efficiencies) {
            this.channel = channel;
            this.barcode = barcode;
            this.measures = measures;
            this.end = end;
            this.efficiencies = efficiencies;
        }

        /** The row before the current one, the current step's first energy, and a torn row's message. */
        private RunReader.DataRow previous;
        private double energyAtStepStart;
        private String tornAt;
        /** The current step's end point, fitted while its rows stream by when its figure needs one. */
        private final StepEndFit endFit = new StepEndFit();
        private boolean fitting;

        void readData(RunReader reader) throws BadInputException {
            Path file = reader.directory().dataFile(channel);
            if (!Files.exists(file)) {
                noDataFile = true;
                return;
            }
            if (end.finished() && empty(file)) {
                truncated = file + " is truncated at row 1: the file is empty, but the journal has the channel "
                        + end.state() + " in step " + end.stepId() + " (step count " + end.stepCount() + ")";
                return;
            }
            try {
                reader.dataRows(channel, this::row);
            } catch (IOException e) {
                throw new BadInputException(file + ": cannot read data (" + e.getMessage() + ")", e);
            }
            if (previous != null) {
                long lastStepCount = previous.stepCount();
                if (end.finished() && (tornAt != null || lastStepCount < end.stepCount())) {
                    truncated = String.format(Locale.ROOT, "%s is truncated at row %d (line %d): the data ends in "
                            + "step %d (step count %d), but the journal has the channel %s in step %d (step count %d)",
                            file, previous.line(), previous.line() + 1, previous.stepId(), lastStepCount,
                            end.state(), end.stepId(), end.stepCount());
                }
                stepEnded(previous, end.done() && truncated == null, energyAtStepStart);
            } else if (end.finished()) {
                truncated = file + " is truncated at row 1 (line 2): it holds no data row, but the journal has the "
                        + "channel " + end.state() + " in step " + end.stepId() + " (step count " + end.stepCount() + ")";
            }
        }

        /** One data row: a complete row after a torn one is an error; a change of step count ends a step. */
        private void row(RunReader.DataRow row) throws BadInputException {
            if (tornAt != null) {
                throw new BadInputException(tornAt);
            }
            if (!row.complete()) {
                tornAt = row.where() + ": " + row.size() + " columns (expected " + BdfColumns.ALL.size() + ")";
                return;
            }
            if (previous == null || !row.sameStep(previous)) {
                if (previous != null) {
                    double energyAtEnd = previous.dischargingWh();
                    stepEnded(previous, true, energyAtStepStart);
                    energyAtStepStart = energyAtEnd;
                }
                Measure measure = measures.get(row.stepId());
                fitting = measure != null && measure != Measure.CAPACITY;
                endFit.clear();
            }
            if (fitting) {
                endFit.add(row.testTimeS(), row.voltageV(), row.currentA());
            }
            previous = row;
        }

        private static boolean empty(Path file) throws BadInputException {
            try {
                return Files.size(file) == 0;
            } catch (IOException e) {
                throw new BadInputException(file + ": cannot read data (" + e.getMessage() + ")", e);
            }
        }

        private void stepEnded(RunReader.DataRow row, boolean completed, double energyAtStart) throws BadInputException {
            int stepId = row.stepId();
            Measure measure = measures.get(stepId);
            if (measure == null) {
                return;
            }
            double voltage = row.voltageV();
            double current = row.currentA();
            if (fitting) {
                endFit.fit();
                voltage = endFit.voltageV();
                current = endFit.currentA();
            }
            StepEnd e = new StepEnd(stepId, row.stepCount(), completed, voltage, current, row.unixTimeS(),
                    row.stepDischargingAh(), row.dischargingWh() - energyAtStart, row.line());
            lastSeen.put(measure, e);
            if (!completed) {
                return;
            }
            lastCompleted.put(measure, e);
            if (measure == Measure.OCV && firstOcv == null) {
                firstOcv = e;
            } else if (measure == Measure.DCIR_BASE) {
                base = e;
            } else if (measure == Measure.DCIR_PULSE) {
                baseOfPulse = base;
            }
        }

        CellFigures figures(boolean withAging, ChannelScan later, String agingName) {
            Map<Figure, Double> values = new EnumMap<>(Figure.class);
            Map<Figure, String> missing = new EnumMap<>(Figure.class);
            StepEnd capacity = completed(Measure.CAPACITY, missing, Figure.CAPACITY);
            if (capacity != null) {
                values.put(Figure.CAPACITY, capacity.dischargeAh());
                values.put(Figure.ENERGY, capacity.dischargeWh());
            } else {
                missing.put(Figure.ENERGY, missing.get(Figure.CAPACITY));
            }
            dcir(values, missing);
            ocvAndK(withAging, later, agingName, values, missing);
            efficiencies(values, missing);
            return new CellFigures(channel, barcode, end, values, missing);
        }

        /** The last completed execution of {@code measure}'s steps, or null with the reason put in {@code missing}. */
        private StepEnd completed(Measure measure, Map<Figure, String> missing, Figure figure) {
            StepEnd done = lastCompleted.get(measure);
            if (done != null) {
                return done;
            }
            missing.put(figure, whyNot(measure));
            return null;
        }

        private String whyNot(Measure measure) {
            List<Integer> ids = measures.entrySet().stream().filter(e -> e.getValue() == measure)
                    .map(Map.Entry::getKey).sorted().toList();
            if (ids.isEmpty()) {
                return "the recipe has no 'measure: " + measure.tag() + "' step";
            }
            if (noDataFile) {
                return "no data file (" + end.describe() + ")";
            }
            if (truncated != null) {
                return truncated;
            }
            StepEnd seen = lastSeen.get(measure);
            if (seen != null) {
                return "step " + seen.stepId() + " did not complete (" + end.describe() + ")";
            }
            return "step " + ids.get(0) + " never ran (" + end.describe() + ")";
        }

        /** The first step measuring {@code measure} after step {@code stepId} in the recipe, or 0. */
        private int laterStep(Measure measure, int stepId) {
            return measures.entrySet().stream().filter(e -> e.getValue() == measure && e.getKey() > stepId)
                    .mapToInt(Map.Entry::getKey).min().orElse(0);
        }

        private void dcir(Map<Figure, Double> values, Map<Figure, String> missing) {
            StepEnd pulse = completed(Measure.DCIR_PULSE, missing, Figure.DCIR);
            if (pulse == null) {
                return;
            }
            if (baseOfPulse == null) {
                StepEnd anyBase = lastCompleted.get(Measure.DCIR_BASE);
                missing.put(Figure.DCIR, anyBase == null ? whyNot(Measure.DCIR_BASE)
                        : "no completed dcir-base step before dcir-pulse step " + pulse.stepId());
                return;
            }
            double di = pulse.currentA() - baseOfPulse.currentA();
            if (Math.abs(di) < MIN_DCIR_CURRENT_STEP_A) {
                missing.put(Figure.DCIR, String.format(Locale.ROOT,
                        "dcir-pulse current %.4f A is no different from dcir-base current %.4f A",
                        pulse.currentA(), baseOfPulse.currentA()));
                return;
            }
            double r = (pulse.voltageV() - baseOfPulse.voltageV()) / di;
            if (!(r > 0) || !Double.isFinite(r)) {
                missing.put(Figure.DCIR, String.format(Locale.ROOT,
                        "DCIR is not positive (V1 %.6f V at %.4f A, V2 %.6f V at %.4f A)",
                        baseOfPulse.voltageV(), baseOfPulse.currentA(), pulse.voltageV(), pulse.currentA()));
                return;
            }
            values.put(Figure.DCIR, r);
        }

        private void ocvAndK(boolean withAging, ChannelScan later, String agingName, Map<Figure, Double> values,
                             Map<Figure, String> missing) {
            StepEnd last = completed(Measure.OCV, missing, Figure.OCV);
            if (last == null) {
                missing.put(Figure.K, "no OCV point: " + missing.get(Figure.OCV));
                return;
            }
            if (!withAging) {
                values.put(Figure.OCV, last.voltageV());
                StepEnd seen = lastSeen.get(Measure.OCV);
                if (firstOcv.stepCount() != last.stepCount()) {
                    kValue(firstOcv, last, values, missing);
                } else if (seen.stepCount() != last.stepCount()) {
                    missing.put(Figure.K, "no second OCV point: step " + seen.stepId() + " did not complete ("
                            + end.describe() + ")");
                } else if (truncated != null) {
                    missing.put(Figure.K, "no second OCV point: " + truncated);
                } else if (laterStep(Measure.OCV, last.stepId()) > 0) {
                    missing.put(Figure.K, "no second OCV point: step " + laterStep(Measure.OCV, last.stepId())
                            + " never ran (" + end.describe() + ")");
                } else {
                    missing.put(Figure.K, "needs two OCV points and the run has one "
                            + "(run a recipe that measures OCV before and after an aging rest, or grade with --aging)");
                }
                return;
            }
            StepEnd agedLast = later == null ? null : later.lastCompleted.get(Measure.OCV);
            if (agedLast == null) {
                values.put(Figure.OCV, last.voltageV());
                missing.put(Figure.K, later == null
                        ? "barcode not in the aging run " + agingName
                        : "no OCV point in the aging run: " + later.whyNot(Measure.OCV));
                return;
            }
            values.put(Figure.OCV, agedLast.voltageV());
            kValue(last, later.firstOcv, values, missing);
        }

        private static void kValue(StepEnd first, StepEnd second, Map<Figure, Double> values, Map<Figure, String> missing) {
            double dt = second.unixTimeS() - first.unixTimeS();
            if (!(dt > 0)) {
                missing.put(Figure.K, String.format(Locale.ROOT,
                        "the second OCV point (Unix time %.3f s) is not later than the first (%.3f s)",
                        second.unixTimeS(), first.unixTimeS()));
                return;
            }
            values.put(Figure.K, (first.voltageV() - second.voltageV()) / dt);
        }

        private void efficiencies(Map<Figure, Double> values, Map<Figure, String> missing) {
            if (!efficiencies.isEmpty()) {
                values.put(Figure.FIRST_CYCLE_CE, efficiencies.firstEntry().getValue());
                values.put(Figure.LAST_CYCLE_CE, efficiencies.lastEntry().getValue());
            } else {
                String why = "cycles.csv has no cycle with a coulombic efficiency (none with a charge and a discharge "
                        + "of comparable depth)";
                missing.put(Figure.FIRST_CYCLE_CE, why);
                missing.put(Figure.LAST_CYCLE_CE, why);
            }
        }
    }
}
