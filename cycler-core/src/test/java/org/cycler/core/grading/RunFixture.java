package org.cycler.core.grading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.CycleColumns;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunInfo;

/**
 * Writes a small run directory by hand, row by row, so that grading and export can be checked
 * against figures worked out on paper. Rows are Battery Data Format rows; the fixture keeps the
 * test-level and step totals itself, counting each row's charge as given.
 */
final class RunFixture {

    /**
     * Steps: 1 rest, 2 capacity discharge, 3 OCV rest, 4 DCIR base, 5 DCIR pulse, 6 aging rest (OCV).
     */
    static final String RECIPE = """
            recipe: fixture
            cell: {nominal_capacity: 5 Ah}
            steps:
              - Rest for 1 minute
              - step: Discharge at 1 A for 1 hour
                measure: capacity
              - step: Rest for 1 hour
                measure: ocv
              - step: Discharge at 1 A for 10 seconds
                measure: dcir-base
              - step: Discharge at 5 A for 1 second
                measure: dcir-pulse
              - step: Rest for 2 days
                measure: ocv
            """;

    /** A recipe with one OCV point, for the later run of an aging pair. */
    static final String OCV_ONLY = """
            recipe: ocv check
            steps:
              - step: Rest for 1 hour
                measure: ocv
            """;

    static final double START_UNIX_S = 1_700_000_000.0;

    private final RunDirectory dir;
    private final Map<Integer, String> barcodes = new TreeMap<>();
    private final Map<Integer, List<String>> rows = new TreeMap<>();
    private final List<String> journal = new ArrayList<>();
    private final List<String> cycles = new ArrayList<>();
    private final double startUnixS;

    /** Per channel: step count, last step ID, totals. */
    private final Map<Integer, double[]> totals = new TreeMap<>();

    RunFixture(Path root, String recipe, double startUnixS) throws IOException {
        this.dir = RunDirectory.create(root);
        this.startUnixS = startUnixS;
        Files.writeString(dir.recipeCopy(), recipe, StandardCharsets.UTF_8);
    }

    RunDirectory dir() {
        return dir;
    }

    RunFixture cell(int channel, String barcode) {
        barcodes.put(channel, barcode);
        rows.put(channel, new ArrayList<>());
        totals.put(channel, new double[7]);
        return this;
    }

    /**
     * Adds the rows of one step execution on {@code channel}: at each time in {@code times} (test
     * time, s) the voltage and current; discharge counted by the rectangle rule from row to row.
     */
    RunFixture step(int channel, int stepId, double[] times, double[] volts, double[] amps) {
        double[] t = totals.get(channel);
        t[0]++;
        long stepCount = (long) t[0];
        double stepStart = times[0];
        double stepDischargeAh = 0;
        for (int k = 0; k < times.length; k++) {
            if (k > 0) {
                double dt = times[k] - times[k - 1];
                double ah = -amps[k] * dt / 3600;
                if (ah > 0) {
                    stepDischargeAh += ah;
                    t[1] += ah;
                    t[2] += ah * volts[k];
                }
            }
            rows.get(channel).add(String.format(Locale.ROOT,
                    "%.3f,%.6f,%.6f,%.3f,0,%d,%d,%s,%.3f,0.0000000,%.7f,0.0000000,%.7f,0.0000000,%.7f,%.6f,25.000",
                    times[k], volts[k], amps[k], startUnixS + times[k], stepCount, stepId,
                    amps[k] < 0 ? "CC_DCH" : "REST", times[k] - stepStart, t[1], stepDischargeAh, t[2],
                    volts[k] * amps[k]));
        }
        return this;
    }

    /** A rest of constant voltage from {@code from} to {@code to} seconds, a row per end. */
    RunFixture rest(int channel, int stepId, double from, double to, double volts) {
        return step(channel, stepId, new double[] {from, to}, new double[] {volts, volts}, new double[] {0, 0});
    }

    RunFixture end(int channel, String state, String reason, String message, int stepId) {
        return end(channel, state, reason, message, stepId, 1);
    }

    /** The channel's terminal STATE event, in step {@code stepId} at step count {@code stepCount}. */
    RunFixture end(int channel, String state, String reason, String message, int stepId, long stepCount) {
        journal.add(String.format(Locale.ROOT,
                "{\"kind\":\"STATE\",\"channel\":%d,\"testTimeS\":0.0,\"stepId\":%d,\"stepCount\":%d,\"cycleCount\":0,"
                        + "\"state\":\"%s\",\"reason\":%s,\"message\":\"%s\",\"chargeAh\":0.0,\"dischargeAh\":0.0,"
                        + "\"chargeWh\":0.0,\"dischargeWh\":0.0}",
                channel, stepId, stepCount, state, reason == null ? "null" : "\"" + reason + "\"", message));
        return this;
    }

    /** Keeps only the first {@code keep} data rows of {@code channel}, as a file cut short on disk. */
    RunFixture truncate(int channel, int keep) {
        List<String> kept = new ArrayList<>(rows.get(channel).subList(0, keep));
        rows.get(channel).clear();
        rows.get(channel).addAll(kept);
        return this;
    }

    RunFixture efficiency(int channel, int cycle, double ce) {
        cycles.add(String.format(Locale.ROOT, "%d,%s,%d,1,1,1,1,1,%.6f,%.6f,10.000", channel, barcodes.get(channel),
                cycle, ce, ce));
        return this;
    }

    /** Drops the data file of {@code channel}, as when it never logged a row. */
    RunFixture noData(int channel) {
        rows.remove(channel);
        return this;
    }

    RunDirectory write() throws IOException {
        List<RunInfo.ChannelInfo> channels = new ArrayList<>();
        barcodes.forEach((ch, b) -> channels.add(new RunInfo.ChannelInfo(ch, b)));
        dir.writeInfo(new RunInfo(dir.root().getFileName().toString(), "fixture", "fixture.yaml", "0", "2026-01-01T00:00:00Z",
                startUnixS, new RunInfo.Identity("Cycler", "SIM", "0", "0"), null, "virtual", "max", 0.1, null, channels,
                RunInfo.State.FINISHED, "2026-01-01T01:00:00Z", RunInfo.CONVENTIONS, null, null));
        for (Map.Entry<Integer, List<String>> ch : rows.entrySet()) {
            List<String> lines = new ArrayList<>();
            lines.add(String.join(",", BdfColumns.ALL));
            lines.addAll(ch.getValue());
            Files.write(dir.dataFile(ch.getKey()), lines, StandardCharsets.UTF_8);
        }
        Files.write(dir.journal(), journal, StandardCharsets.UTF_8);
        List<String> cycleLines = new ArrayList<>();
        cycleLines.add(String.join(",", CycleColumns.ALL));
        cycleLines.addAll(cycles);
        Files.write(dir.cycles(), cycleLines, StandardCharsets.UTF_8);
        return dir;
    }
}
