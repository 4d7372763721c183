package org.cycler.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cycler.core.recipe.RecipeException;
import org.cycler.hal.sim.AccuracyClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccuracyClassesTest {

    private static final String FILE = """
            accuracy: bench rig
            current_gain: 0.02 %
            current_offset: 0.2 mA
            voltage_gain: 0.005 %
            voltage_offset: 0.1 mV
            current_noise: 0.1 mA
            voltage_noise: 0.05 mV
            current_resolution: 0 A
            voltage_resolution: 0.01 mV
            temperature_noise: 0.05 degC
            sample_jitter: 1 ms
            """;

    @TempDir
    Path dir;

    @Test
    void theShippedClassesGoByName() throws RecipeException {
        assertSame(AccuracyClass.IDEAL, AccuracyClasses.resolve("ideal"));
        assertSame(AccuracyClass.CABINET, AccuracyClasses.resolve("cabinet"));
        assertSame(AccuracyClass.SMU, AccuracyClasses.resolve("SMU"));
    }

    @Test
    void aFileWritesEveryFigureWithItsUnit() throws Exception {
        Path file = dir.resolve("rig.yaml");
        Files.writeString(file, FILE);
        AccuracyClass a = AccuracyClasses.resolve(file.toString());
        assertEquals("bench rig", a.name());
        assertEquals(0.0002, a.currentGainError(), 1e-15);
        assertEquals(0.0002, a.currentOffsetA(), 1e-15);
        assertEquals(0.00005, a.voltageNoiseV(), 1e-15);
        assertEquals(0.001, a.sampleJitterS(), 1e-15);
    }

    @Test
    void mistakesNameTheFileLineAndColumn() {
        RecipeException unit = assertThrows(RecipeException.class,
                () -> AccuracyClasses.parse(FILE.replace("0.2 mA", "0.2 mV"), "rig.yaml"));
        assertEquals("rig.yaml:3:17", unit.location().toString());
        RecipeException gain = assertThrows(RecipeException.class,
                () -> AccuracyClasses.parse(FILE.replace("0.02 %", "2 %"), "rig.yaml"));
        assertEquals("rig.yaml:2:15", gain.location().toString());
        RecipeException missing = assertThrows(RecipeException.class,
                () -> AccuracyClasses.parse("accuracy: x\n", "rig.yaml"));
        assertEquals("rig.yaml", missing.location().file());
        RecipeException unknown = assertThrows(RecipeException.class,
                () -> AccuracyClasses.resolve(dir.resolve("cabnet").toString()));
        assertEquals("no such file (expected ideal, cabinet, smu or an accuracy file)", unknown.problem());
    }
}
