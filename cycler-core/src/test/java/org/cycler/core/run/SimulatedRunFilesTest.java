package org.cycler.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.schedule.OperatorAction;
import org.cycler.core.schedule.RecipeProgram;
import org.cycler.core.schedule.RunClock;
import org.cycler.core.schedule.Scheduler;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.CsvRunRecorder;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.SimCellsFile;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.sim.SimulatedInstrument;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The files a simulated run writes are the same, byte for byte, for the same seeds: data files,
 * cycles.csv, the journal, faults.csv and sim-cells.csv of a short recipe on a few cells (one of
 * them defective, one paused and resumed, one stopped), compared by SHA-256 against digests
 * taken from the code before the simulator and the logger were made faster. A change that moves
 * a single digit of a single row fails here; a change that means to alter the files regenerates
 * the digests with {@code -Dcycler.golden.write=true} and says why in its commit.
 */
class SimulatedRunFilesTest {

    private static final String RESOURCE = "simulated-run-files.sha256";
    private static final int CHANNELS = 6;
    private static final long SEED = 11;
    private static final long NOISE_SEED = 23;
    /** A fixed wall-clock start, so that unix_time is part of the comparison. */
    private static final double UNIX_START_S = 1_767_225_600.125;
    private static final String RECIPE = """
            recipe: golden files
            cell: {nominal_capacity: 5 Ah, chemistry: NMC}
            safety: {voltage: [2.4 V, 4.25 V], current: 10 A, temperature: [-10 degC, 60 degC], charge_capacity: 7 Ah}
            logging: {period: 30 s, delta_voltage: 5 mV, delta_current: 50 mA}
            steps:
              - Rest for 10 minutes
              - Charge at 1C until 4.2 V then hold until C/20
              - Rest until 1 mV/min or for 30 minutes
              - cycle: 2
                steps:
                  - Discharge at 1C until 3.0 V
                  - Rest for 5 minutes
                  - Charge at 1C until 4.1 V then hold until C/10
              - step: Discharge at 1C until 2.75 V
                measure: capacity
              - Charge at 0.5C until 3.7 V
              - step: Rest for 20 minutes
                measure: ocv
              - step: Discharge at 0.2C for 10 seconds (1 second period)
                measure: dcir-base
              - step: Discharge at 1C for 1 second
                measure: dcir-pulse
              - Rest for 2 minutes
            """;

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"ideal", "cabinet"})
    void aSimulatedRunWritesTheSameFilesForTheSameSeeds(String accuracyName) throws Exception {
        Map<String, String> actual = digests(run(AccuracyClass.named(accuracyName)), accuracyName);
        if (Boolean.getBoolean("cycler.golden.write")) {
            write(actual, accuracyName);
        }
        Map<String, String> expected = expected(accuracyName);
        assertEquals(expected.keySet(), actual.keySet(), "the files a run writes");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), e.getKey() + " differs from the golden file");
        }
    }

    private Path run(AccuracyClass accuracy) throws IOException, org.cycler.core.recipe.RecipeException {
        List<CellParameters> cells = CellLot.generate(Chemistry.NMC, 5.0, CHANNELS, SEED, 0.3);
        SimulatedInstrument instrument = new SimulatedInstrument(accuracy, CHANNELS, SEED, NOISE_SEED);
        RunClock clock = RunClock.virtual();
        SimulatedCycler sim = new SimulatedCycler(clock.ticker(), cells, 25, SimulatedCycler.DEFAULT_SERIAL, instrument);
        RunDirectory dir = RunDirectory.create(temp.resolve(accuracy.name()));
        CellRoster roster = CellRoster.generated("G", CHANNELS);
        SimCellsFile.write(dir.simCells(), cells, instrument.errors(), roster);
        try (CsvRunRecorder recorder = new CsvRunRecorder(dir, roster.barcodes(), true)) {
            Scheduler scheduler = new Scheduler(sim, new RecipeProgram(RecipeParser.parse(RECIPE, "golden.yaml")),
                    roster.channels(), clock, Duration.ofSeconds(1), recorder, UNIX_START_S);
            scheduler.replay(List.of(new OperatorAction(1800, 2, OperatorAction.Kind.PAUSE),
                    new OperatorAction(2400, 2, OperatorAction.Kind.RESUME),
                    new OperatorAction(5000, 3, OperatorAction.Kind.STOP)));
            scheduler.run();
        }
        return dir.root();
    }

    /** Relative path -> SHA-256 of every file in the run directory. */
    private static Map<String, String> digests(Path root, String prefix) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.put(prefix + "/" + root.relativize(file).toString().replace('\\', '/'), sha256(Files.readAllBytes(file)));
            }
        }
        return out;
    }

    private static Map<String, String> expected(String prefix) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = SimulatedRunFilesTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("missing test resource " + RESOURCE);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[1].startsWith(prefix + "/")) {
                    out.put(parts[1], parts[0]);
                }
            }
        }
        return out;
    }

    /** Rewrites this class's digests of {@code prefix} in the source tree (run from the module directory). */
    private static void write(Map<String, String> digests, String prefix) throws IOException {
        Path file = Path.of("src/test/resources/org/cycler/core/run", RESOURCE);
        Map<String, String> all = new TreeMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && !parts[1].startsWith(prefix + "/")) {
                    all.put(parts[1], parts[0]);
                }
            }
        }
        all.putAll(digests);
        StringBuilder text = new StringBuilder();
        all.forEach((path, digest) -> text.append(digest).append("  ").append(path).append('\n'));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
