package org.cycler.core.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** A step's end point from its last rows: a line through the last half, or the last row when too few. */
class StepEndFitTest {

    private static final double NOISE_V = 1e-4;

    @Test
    void aStraightLineIsMetExactlyAtTheStepsLastRow() {
        StepEndFit fit = new StepEndFit();
        fit.clear();
        for (int t = 0; t <= 10; t++) {
            fit.add(100 + t, 3.6 - 0.001 * t, -1 - 0.01 * t);
        }
        fit.fit();
        assertEquals(3.59, fit.voltageV(), 1e-12);
        assertEquals(-1.1, fit.currentA(), 1e-12);
        assertEquals(6, fit.rows(), "rows from 105 s to 110 s, the step's last half");
    }

    @Test
    void theFirstHalfOfTheStepTakesNoPart() {
        StepEndFit fit = new StepEndFit();
        fit.clear();
        fit.add(0, 4.0, -5);
        fit.add(1, 3.7, -5);
        for (int t = 6; t <= 10; t++) {
            fit.add(t, 3.5, -5);
        }
        fit.fit();
        assertEquals(3.5, fit.voltageV(), 1e-12);
    }

    @Test
    void noiseIsAveragedWhereTheLastRowAloneScatters() {
        SplittableRandom random = new SplittableRandom(3);
        StepEndFit fit = new StepEndFit();
        double fitted = 0;
        double last = 0;
        int trials = 2000;
        for (int trial = 0; trial < trials; trial++) {
            fit.clear();
            double v = 0;
            for (int t = 0; t < 2 * StepEndFit.MAX_ROWS; t++) {
                v = 3.7 + NOISE_V * random.nextGaussian();
                fit.add(t, v, 0);
            }
            fit.fit();
            fitted += Math.pow(fit.voltageV() - 3.7, 2);
            last += Math.pow(v - 3.7, 2);
        }
        double fittedRms = Math.sqrt(fitted / trials);
        double lastRms = Math.sqrt(last / trials);
        assertEquals(StepEndFit.MAX_ROWS, fit.rows());
        assertTrue(fittedRms < 0.55 * lastRms, fittedRms + " V against " + lastRms + " V");
    }

    @Test
    void aRelaxingVoltageIsFollowedToItsEndWithoutTheLagOfAMean() {
        StepEndFit fit = new StepEndFit();
        fit.clear();
        double tauS = 1200;
        for (int t = 0; t <= 1800; t += 10) {
            fit.add(t, 3.7 + 0.02 * Math.exp(-t / tauS), 0);
        }
        fit.fit();
        double end = 3.7 + 0.02 * Math.exp(-1800 / tauS);
        assertEquals(end, fit.voltageV(), 2e-5, "within 0.02 mV of the end after 30 minutes of a 20 minute relaxation");
    }

    @Test
    void aStepOfTwoRowsIsItsLastRow() {
        StepEndFit fit = new StepEndFit();
        fit.clear();
        fit.add(0, 3.6, -5);
        fit.add(1, 3.5, -5.1);
        fit.fit();
        assertEquals(3.5, fit.voltageV());
        assertEquals(-5.1, fit.currentA());
        assertEquals(1, fit.rows());
        fit.clear();
        assertThrows(IllegalStateException.class, fit::fit);
    }
}
