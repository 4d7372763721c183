package org.cycler.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cycler.core.calibration.Calibration;
import org.cycler.core.calibration.CalibrationFile;
import org.cycler.core.calibration.CalibrationInUse;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.RunInfo;
import org.cycler.hal.calibration.ChannelCalibration;
import org.cycler.hal.sim.AccuracyClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A run records the calibration it applied in run.json, and a resumed run applies the same one. */
class CalibratedRunTest {

    private static final ChannelCalibration CH1 = new ChannelCalibration(1.0002, 0.0003, 0.9995, -0.0004);

    @TempDir
    Path temp;

    private FormationRun start(Path recipeFile, String name, CalibrationInUse calibration) throws Exception {
        Recipe recipe = RecipeParser.parse(recipeFile);
        SimulationSpec spec = new SimulationSpec(2, 3, 0.0, 25, Optional.empty(), List.of(), AccuracyClass.CABINET, 3);
        return FormationRun.simulated(recipeFile, recipe, spec, CellRoster.generated("C", 2), new Speed.Max(),
                Duration.ofSeconds(1), temp.resolve(name), calibration);
    }

    @Test
    @Timeout(120)
    void theCalibrationIsInRunJsonAndAResumedRunGoesOnUnderIt() throws Exception {
        Path recipeFile = Files.writeString(temp.resolve("short.yaml"), """
                recipe: short
                cell: {nominal_capacity: 5 Ah, chemistry: NMC}
                logging: {period: 10 s}
                steps:
                  - Rest for 10 minutes
                  - Charge at 1C until 4.0 V
                  - Discharge at 1C until 3.2 V
                """);
        Path file = temp.resolve("calibration/sim.yaml");
        CalibrationFile.write(file, Calibration.empty("sim", "").with(new Calibration.Channel(1, CH1, "2026-03-01",
                "QA", "DMM")));
        CalibrationInUse calibration = CalibrationInUse.read(file);

        FormationRun.RunResult plain = start(recipeFile, "plain", null).run();
        FormationRun.RunResult clean = start(recipeFile, "clean", calibration).run();
        RunInfo info = clean.directory().readInfo();
        assertEquals(new RunInfo.AppliedCalibration(file.toString(), calibration.sha256(), "sim", "",
                List.of(new RunInfo.CalibratedChannel(1, 1.0002, 0.0003, 0.9995, -0.0004, "2026-03-01", "QA", "DMM"))),
                info.calibration());
        assertNotEquals(Files.readString(plain.directory().dataFile(1)), Files.readString(clean.directory().dataFile(1)),
                "the calibration changes what channel 1 reads and delivers");

        FormationRun failing = start(recipeFile, "full", calibration);
        Path full = failing.directory().dataFile(1);
        Files.createSymbolicLink(full, Path.of("/dev/full"));
        assertThrows(IOException.class, failing::run);
        Files.delete(full);
        Files.delete(file);
        FormationRun.RunResult resumed = FormationRun.resume(failing.directory().root()).run();
        for (int ch : new int[] {1, 2}) {
            assertTrue(withoutUnixTime(clean.directory().dataFile(ch)).equals(withoutUnixTime(resumed.directory().dataFile(ch))),
                    "channel " + ch + ", resumed without the file, from run.json");
        }
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
