package org.cycler.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.cycler.hal.sim.AccuracyClass;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.schedule.CycleSummary;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.CycleColumns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs on the simulator, from recipe text to the run directory and the run's result. */
class SimulatedRunTest {

    @TempDir
    Path temp;

    private FormationRun.RunResult run(String yaml) throws Exception {
        Path file = temp.resolve("recipe.yaml");
        Files.writeString(file, yaml);
        Recipe recipe = RecipeParser.parse(file);
        SimulationSpec spec = new SimulationSpec(1, 7, 0.0, 25, Optional.empty(), List.of(), AccuracyClass.IDEAL, 7);
        return FormationRun.simulated(file, recipe, spec, CellRoster.generated("S", 1), new Speed.Max(),
                Duration.ofSeconds(1), temp.resolve("run")).run();
    }

    @Test
    void aPartialCycleHasNoEfficiencyInCyclesCsvAndIsFlaggedInTheResult() throws Exception {
        FormationRun.RunResult result = run("""
                recipe: partial
                cell: {nominal_capacity: 5 Ah, chemistry: NMC}
                safety: {voltage: [2.5 V, 4.25 V], current: 10 A}
                steps:
                  - Charge at 1C until 4.2 V
                  - cycle: 1
                    steps:
                      - Discharge at 1C for 6 minutes
                """);
        List<CycleSummary> partial = result.partialCycles();
        assertEquals(1, partial.size(), partial.toString());
        assertEquals(1, partial.get(0).cycleCount());
        List<String> rows = Files.readAllLines(result.directory().cycles());
        int ce = CycleColumns.ALL.indexOf(CycleColumns.COULOMBIC_EFFICIENCY);
        String cycleOne = rows.stream().filter(r -> r.split(",", -1)[2].equals("1")).findFirst().orElseThrow();
        assertEquals("", cycleOne.split(",", -1)[ce], "no efficiency for cycle 1: " + cycleOne);
        assertTrue(partial.get(0).pairedChargeAh() > 5 * partial.get(0).pairedDischargeAh(), partial.toString());
    }
}
