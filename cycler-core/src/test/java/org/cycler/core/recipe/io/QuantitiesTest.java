package org.cycler.core.recipe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Set;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.SourceLocation;
import org.cycler.core.recipe.io.Quantities.Kind;
import org.cycler.core.recipe.io.Quantities.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {

    private static final SourceLocation AT = new SourceLocation("q.yaml", 3, 10);
    private static final Set<Kind> ANY = EnumSet.allOf(Kind.class);

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            4.2 V         | 4.2       | VOLTAGE
            4200mV        | 4.2       | VOLTAGE
            4200 MV       | 4.2       | VOLTAGE
            1.5 A         | 1.5       | CURRENT
            500 mA        | 0.5       | CURRENT
            500mA         | 0.5       | CURRENT
            0.5C          | 0.5       | C_RATE
            1 C           | 1         | C_RATE
            2c            | 2         | C_RATE
            C/20          | 0.05      | C_RATE
            c/5           | 0.2       | C_RATE
            -C/10         | -0.1      | C_RATE
            C/2.5         | 0.4       | C_RATE
            2 W           | 2         | POWER
            200 mW        | 0.2       | POWER
            2 Ohm         | 2         | RESISTANCE
            2 ohms        | 2         | RESISTANCE
            500 mOhm      | 0.5       | RESISTANCE
            2.5 Ah        | 2.5       | CAPACITY
            2500 mAh      | 2.5       | CAPACITY
            5 Wh          | 5         | ENERGY
            500 mWh       | 0.5       | ENERGY
            45 degC       | 45        | TEMPERATURE
            -10 degC      | -10       | TEMPERATURE
            45 °C         | 45        | TEMPERATURE
            45°C          | 45        | TEMPERATURE
            1 mV/s        | 0.001     | VOLTAGE_RATE
            0.5 V/s       | 0.5       | VOLTAGE_RATE
            6 mV/min      | 0.0001    | VOLTAGE_RATE
            10 seconds    | 10        | DURATION
            10 s          | 10        | DURATION
            1 second      | 1         | DURATION
            100 ms        | 0.1       | DURATION
            30 minutes    | 1800      | DURATION
            30 min        | 1800      | DURATION
            2 minute      | 120       | DURATION
            3 hours       | 10800     | DURATION
            1 h           | 3600      | DURATION
            1h            | 3600      | DURATION
            1.5 hr        | 5400      | DURATION
            2 days        | 172800    | DURATION
            1 day         | 86400     | DURATION
            .5 h          | 1800      | DURATION
            1e3 mV        | 1         | VOLTAGE
            +3 A          | 3         | CURRENT
            """)
    void parsesUnitFormsIntoSi(String text, double expected, Kind kind) throws RecipeException {
        Quantity q = Quantities.parse(text, ANY, AT);
        assertEquals(expected, q.value(), 1e-12);
        assertEquals(kind, q.kind());
        assertEquals(text, q.text());
    }

    @Test
    void keepsTheSignAsWritten() throws RecipeException {
        assertEquals(-0.5, Quantities.parse("-500 mA", ANY, AT).value(), 1e-12);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            4.2           | q.yaml:3:13: missing unit after '4.2' (expected V, mV)
            4.2 Volts2    | q.yaml:3:14: unknown unit 'Volts2' (expected V, mV)
            4,2 V         | q.yaml:3:11: unknown unit ',2 V' (expected V, mV)
            V             | q.yaml:3:10: expected a voltage (V, mV), got 'V'
            2 A           | q.yaml:3:10: expected a voltage (V, mV), got current '2 A'
            NaN V         | q.yaml:3:10: expected a voltage (V, mV), got 'NaN V'
            1e999 V       | q.yaml:3:10: number out of range in '1e999 V' (expected at most 10000 V)
            -2e4 V        | q.yaml:3:10: number out of range in '-2e4 V' (expected at most 10000 V)
            """)
    void rejectsWhatIsNotAValueOfTheExpectedKind(String text, String message) {
        RecipeException e = assertThrows(RecipeException.class, () -> Quantities.parse(text, EnumSet.of(Kind.VOLTAGE), AT));
        assertEquals(message, e.getMessage());
    }

    @Test
    void listsEveryExpectedUnitWhenTheUnitIsUnknown() {
        RecipeException e = assertThrows(RecipeException.class, () -> Quantities.parse("1 mAh/s",
                EnumSet.of(Kind.CURRENT, Kind.C_RATE, Kind.POWER, Kind.RESISTANCE), AT));
        assertEquals("q.yaml:3:12: unknown unit 'mAh/s' (expected A, mA, C, W, mW, Ohm, mOhm)", e.getMessage());
    }

    @Test
    void rejectsADivisorOfZero() {
        RecipeException e = assertThrows(RecipeException.class, () -> Quantities.parse("C/0", ANY, AT));
        assertEquals("q.yaml:3:10: C-rate divisor must be greater than zero, got 'C/0'", e.getMessage());
    }
}
