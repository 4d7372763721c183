package org.cycler.core.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class CalibrationFitTest {

    private static final CalibrationFit.Line EARLIER = new CalibrationFit.Line(1.001, 0.002);

    @Test
    void twoPointsGiveGainAndOffset() {
        CalibrationFit.Line line = CalibrationFit.fit(List.of(new CalibrationFit.Point(3.0, 3.0005 * 1.0 + 0.0),
                new CalibrationFit.Point(4.0, 4.0009)), EARLIER, "v");
        assertEquals(1.0004, line.gain(), 1e-12);
        assertEquals(3.0005 - 1.0004 * 3.0, line.offset(), 1e-12);
    }

    @Test
    void onePointAtZeroFixesTheOffsetAndKeepsTheGain() {
        CalibrationFit.Line line = CalibrationFit.fit(List.of(new CalibrationFit.Point(0, -0.0003)), EARLIER, "i");
        assertEquals(new CalibrationFit.Line(1.001, -0.0003), line);
    }

    @Test
    void oneOtherPointFixesTheGainAndKeepsTheOffset() {
        CalibrationFit.Line line = CalibrationFit.fit(List.of(new CalibrationFit.Point(2.0, 2.004)), EARLIER, "i");
        assertEquals(0.002, line.offset(), 0);
        assertEquals(1.001, line.gain(), 1e-12);
    }

    @Test
    void noPointKeepsWhatWasThere() {
        assertEquals(EARLIER, CalibrationFit.fit(List.of(), EARLIER, "v"));
    }

    @Test
    void pointsTooCloseTogetherAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CalibrationFit.fit(
                List.of(new CalibrationFit.Point(3.70, 3.7001), new CalibrationFit.Point(3.71, 3.7102)), EARLIER,
                "--reference-v"));
        assertEquals("--reference-v: the points 3.7 and 3.71 are too close to give a gain (expected references at "
                + "least 5 % apart, e.g. near the bottom and the top of the range)", e.getMessage());
    }
}
