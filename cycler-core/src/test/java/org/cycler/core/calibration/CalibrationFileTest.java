package org.cycler.core.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cycler.core.recipe.RecipeException;
import org.cycler.hal.calibration.ChannelCalibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationFileTest {

    @TempDir
    Path dir;

    private static final String GOOD = """
            device: lab-a
            serial: "MY5400123"
            channels:
              1:
                voltage: {gain: 1.0001, offset: 0.23 mV}
                current: {gain: 0.9996, offset: -0.3 mA}
                date: 2026-03-01T10:00:00Z
                by: J. Smith
                reference: Keysight 34465A
            """;

    @Test
    void aFileReadsWithEveryFigureInSiUnits() throws RecipeException {
        Calibration c = CalibrationFile.parse(GOOD, "lab-a.yaml");
        assertEquals("lab-a", c.device());
        assertEquals("MY5400123", c.serial());
        Calibration.Channel ch = c.channel(1);
        assertEquals(new ChannelCalibration(1.0001, 0.00023, 0.9996, -0.0003), ch.calibration());
        assertEquals("J. Smith", ch.by());
        assertEquals("2026-03-01T10:00:00Z", ch.date());
        assertEquals("Keysight 34465A", ch.reference());
        assertEquals(List.of(new ChannelCalibration(1.0001, 0.00023, 0.9996, -0.0003), ChannelCalibration.IDENTITY),
                c.perChannel(2));
    }

    @Test
    void whatIsWrittenReadsBackToTheSameFigures() throws Exception {
        Calibration c = CalibrationFile.parse(GOOD, "lab-a.yaml")
                .with(new Calibration.Channel(3, new ChannelCalibration(0.99991, -0.000012345, 1.000321, 0.000456789),
                        "2026-03-02", "O'Neil \"Ops\"", ""));
        Path file = dir.resolve("cal/lab-a.yaml");
        CalibrationFile.write(file, c);
        Calibration back = CalibrationFile.read(file);
        assertEquals(c, back);
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file), listing.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void mistakesNameTheFileLineAndColumn() {
        assertEquals("c.yaml:5:21: channel 1 voltage gain of '1.2' is beyond any working channel (expected within 0.05 of 1)",
                error(GOOD.replace("gain: 1.0001", "gain: 1.2")));
        assertEquals("c.yaml:5:37: expected a voltage (V, mV), got capacity '0.23 mAh'",
                error(GOOD.replace("0.23 mV", "0.23 mAh")));
        assertEquals("c.yaml:8:5: unknown key 'who' in channel 1 (expected voltage, current, date, by, reference)",
                error(GOOD.replace("by:", "who:")));
        assertEquals("c.yaml:7:11: channel 1 date 'yesterday' (expected an ISO-8601 date or time, e.g. 2026-03-01 or "
                + "2026-03-01T10:00:00Z)", error(GOOD.replace("2026-03-01T10:00:00Z", "yesterday")));
        assertEquals("c.yaml:4:3: expected a channel number (1, 2, ...) in 'channels', got 'one'",
                error(GOOD.replace("  1:", "  one:")));
        assertEquals("c.yaml:10:3: channel 1 calibrated twice (first at line 4)",
                error(GOOD + "  1:\n    voltage: {gain: 1, offset: 0 V}\n"));
    }

    private static String error(String yaml) {
        return assertThrows(RecipeException.class, () -> CalibrationFile.parse(yaml, "c.yaml")).getMessage();
    }
}
