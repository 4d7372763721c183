package org.cycler.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.cycler.core.recipe.Recipe;
import org.cycler.core.schedule.RecipeProgram;
import org.cycler.core.schedule.RunClock;
import org.cycler.core.schedule.RunProgress;
import org.cycler.core.schedule.Scheduler;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.CsvRunRecorder;
import org.cycler.core.store.RunDirectory;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Measurements;
import org.cycler.hal.Ticker;
import org.cycler.hal.VirtualTicker;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.sim.SimulatedInstrument;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Simulated cell-hours per wall second: a recipe on N simulated cells end to end (scheduler,
 * step machines, logger thread, CSV files) on the virtual clock, beside the bare cell model
 * stepping the same cells for the same cell-time with no scheduler around it. The cells measure
 * through a {@link SimulatedInstrument} of the given accuracy class, in both parts.
 *
 * <p>{@link #warmUp} runs both parts once first, not timed, so that neither is measured while
 * the JIT compiler is still at work on it (without it, the part timed first pays for compiling
 * the code both share).
 *
 * <p>Beside wall time, each part reports the CPU time it took: the whole process's for the end
 * to end part (control thread, writer thread, compiler and collector), the calling thread's for
 * the bare model. On a machine shared with other work the wall-time figures fall with the load,
 * the CPU-time ones much less: they say what the code costs.
 */
public final class SimBench {

    private SimBench() {
    }

    /**
     * @param ratio                    end-to-end rate over the bare kernel's, wall time
     * @param endToEndCellHoursPerCpuS end to end, cell-hours per CPU second of the whole process
     * @param kernelCellHoursPerCpuS   bare model, cell-hours per CPU second of its thread
     * @param cpuRatio                 the first over the second
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String accuracy, int channels, double tickS, double cellHours, double endToEndCellHoursPerS,
                         double kernelCellHoursPerS, double ratio, double endToEndCellHoursPerCpuS,
                         double kernelCellHoursPerCpuS, double cpuRatio, long rows, JvmMeter.Figures jvm) {
    }

    /** Both parts once, untimed. */
    public static void warmUp(Recipe recipe, int channels, Duration tick, AccuracyClass accuracy) throws IOException {
        run(recipe, channels, tick, accuracy);
    }

    /** CPU time of the whole process so far, nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static Result run(Recipe recipe, int channels, Duration tick, AccuracyClass accuracy) throws IOException {
        Chemistry chemistry = recipe.cell().chemistry().map(Chemistry::valueOf).orElse(Chemistry.NMC);
        double nominal = recipe.cell().hasNominalCapacity() ? recipe.cell().nominalCapacityAh()
                : chemistry.referenceCapacityAh();
        List<CellParameters> cells = CellLot.generate(chemistry, nominal, channels, 1, 0);
        Path dir = Files.createTempDirectory("cycler-bench-sim");
        try {
            RunDirectory run = RunDirectory.create(dir.resolve("run"));
            CellRoster roster = CellRoster.generated("S", channels);
            RunClock clock = RunClock.virtual();
            long start = System.nanoTime();
            long startCpu = processCpuNanos();
            RunProgress end;
            long rows;
            JvmMeter.Figures figures;
            try (JvmMeter jvm = new JvmMeter();
                 CsvRunRecorder recorder = new CsvRunRecorder(run, roster.barcodes(), true)) {
                Scheduler scheduler = new Scheduler(simulator(clock.ticker(), cells, accuracy),
                        new RecipeProgram(recipe), roster.channels(), clock, tick, recorder, 0);
                end = scheduler.run();
                recorder.close();
                rows = recorder.writtenRows();
                figures = jvm.figures();
            }
            double e2eS = (System.nanoTime() - start) / 1e9;
            double e2eCpuS = (processCpuNanos() - startCpu) / 1e9;
            double cellSeconds = end.channels().stream().mapToDouble(c -> c.testTimeS()).sum();
            long kernelCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            double kernelS = kernel(cells, (long) Math.ceil(end.testTimeS() / (tick.toNanos() / 1e9)), tick, accuracy);
            double kernelCpuS = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - kernelCpu) / 1e9;
            double cellHours = cellSeconds / 3600;
            double kernelCellHours = end.testTimeS() * channels / 3600;
            return new Result(accuracy.name(), channels, tick.toNanos() / 1e9, cellHours, cellHours / e2eS,
                    kernelCellHours / kernelS, (cellHours / e2eS) / (kernelCellHours / kernelS), cellHours / e2eCpuS,
                    kernelCellHours / kernelCpuS, (cellHours / e2eCpuS) / (kernelCellHours / kernelCpuS), rows, figures);
        } finally {
            TickBench.deleteTree(dir);
        }
    }

    /**
     * The median of each figure across passes of one class (the upper one of an even count); the
     * JVM figures are the pass with the median end-to-end rate's.
     */
    public static Result median(List<Result> passes) {
        if (passes.isEmpty()) {
            throw new IllegalArgumentException("no passes");
        }
        Result mid = passes.stream().sorted(Comparator.comparingDouble(Result::endToEndCellHoursPerS))
                .toList().get(passes.size() / 2);
        return new Result(mid.accuracy(), mid.channels(), mid.tickS(), mid.cellHours(),
                median(passes, Result::endToEndCellHoursPerS), median(passes, Result::kernelCellHoursPerS),
                median(passes, Result::ratio), median(passes, Result::endToEndCellHoursPerCpuS),
                median(passes, Result::kernelCellHoursPerCpuS), median(passes, Result::cpuRatio), mid.rows(), mid.jvm());
    }

    private static double median(List<Result> passes, ToDoubleFunction<Result> figure) {
        double[] values = passes.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }

    /** Wall seconds for the bare model to step every cell {@code steps} ticks under a setpoint. */
    private static double kernel(List<CellParameters> cells, long steps, Duration tick, AccuracyClass accuracy) {
        VirtualTicker ticker = new VirtualTicker();
        SimulatedCycler sim = simulator(ticker, cells, accuracy);
        Measurements m = new Measurements(cells.size());
        List<ChannelCommand> charge = new java.util.ArrayList<>();
        List<ChannelCommand> discharge = new java.util.ArrayList<>();
        for (int ch = 1; ch <= cells.size(); ch++) {
            charge.add(new ChannelCommand.ConstantCurrent(ch, cells.get(ch - 1).capacityAh() / 5));
            discharge.add(new ChannelCommand.ConstantCurrent(ch, -cells.get(ch - 1).capacityAh() / 5));
        }
        long start = System.nanoTime();
        long halfCycle = Math.round(3.5 * 3600 / (tick.toNanos() / 1e9));
        for (long k = 0; k < steps; k++) {
            if (k % halfCycle == 0) {
                sim.apply((k / halfCycle) % 2 == 0 ? charge : discharge);
            }
            ticker.advance(tick);
            sim.read(m);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static SimulatedCycler simulator(Ticker ticker, List<CellParameters> cells, AccuracyClass accuracy) {
        return new SimulatedCycler(ticker, cells, 25, SimulatedCycler.DEFAULT_SERIAL,
                new SimulatedInstrument(accuracy, cells.size(), 1, 1));
    }
}
