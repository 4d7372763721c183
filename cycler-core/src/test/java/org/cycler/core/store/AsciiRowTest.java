package org.cycler.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** A row built as bytes reads exactly as the same numbers written by {@link Decimals} and {@link Long#toString}. */
class AsciiRowTest {

    @Test
    void numbersReadAsDecimalsWritesThem() {
        SplittableRandom random = new SplittableRandom(3);
        AsciiRow row = new AsciiRow();
        for (int k = 0; k < 100_000; k++) {
            double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-8, 12));
            int places = random.nextInt(0, 10);
            row.clear();
            row.append(value, places);
            assertEquals(Decimals.format(value, places), row.toString(), value + " to " + places);
        }
        for (double special : new double[] {0, -0.0, -0.0004, 0.0005, 9.0e9, -9.5e9, Double.NaN,
                Double.POSITIVE_INFINITY, 1764121512.345, 4.2, 1e-7}) {
            for (int places = 0; places < 10; places++) {
                row.clear();
                row.append(special, places);
                assertEquals(Decimals.format(special, places), row.toString(), special + " to " + places);
            }
        }
    }

    @Test
    void integersAndNamesReadAsJavaWritesThem() {
        AsciiRow row = new AsciiRow();
        long[] values = {0, 7, 10, 99, 100, -1, -10, 123_456_789_012L, Long.MAX_VALUE, Long.MIN_VALUE, 999_999_999_999_999_999L};
        StringBuilder expected = new StringBuilder();
        for (long v : values) {
            row.append(v).append(',');
            expected.append(v).append(',');
        }
        row.append("CCCV_CHG");
        expected.append("CCCV_CHG");
        assertEquals(expected.toString(), row.toString());
        assertEquals(expected.length(), row.length());
        assertEquals(expected.charAt(3), row.charAt(3));
    }
}
