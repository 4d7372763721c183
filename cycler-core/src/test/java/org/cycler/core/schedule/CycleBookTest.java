package org.cycler.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The cycle book pairs a discharge with the charge before it, by the steps, not by one interval's sign. */
class CycleBookTest {

    /** A rest as a real instrument reads it: offset and noise put a little of both into it. */
    private static void noisyRest(CycleBook book) {
        for (int k = 0; k < 100; k++) {
            book.add(k % 2 == 0 ? 2e-6 : 0, k % 2 == 0 ? 0 : 3e-6, 0, 0, 0);
        }
    }

    @Test
    void aNoisyRestBetweenChargeAndDischargeNeitherStartsNorEndsTheDischargeRun() {
        CycleBook book = new CycleBook(1);
        noisyRest(book);
        book.add(5.0, 0, 19, 0, 1);
        noisyRest(book);
        book.add(0, 2.0, 0, 7, -1);
        noisyRest(book);
        book.add(0, 2.9, 0, 10, -1);
        noisyRest(book);
        CycleSummary cycle = book.close(100, 1);
        assertEquals(5.0, cycle.pairedChargeAh(), 1e-3, "the charge before the run, rests included");
        assertEquals(4.9, cycle.pairedDischargeAh(), 1e-3, "both discharges, with the rest between them");
    }

    @Test
    void aDischargeFirstLoopPairsTheFormationChargeWithTheNextCyclesDischarge() {
        CycleBook book = new CycleBook(1);
        book.add(5.5, 0, 21, 0, 1);
        noisyRest(book);
        assertEquals(Double.NaN, book.close(10, 1).pairedChargeAh(), "cycle 0 has no discharge to pair");
        book.add(0, 5.1, 0, 19, -1);
        noisyRest(book);
        book.add(5.1, 0, 20, 0, 1);
        CycleSummary one = book.close(20, 2);
        assertEquals(5.5, one.pairedChargeAh(), 1e-3);
        assertEquals(5.1, one.pairedDischargeAh(), 1e-3);
    }
}
