package org.cycler.hal.scpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScpiNumbersTest {

    private static String fixed(double value, int decimals) {
        return ScpiNumbers.appendFixed(new StringBuilder(), value, decimals).toString();
    }

    @Test
    void fixedPointIsLocaleFreeAndRoundsHalfAwayFromZero() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("3.712346", fixed(3.7123456, 6));
            assertEquals("-0.250000", fixed(-0.25, 6));
            assertEquals("0.000", fixed(-0.0001, 3));
            assertEquals("25", fixed(25.4, 0));
            assertEquals("1000000.5", fixed(1_000_000.5, 1));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void fixedPointWritesEveryDigitOfTheFractionZerosIncluded() {
        assertEquals("0.000000", fixed(0, 6));
        assertEquals("4.000005", fixed(4.000005, 6));
        assertEquals("-1.010", fixed(-1.01, 3));
        assertEquals("0.000100", fixed(1e-4, 6));
        SplittableRandom random = new SplittableRandom(13);
        for (int k = 0; k < 100_000; k++) {
            int decimals = random.nextInt(0, 10);
            long units = random.nextLong(0, 1_000_000_000L) / (random.nextBoolean() ? 1 : 1_000_000);
            double value = (random.nextBoolean() ? -1 : 1) * (units / Math.pow(10, decimals));
            String want = new java.math.BigDecimal(Math.abs(value)).setScale(decimals, java.math.RoundingMode.HALF_UP)
                    .toPlainString();
            String got = fixed(value, decimals);
            assertEquals(want, got.startsWith("-") ? got.substring(1) : got, value + " to " + decimals);
        }
    }

    @Test
    void notANumberAndInfinitiesUseTheScpiValues() {
        assertEquals("9.91E+37", fixed(Double.NaN, 6));
        assertEquals("9.9E+37", fixed(Double.POSITIVE_INFINITY, 6));
        assertTrue(Double.isNaN(ScpiNumbers.parse("9.91E+37")));
        assertTrue(Double.isNaN(ScpiNumbers.parse("9.91e37")));
        assertEquals(Double.NEGATIVE_INFINITY, ScpiNumbers.parse("-9.9E37"));
    }

    @Test
    void readsScpiDecimalForms() {
        assertEquals(3.7, ScpiNumbers.parse("3.7"));
        assertEquals(-0.25, ScpiNumbers.parse(" -0.25 "));
        assertEquals(0.5, ScpiNumbers.parse("+.5"));
        assertEquals(1e-4, ScpiNumbers.parse("1.0E-4"));
        assertEquals(2.0, ScpiNumbers.parse("2."));
        assertEquals(1234.5, ScpiNumbers.parse("1.2345e3"));
        assertEquals(12345678901234567890.0, ScpiNumbers.parse("12345678901234567890"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-", ".", "1.5V", "abc", "1e", "1..2", "NaN", "Infinity", "0x10", "1,5", "1 2"})
    void rejectsWhatIsNotADecimal(String text) {
        assertThrows(NumberFormatException.class, () -> ScpiNumbers.parse(text));
    }

    @Test
    void setpointsReadBackAsTheIdenticalDouble() {
        SplittableRandom random = new SplittableRandom(11);
        for (int k = 0; k < 100_000; k++) {
            double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-6, 6));
            String text = ScpiNumbers.appendExact(new StringBuilder(), value).toString();
            assertEquals(value, ScpiNumbers.parse(text), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.10010000000000001", "-0.14990000000000001", "123456789012345678901234",
        "0.000000000000000000012345678901234567", "9.007199254740993", "1.7976931348623157E308",
        "4.9E-324", "2.4703282292062328E-324", "+00000000000000000000000.5", "-1.00000000000000011102230246251565404236316680908203125"})
    void longDecimalsInsideALineReadAsTheJdkReadsThem(String number) {
        String line = "SOUR:CURR " + number + ",(@7)";
        int from = line.indexOf(' ') + 1;
        assertEquals(Double.parseDouble(number), ScpiNumbers.parse(line, from, line.indexOf(',')), number);
    }

    @Test
    void readingsReadBackWithinHalfAUnitOfTheirLastDigit() {
        SplittableRandom random = new SplittableRandom(12);
        for (int k = 0; k < 100_000; k++) {
            double value = (random.nextDouble() - 0.5) * 100;
            String text = fixed(value, 6);
            assertEquals(value, ScpiNumbers.parse(text), 0.5e-6 + 1e-12, text);
        }
    }
}
