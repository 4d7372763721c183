package org.cycler.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cycler.core.schedule.Sample;
import org.cycler.core.schedule.StepType;
import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.CsvRunRecorder;
import org.cycler.core.store.RunDirectory;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Rows per second through our logging path (the scheduler's side hands {@link Sample}s to
 * {@link CsvRunRecorder}, whose thread formats and writes one BDF file per channel) beside a bare
 * Commons CSV writer printing the same rows' values to the same number of files on one thread.
 */
public final class LogBench {

    private LogBench() {
    }

    /** @param ratio our rate over the bare writer's */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(long rows, int channels, double oursRowsPerS, double bareRowsPerS, double ratio,
                         JvmMeter.Figures jvm) {
    }

    public static Result run(long rows, int channels) throws IOException {
        Path dir = Files.createTempDirectory("cycler-bench-log");
        try {
            double bare = bare(dir.resolve("bare"), rows, channels);
            double ours;
            JvmMeter.Figures figures;
            try (JvmMeter jvm = new JvmMeter()) {
                ours = ours(dir.resolve("ours"), rows, channels);
                figures = jvm.figures();
            }
            return new Result(rows, channels, ours, bare, ours / bare, figures);
        } finally {
            TickBench.deleteTree(dir);
        }
    }

    /** Row {@code n}: channel {@code n % channels}, plausible values that change every row. */
    static Sample sample(long n, int channels) {
        int channel = (int) (n % channels) + 1;
        double t = (double) (n / channels);
        double phase = (n % 7919) / 7919.0;
        return new Sample(channel, t, 1.79e9 + t, 3.2 + phase, -1.0 + 2 * phase, 25 + phase, 1, 1 + n / 100_000, 3,
                StepType.CC_CHG, t % 3600, t / 3600.0, t / 7200.0, phase, 0.0, 3.7 * t / 3600, 3.6 * t / 7200);
    }

    private static double ours(Path root, long rows, int channels) throws IOException {
        RunDirectory dir = RunDirectory.create(root);
        long start = System.nanoTime();
        try (CsvRunRecorder recorder = new CsvRunRecorder(dir, CellRoster.generated("L", channels).barcodes(), true)) {
            for (long n = 0; n < rows; n++) {
                recorder.sample(sample(n, channels));
            }
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    private static double bare(Path root, long rows, int channels) throws IOException {
        Files.createDirectories(root);
        Map<Integer, CSVPrinter> printers = new HashMap<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(BdfColumns.ALL.toArray(String[]::new)).get();
        long start = System.nanoTime();
        for (long n = 0; n < rows; n++) {
            Sample s = sample(n, channels);
            CSVPrinter printer = printers.get(s.channel());
            if (printer == null) {
                Writer out = Files.newBufferedWriter(root.resolve(BdfColumns.fileName(s.channel())), StandardCharsets.UTF_8);
                printer = new CSVPrinter(out, format);
                printers.put(s.channel(), printer);
            }
            printer.printRecord(s.testTimeS(), s.voltageV(), s.currentA(), s.unixTimeS(), s.cycleCount(), s.stepCount(),
                    s.stepId(), s.stepType(), s.stepTimeS(), s.chargeAh(), s.dischargeAh(), s.stepChargeAh(),
                    s.stepDischargeAh(), s.chargeWh(), s.dischargeWh(), s.powerW(), s.temperatureC());
        }
        for (CSVPrinter printer : printers.values()) {
            printer.close();
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }
}
