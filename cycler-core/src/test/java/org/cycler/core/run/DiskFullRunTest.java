package org.cycler.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cycler.hal.sim.AccuracyClass;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose disk fills up ends FAILED with the reason, and continues exactly once there is space. */
class DiskFullRunTest {

    @TempDir
    Path temp;

    private Path recipe() throws IOException {
        return Files.writeString(temp.resolve("short.yaml"), """
                recipe: short
                cell: {nominal_capacity: 5 Ah, chemistry: NMC}
                logging: {period: 10 s}
                steps:
                  - Rest for 10 minutes
                  - cycle: 2
                    steps:
                      - Charge at 1C until 4.1 V
                      - Discharge at 1C until 3.0 V
                """);
    }

    private FormationRun start(Path recipeFile, String name) throws Exception {
        Recipe recipe = RecipeParser.parse(recipeFile);
        SimulationSpec spec = new SimulationSpec(2, 3, 0.0, 25, Optional.empty(), List.of(), AccuracyClass.IDEAL, 3);
        return FormationRun.simulated(recipeFile, recipe, spec, CellRoster.generated("D", 2), new Speed.Max(),
                Duration.ofSeconds(1), temp.resolve(name));
    }

    @Test
    void aFullDiskMarksRunJsonFailedWithTheReasonAndResumeThenFinishesLikeAnUninterruptedRun() throws Exception {
        Path recipeFile = recipe();
        FormationRun.RunResult clean = start(recipeFile, "clean").run();
        FormationRun failing = start(recipeFile, "full");
        Path full = failing.directory().dataFile(1);
        // writes to /dev/full fail with ENOSPC, as on a full disk
        Files.createSymbolicLink(full, Path.of("/dev/full"));
        IOException e = assertThrows(IOException.class, failing::run);
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        RunInfo info = failing.directory().readInfo();
        assertEquals(RunInfo.State.FAILED, info.state());
        assertTrue(info.failure().contains("No space left on device"), info.failure());
        assertFalse(Files.exists(failing.directory().root().resolve("run.json.tmp")));
        Files.delete(full);
        FormationRun.RunResult resumed = FormationRun.resume(failing.directory().root()).run();
        assertEquals(RunInfo.State.FINISHED, resumed.directory().readInfo().state());
        for (int ch : new int[] {1, 2}) {
            assertEquals(withoutUnixTime(clean.directory().dataFile(ch)), withoutUnixTime(resumed.directory().dataFile(ch)),
                    "channel " + ch);
        }
        assertEquals(Files.readString(clean.directory().journal()), Files.readString(resumed.directory().journal()));
        assertEquals(Files.readString(clean.directory().cycles()), Files.readString(resumed.directory().cycles()));
    }

    private static List<String> withoutUnixTime(Path file) throws IOException {
        int unix = BdfColumns.ALL.indexOf(BdfColumns.UNIX_TIME);
        return Files.readAllLines(file).stream().map(row -> {
            List<String> cells = new ArrayList<>(List.of(row.split(",", -1)));
            cells.remove(unix);
            return String.join(",", cells);
        }).toList();
    }
}
