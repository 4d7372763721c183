package org.cycler.core.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.cycler.core.BadInputException;
import org.cycler.core.store.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figures read from a hand-made run directory match what they are on paper. */
class RunFiguresTest {

    private static final double DAY_S = 86_400;

    @TempDir
    Path temp;

    /** Channel 1 runs the whole fixture recipe: capacity 1 Ah, DCIR 20 mOhm, OCV 3.70 -> 3.69 V in 2 days. */
    private RunFixture complete(RunFixture run, int channel) {
        return run.rest(channel, 1, 0, 60, 3.6)
                .step(channel, 2, new double[] {60, 1860, 3660}, new double[] {3.5, 3.4, 3.3}, new double[] {-1, -1, -1})
                .rest(channel, 3, 3660, 7260, 3.70)
                .step(channel, 4, new double[] {7260, 7270}, new double[] {3.68, 3.68}, new double[] {-1, -1})
                .step(channel, 5, new double[] {7270, 7271}, new double[] {3.60, 3.60}, new double[] {-5, -5})
                .rest(channel, 6, 7271, 7271 + 2 * DAY_S, 3.69);
    }

    @Test
    void aCompleteChannelYieldsEveryFigure() throws Exception {
        RunFixture run = complete(new RunFixture(temp.resolve("run"), RunFixture.RECIPE, RunFixture.START_UNIX_S)
                .cell(1, "CELL-1"), 1)
                .end(1, "DONE", null, "", 6)
                .efficiency(1, 1, 0.91).efficiency(1, 2, 0.995).efficiency(1, 3, 0.997);
        CellFigures cell = RunFigures.read(run.write()).get(0);
        assertEquals("CELL-1", cell.barcode());
        assertEquals(1.0, cell.valueOrNaN(Figure.CAPACITY), 1e-6);
        assertEquals(0.5 * 3.4 + 0.5 * 3.3, cell.valueOrNaN(Figure.ENERGY), 1e-6);
        assertEquals((3.68 - 3.60) / 4, cell.valueOrNaN(Figure.DCIR), 1e-9);
        assertEquals(3.69, cell.valueOrNaN(Figure.OCV), 1e-9);
        assertEquals(0.010 / (2 * DAY_S + 11), cell.valueOrNaN(Figure.K), 1e-15);
        assertEquals(5.0, Figure.K.toShown(cell.valueOrNaN(Figure.K)), 1e-3, "mV/day");
        assertEquals(0.91, cell.valueOrNaN(Figure.FIRST_CYCLE_CE), 1e-9);
        assertEquals(0.997, cell.valueOrNaN(Figure.LAST_CYCLE_CE), 1e-9);
        assertTrue(cell.end().done());
    }

    @Test
    void dcirAndOcvPointsAreFittedThroughTheStepsLastRowsSoANoisyLastRowMovesThemLess() throws Exception {
        double[] baseTimes = new double[11];
        double[] baseVolts = new double[11];
        double[] baseAmps = new double[11];
        for (int k = 0; k <= 10; k++) {
            baseTimes[k] = 7260 + k;
            baseVolts[k] = 3.68;
            baseAmps[k] = -1;
        }
        baseVolts[10] = 3.6810;
        double[] pulseTimes = new double[11];
        double[] pulseVolts = new double[11];
        double[] pulseAmps = new double[11];
        for (int k = 0; k <= 10; k++) {
            pulseTimes[k] = 7270 + 0.1 * k;
            pulseVolts[k] = 3.60 - 0.001 * k;
            pulseAmps[k] = -5;
        }
        double[] restTimes = new double[361];
        double[] restVolts = new double[361];
        for (int k = 0; k <= 360; k++) {
            restTimes[k] = 3660 + 10 * k;
            restVolts[k] = 3.70;
        }
        restVolts[360] = 3.7010;
        RunFixture run = new RunFixture(temp.resolve("run"), RunFixture.RECIPE, RunFixture.START_UNIX_S)
                .cell(1, "CELL-1")
                .rest(1, 1, 0, 60, 3.6)
                .step(1, 2, new double[] {60, 1860, 3660}, new double[] {3.5, 3.4, 3.3}, new double[] {-1, -1, -1})
                .step(1, 3, restTimes, restVolts, new double[361])
                .step(1, 4, baseTimes, baseVolts, baseAmps)
                .step(1, 5, pulseTimes, pulseVolts, pulseAmps)
                .end(1, "DONE", null, "", 5);
        CellFigures cell = RunFigures.read(run.write()).get(0);
        double trueDcir = (3.68 - 3.59) / 4;
        double lastRowDcir = (3.681 - 3.59) / 4;
        double dcir = cell.valueOrNaN(Figure.DCIR);
        assertEquals(trueDcir, dcir, 0.6 * (lastRowDcir - trueDcir), "the pulse's slope followed to its end, the "
                + "base's 1 mV outlier weighed as one of 6 rows");
        assertTrue(dcir > trueDcir, "the outlier still counts: " + dcir);
        assertEquals(3.70, cell.valueOrNaN(Figure.OCV), 0.0004, "a 1 mV outlier as one of the rest's last 16 rows");
    }

    @Test
    void firstCycleEfficiencyIsTheFirstCycleThatHasOne() throws Exception {
        RunFixture run = complete(new RunFixture(temp.resolve("run"), RunFixture.RECIPE, RunFixture.START_UNIX_S)
                .cell(1, "CELL-1"), 1)
                .end(1, "DONE", null, "", 6)
                .efficiency(1, 0, 0.93);
        CellFigures cell = RunFigures.read(run.write()).get(0);
        assertEquals(0.93, cell.valueOrNaN(Figure.FIRST_CYCLE_CE), 1e-9, "a recipe without loops has only cycle 0");
        assertEquals(0.93, cell.valueOrNaN(Figure.LAST_CYCLE_CE), 1e-9);
    }

    @Test
    void aTruncatedDataFileSaysSoAndWhereInsteadOfBlamingAStep() throws Exception {
        RunFixture run = complete(new RunFixture(temp.resolve("run"), RunFixture.RECIPE, RunFixture.START_UNIX_S)
                .cell(1, "CELL-1"), 1)
                .end(1, "DONE", null, "", 6, 6)
                .truncate(1, 6);
        RunDirectory dir = run.write();
        CellFigures cell = RunFigures.read(dir).get(0);
        String expected = dir.dataFile(1) + " is truncated at row 7 (line 8): the data ends in step 3 (step count 3), "
                + "but the journal has the channel DONE in step 6 (step count 6)";
        assertEquals(expected, cell.whyMissing(Figure.DCIR));
        assertEquals(expected, cell.whyMissing(Figure.OCV), "not 'step 3 did not complete'");
        assertEquals(1.0, cell.valueOrNaN(Figure.CAPACITY), 1e-6, "a step the file holds whole still counts");
    }

    @Test
    void aStepCutShortByAFaultYieldsNoFigureAndSaysWhy() throws Exception {
        RunFixture run = new RunFixture(temp.resolve("run"), RunFixture.RECIPE, RunFixture.START_UNIX_S)
                .cell(1, "CELL-1")
                .rest(1, 1, 0, 60, 3.6)
                .step(1, 2, new double[] {60, 600}, new double[] {3.5, 2.3}, new double[] {-1, -1})
                .end(1, "UNSAFE", "VOLTAGE_LIMIT", "voltage 2.3000 V outside [2.4, 4.25] V", 2);
        CellFigures cell = RunFigures.read(run.write()).get(0);
        assertFalse(cell.has(Figure.CAPACITY));
        assertEquals("step 2 did not complete (channel UNSAFE in step 2: voltage limit: voltage 2.3000 V outside "
                + "[2.4, 4.25] V)", cell.whyMissing(Figure.CAPACITY));
        assertEquals(cell.whyMissing(Figure.CAPACITY), cell.whyMissing(Figure.ENERGY));
        assertEquals("step 3 never ran (channel UNSAFE in step 2: voltage limit: voltage 2.3000 V outside "
                + "[2.4, 4.25] V)", cell.whyMissing(Figure.OCV));
        assertEquals("cycles.csv has no cycle with a coulombic efficiency (none with a charge and a discharge of "
                + "comparable depth)", cell.whyMissing(Figure.FIRST_CYCLE_CE));
    }

    @Test
    void theLastStepOfAStoppedChannelDidNotComplete() throws Exception {
        RunFixture run = new RunFixture(temp.resolve("run"), RunFixture.RECIPE, RunFixture.START_UNIX_S)
                .cell(1, "CELL-1")
                .rest(1, 1, 0, 60, 3.6)
                .step(1, 2, new double[] {60, 1860, 3660}, new double[] {3.5, 3.4, 3.3}, new double[] {-1, -1, -1})
                .rest(1, 3, 3660, 4000, 3.70)
                .end(1, "STOPPED", null, "stopped by operator", 3);
        CellFigures cell = RunFigures.read(run.write()).get(0);
        assertEquals(1.0, cell.valueOrNaN(Figure.CAPACITY), 1e-6, "a completed step still counts");
        assertEquals("step 3 did not complete (channel STOPPED in step 3: stopped by operator)", cell.whyMissing(Figure.OCV));
        assertEquals("no OCV point: step 3 did not complete (channel STOPPED in step 3: stopped by operator)",
                cell.whyMissing(Figure.K));
    }

    @Test
    void aRunCutOffByACrashIsUnfinishedAndAChannelWithoutDataSaysSo() throws Exception {
        RunFixture run = complete(new RunFixture(temp.resolve("run"), RunFixture.RECIPE, RunFixture.START_UNIX_S)
                .cell(1, "CELL-1").cell(2, "CELL-2"), 1).noData(2);
        List<CellFigures> cells = RunFigures.read(run.write());
        assertEquals(3.70, cells.get(0).valueOrNaN(Figure.OCV), 1e-9, "the first OCV point completed");
        assertEquals("no second OCV point: step 6 did not complete (run not finished)", cells.get(0).whyMissing(Figure.K));
        assertEquals("no data file (run not finished)", cells.get(1).whyMissing(Figure.CAPACITY));
    }

    @Test
    void anAgingRunGivesKFromThisRunsLastAndItsFirstOcvPoint() throws Exception {
        RunFixture first = new RunFixture(temp.resolve("first"), RunFixture.RECIPE, RunFixture.START_UNIX_S)
                .cell(1, "CELL-1").cell(2, "CELL-2");
        complete(first, 1);
        complete(first, 2);
        first.end(1, "DONE", null, "", 6).end(2, "DONE", null, "", 6);
        RunDirectory firstDir = first.write();
        double later = RunFixture.START_UNIX_S + 7271 + 2 * DAY_S + 10 * DAY_S;
        RunFixture aging = new RunFixture(temp.resolve("aging"), RunFixture.OCV_ONLY, later)
                .cell(5, "CELL-1").cell(6, "CELL-9")
                .rest(5, 1, 0, 3600, 3.66).rest(6, 1, 0, 3600, 3.7)
                .end(5, "DONE", null, "", 1).end(6, "DONE", null, "", 1);
        List<CellFigures> cells = RunFigures.read(firstDir, Optional.of(aging.write()));
        CellFigures aged = cells.get(0);
        assertEquals(3.66, aged.valueOrNaN(Figure.OCV), 1e-9, "OCV is the latest point");
        assertEquals((3.69 - 3.66) / (10 * DAY_S + 3600), aged.valueOrNaN(Figure.K), 1e-12);
        assertFalse(cells.get(1).has(Figure.K));
        assertTrue(cells.get(1).whyMissing(Figure.K).startsWith("barcode not in the aging run "),
                cells.get(1).whyMissing(Figure.K));
        assertEquals(3.69, cells.get(1).valueOrNaN(Figure.OCV), 1e-9);
    }

    @Test
    void aRecipeWithoutTheMeasureSaysSo() throws Exception {
        RunFixture run = new RunFixture(temp.resolve("run"), RunFixture.OCV_ONLY, RunFixture.START_UNIX_S)
                .cell(1, "CELL-1").rest(1, 1, 0, 3600, 3.7).end(1, "DONE", null, "", 1);
        CellFigures cell = RunFigures.read(run.write()).get(0);
        assertEquals("the recipe has no 'measure: capacity' step", cell.whyMissing(Figure.CAPACITY));
        assertEquals("the recipe has no 'measure: dcir-pulse' step", cell.whyMissing(Figure.DCIR));
        assertTrue(cell.whyMissing(Figure.K).startsWith("needs two OCV points and the run has one"));
    }

    @Test
    void aCorruptDataFileNamesTheLine() throws Exception {
        RunFixture run = complete(new RunFixture(temp.resolve("run"), RunFixture.RECIPE, RunFixture.START_UNIX_S)
                .cell(1, "CELL-1"), 1).end(1, "DONE", null, "", 6);
        RunDirectory dir = run.write();
        Path data = dir.dataFile(1);
        List<String> lines = Files.readAllLines(data);
        lines.set(5, lines.get(5).replaceFirst("^([^,]*),[^,]*,", "$1,x,"));
        Files.write(data, lines);
        BadInputException e = assertThrows(BadInputException.class, () -> RunFigures.read(dir));
        assertEquals(data + ":6: 'x' in column 'Voltage / V' is not a number", e.getMessage());
    }
}
