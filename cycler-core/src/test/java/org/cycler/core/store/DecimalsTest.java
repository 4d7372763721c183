package org.cycler.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void formatsFixedPointWithoutExponentOrLocale() {
        assertEquals("0.000", Decimals.format(0, 3));
        assertEquals("4.200000", Decimals.format(4.2, 6));
        assertEquals("-0.050000", Decimals.format(-0.05, 6));
        assertEquals("0.0000001", Decimals.format(1e-7, 7));
        assertEquals("1764121512.345", Decimals.format(1764121512.345, 3));
        assertEquals("12", Decimals.format(12.4, 0));
        assertEquals("0.000", Decimals.format(-0.0001, 3), "no negative zero");
        assertEquals("", Decimals.format(Double.NaN, 3));
    }

    @Test
    void agreesWithBigDecimalOnRandomValues() {
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < 100_000; k++) {
            double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-6, 9));
            int places = random.nextInt(0, 8);
            String expected = BigDecimal.valueOf(Math.round(Math.abs(value) * Math.pow(10, places)))
                    .movePointLeft(places).setScale(places, RoundingMode.UNNECESSARY).toPlainString();
            if (value < 0 && !expected.matches("[0.]+")) {
                expected = "-" + expected;
            }
            assertEquals(expected, Decimals.format(value, places), value + " to " + places);
        }
    }
}
