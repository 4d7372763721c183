package org.cycler.core.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.cycler.core.grading.io.GradingSpecParser;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.run.FormationRun;
import org.cycler.core.run.SimulationSpec;
import org.cycler.core.run.Speed;
import org.cycler.core.store.CellRoster;
import org.cycler.hal.sim.AccuracyClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grading through a simulated formation cabinet's errors: a lot of {@value #CELLS} cells run twice
 * on {@code cabinet} with different noise seeds (the same cells and the same channel errors, other
 * noise), and its first {@value #TRUTH_CELLS} cells on the ideal instrument, whose figures are the
 * model's own; all graded from their run directories, at a 1 s tick in virtual time.
 */
class NoisyGradingTest {

    private static final int CELLS = 256;
    /**
     * Cells of the lot also run on the ideal instrument: a cell's parameters and its channel's
     * errors are drawn from streams of their own, so the first cells of a smaller lot are the same.
     */
    private static final int TRUTH_CELLS = 64;
    private static final long LOT_SEED = 5;
    private static final Duration TICK = Duration.ofSeconds(1);

    /**
     * A short grading recipe: full charge, 1C capacity discharge, half charge, OCV rest, and a
     * 10 s DCIR pulse (at a 1 s tick a 1 s pulse would have one reading), every DCIR row logged.
     */
    private static final String RECIPE = """
            recipe: short grading
            cell: {nominal_capacity: 5 Ah, chemistry: NMC}
            safety: {voltage: [2.4 V, 4.25 V], current: 12 A}
            logging: {period: 10 s, delta_voltage: 5 mV, delta_current: 50 mA}
            steps:
              - Charge at 1C until 4.2 V then hold until C/20
              - Rest for 10 minutes
              - step: Discharge at 1C until 2.75 V
                measure: capacity
              - Charge at 1C for 30 minutes
              - step: Rest for 30 minutes
                measure: ocv
              - step: Discharge at 0.2C for 10 seconds (1 second period)
                measure: dcir-base
              - step: Discharge at 2C for 10 seconds (1 second period)
                measure: dcir-pulse
            """;

    @TempDir
    static Path temp;
    private static List<CellFigures> ideal;
    private static List<CellFigures> first;
    private static List<CellFigures> second;

    @BeforeAll
    static void runTheLotThreeTimes() throws Exception {
        Path file = temp.resolve("recipe.yaml");
        Files.writeString(file, RECIPE);
        Recipe recipe = RecipeParser.parse(file);
        ideal = run(file, recipe, TRUTH_CELLS, AccuracyClass.IDEAL, 1, "ideal");
        first = run(file, recipe, CELLS, AccuracyClass.CABINET, 1, "cabinet-1");
        second = run(file, recipe, CELLS, AccuracyClass.CABINET, 2, "cabinet-2");
    }

    private static List<CellFigures> run(Path file, Recipe recipe, int cells, AccuracyClass accuracy, long noiseSeed,
                                         String name) throws Exception {
        SimulationSpec spec = new SimulationSpec(cells, LOT_SEED, 0.0, 25, Optional.empty(), List.of(), accuracy,
                noiseSeed);
        FormationRun.RunResult result = FormationRun.simulated(file, recipe, spec, CellRoster.generated("N", cells),
                new Speed.Max(), TICK, temp.resolve(name)).run();
        return RunFigures.read(result.directory());
    }

    /** A lot graded by capacity and DCIR with edges where the lot is: A the best fifth or so, then B, then C. */
    private static final String SPEC = """
            grading: two seeds
            bins:
              - {name: A, capacity: [4.93 Ah, 6 Ah], dcir: [0 mOhm, 22 mOhm]}
              - {name: B, capacity: [4.90 Ah, 6 Ah], dcir: [0 mOhm, 22.5 mOhm]}
              - {name: C}
            """;
    /** The edges of {@link #SPEC}: capacity in Ah, DCIR in ohms. */
    private static final double[] CAPACITY_EDGES_AH = {4.93, 4.90};
    private static final double[] DCIR_EDGES_OHM = {0.022, 0.0225};
    /** How near an edge a cell must lie for noise to move it across: a few times the two runs' spread. */
    private static final double CAPACITY_NEAR_EDGE = 0.001;
    private static final double DCIR_NEAR_EDGE = 0.005;

    @Test
    void capacityDcirAndOcvOnACabinetStayWithinTheirBoundsOfTheModel() {
        for (List<CellFigures> noisy : List.of(first, second)) {
            for (int k = 0; k < TRUTH_CELLS; k++) {
                CellFigures truth = ideal.get(k);
                CellFigures cell = noisy.get(k);
                String where = "channel " + cell.channel();
                double capacity = truth.valueOrNaN(Figure.CAPACITY);
                assertEquals(capacity, cell.valueOrNaN(Figure.CAPACITY), 0.001 * capacity, where);
                double dcir = truth.valueOrNaN(Figure.DCIR);
                assertEquals(dcir, cell.valueOrNaN(Figure.DCIR), 0.01 * dcir, where);
                assertEquals(truth.valueOrNaN(Figure.OCV), cell.valueOrNaN(Figure.OCV), 0.001, where);
            }
        }
    }

    @Test
    void binsOfTwoRunsWithOtherNoiseAgreeForAllButCellsAtAnEdge() throws Exception {
        GradingSpec spec = GradingSpecParser.parse(SPEC, "spec.yaml");
        List<Grade> a = Grader.grade(spec, first);
        List<Grade> b = Grader.grade(spec, second);
        List<String> differ = new ArrayList<>();
        for (int k = 0; k < CELLS; k++) {
            CellFigures cell = a.get(k).cell();
            if (a.get(k).bin().equals(b.get(k).bin())) {
                continue;
            }
            String where = String.format(Locale.ROOT, "channel %d %s/%s, capacity %.5f Ah, DCIR %.4f mOhm",
                    cell.channel(), a.get(k).bin(), b.get(k).bin(), cell.valueOrNaN(Figure.CAPACITY),
                    1000 * cell.valueOrNaN(Figure.DCIR));
            differ.add(where);
            assertTrue(nearAnEdge(cell.valueOrNaN(Figure.CAPACITY), CAPACITY_EDGES_AH, CAPACITY_NEAR_EDGE)
                    || nearAnEdge(cell.valueOrNaN(Figure.DCIR), DCIR_EDGES_OHM, DCIR_NEAR_EDGE), where + ": no edge near");
        }
        assertTrue(differ.size() <= CELLS / 100, differ.size() + " of " + CELLS + " cells changed bin: " + differ);
        long inA = a.stream().filter(g -> g.bin().equals("A")).count();
        long inC = a.stream().filter(g -> g.bin().equals("C")).count();
        assertTrue(inA > CELLS / 2 && inC > 0, "edges inside the lot: " + inA + " in A, " + inC + " in C");
    }

    private static boolean nearAnEdge(double value, double[] edges, double relative) {
        for (double edge : edges) {
            if (Math.abs(value - edge) <= relative * edge) {
                return true;
            }
        }
        return false;
    }
}
