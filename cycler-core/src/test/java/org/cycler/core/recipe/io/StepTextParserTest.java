package org.cycler.core.recipe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.cycler.core.recipe.CellSpec;
import org.cycler.core.recipe.Control;
import org.cycler.core.recipe.Direction;
import org.cycler.core.recipe.EndCondition;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.SafetyLimits;
import org.cycler.core.recipe.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StepTextParserTest {

    private static final SourceLocation AT = new SourceLocation("s.yaml", 7, 5);
    private static final CellSpec CELL_5AH = new CellSpec(5.0, Optional.empty());
    private static final CellSpec NO_CELL = new CellSpec(Double.NaN, Optional.empty());
    private static final SafetyLimits SAFETY = new SafetyLimits(2.5, 4.25, 10, -10, 60, 6);

    private static StepTextParser.Parsed parse(String text) throws RecipeException {
        return new StepTextParser(CELL_5AH, SafetyLimits.NONE).parse(text, AT);
    }

    private static String error(StepTextParser parser, String text) {
        return assertThrows(RecipeException.class, () -> parser.parse(text, AT)).getMessage();
    }

    @Test
    void chargeAtACurrentIsPositiveConstantCurrent() throws RecipeException {
        var step = parse("Charge at 1.5 A for 2 hours");
        assertEquals(new Control.ConstantCurrent(1.5), step.control());
        assertEquals(List.of(new EndCondition.Elapsed(7200)), step.ends());
        assertEquals(OptionalDouble.empty(), step.loggingPeriodS());
    }

    @Test
    void dischargeAtACurrentIsNegativeConstantCurrent() throws RecipeException {
        assertEquals(new Control.ConstantCurrent(-0.5), parse("Discharge at 500 mA until 2.75 V").control());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Charge at C/20 for 1 h    | 0.25
            Charge at 0.5C for 1 h    | 2.5
            Charge at 1 C for 1 h     | 5
            Discharge at 2C for 1 h   | -10
            Discharge at c/5 for 1 h  | -1
            """)
    void cRatesUseTheNominalCapacity(String text, double amps) throws RecipeException {
        assertEquals(new Control.ConstantCurrent(amps), parse(text).control());
    }

    @Test
    void powerGivesSignedConstantPower() throws RecipeException {
        assertEquals(new Control.ConstantPower(2), parse("Charge at 2 W for 1 h").control());
        assertEquals(new Control.ConstantPower(-0.2), parse("Discharge at 200 mW for 1 h").control());
    }

    @Test
    void dischargeAtAResistanceIsConstantResistance() throws RecipeException {
        assertEquals(new Control.ConstantResistance(2), parse("Discharge at 2 Ohm until 3 V").control());
        assertEquals(new Control.ConstantResistance(0.5), parse("Discharge at 500 mOhm until 3 V").control());
    }

    @Test
    void holdIsLimitedToTheSafetyCurrentElseToOneC() throws RecipeException {
        var limited = new StepTextParser(CELL_5AH, SAFETY).parse("Hold at 4.2 V until C/50", AT);
        assertEquals(new Control.HoldVoltage(4.2, 10), limited.control());
        assertEquals(List.of(new EndCondition.CurrentFallsTo(0.1)), limited.ends());
        assertEquals(new Control.HoldVoltage(4.2, 5), parse("Hold at 4.2 V for 1 hour").control());
    }

    @Test
    void restIsOutputOff() throws RecipeException {
        assertEquals(new Control.Rest(), parse("Rest for 1 hour").control());
        assertEquals(new Control.Rest(), parse("rest FOR 30 MINUTES").control());
    }

    @Test
    void ccCvTakesTheFirstVoltageAsItsSetpointAndTheRestAsEnds() throws RecipeException {
        var step = parse("Charge at C/10 until 4.2 V then hold until C/50 or 3 hours");
        assertEquals(new Control.CcCv(0.5, 4.2), step.control());
        assertEquals(List.of(new EndCondition.CurrentFallsTo(0.1), new EndCondition.Elapsed(10800)), step.ends());
    }

    @Test
    void dischargeCcCvHoldsAtTheLowerVoltage() throws RecipeException {
        var step = parse("Discharge at 1 A until 2.5 V then hold until 50 mA");
        assertEquals(new Control.CcCv(-1, 2.5), step.control());
        assertEquals(List.of(new EndCondition.CurrentFallsTo(0.05)), step.ends());
    }

    @Test
    void voltageEndsRiseOnChargeFallOnDischargeEitherWayOtherwise() throws RecipeException {
        assertEquals(new EndCondition.VoltageReaches(4.2, Direction.RISING), parse("Charge at 1 A until 4.2 V").ends().get(0));
        assertEquals(new EndCondition.VoltageReaches(2.5, Direction.FALLING), parse("Discharge at 1 A until 2.5 V").ends().get(0));
        assertEquals(new EndCondition.VoltageReaches(2.5, Direction.FALLING), parse("Discharge at 2 W until 2500 mV").ends().get(0));
        assertEquals(new EndCondition.VoltageReaches(3.6, Direction.EITHER), parse("Rest until 3.6 V").ends().get(0));
        assertEquals(new EndCondition.VoltageReaches(4.1, Direction.EITHER), parse("Hold at 4.2 V until 4.1 V").ends().get(0));
    }

    @Test
    void everyEndConditionKind() throws RecipeException {
        var step = parse("Discharge at 2 W for 3 hours or until 3 V or until 0.1 A or until 2.5 Ah or until 45 degC");
        assertEquals(List.of(new EndCondition.Elapsed(10800), new EndCondition.VoltageReaches(3, Direction.FALLING),
                new EndCondition.CurrentFallsTo(0.1), new EndCondition.CapacityReaches(2.5),
                new EndCondition.TemperatureReaches(45, Direction.EITHER)), step.ends());
        assertEquals(List.of(new EndCondition.Elapsed(3600), new EndCondition.VoltageRateFallsTo(0.001)),
                parse("Rest for 1 hour or until 1 mV/s").ends());
        assertEquals(List.of(new EndCondition.CapacityReaches(2.5)), parse("Charge at 1 A until 2500 mAh").ends());
        assertEquals(List.of(new EndCondition.TemperatureReaches(-5, Direction.EITHER)), parse("Rest until -5 °C").ends());
    }

    @Test
    void overSetsTheWindowACurrentOrDvDtEndMustHoldOver() throws RecipeException {
        assertEquals(List.of(new EndCondition.CurrentFallsTo(0.1, 30)),
                parse("Hold at 4.2 V until C/50 over 30 s").ends());
        assertEquals(List.of(new EndCondition.CurrentFallsTo(0.25, 0), new EndCondition.Elapsed(7200)),
                parse("Charge at 1C until 4.2 V then hold until C/20 over 0 s or for 2 hours").ends());
        assertEquals(List.of(new EndCondition.VoltageRateFallsTo(0.001 / 60, 300), new EndCondition.Elapsed(7200)),
                parse("Rest until 1 mV/min over 5 minutes or 2 hours").ends());
        assertEquals(EndCondition.CurrentFallsTo.DEFAULT_HOLD_S,
                ((EndCondition.CurrentFallsTo) parse("Hold at 4.2 V until C/50").ends().get(0)).holdS());
        assertEquals(EndCondition.VoltageRateFallsTo.DEFAULT_WINDOW_S,
                ((EndCondition.VoltageRateFallsTo) parse("Rest until 1 mV/min").ends().get(0)).windowS());
    }

    @Test
    void severalClausesJoinWithOr() throws RecipeException {
        assertEquals(List.of(new EndCondition.Elapsed(10800), new EndCondition.VoltageReaches(4.2, Direction.RISING)),
                parse("Charge at 1 A for 3 hours or until 4.2 V").ends());
    }

    @Test
    void aBareValueAfterOrIsForWhenItIsADurationElseUntil() throws RecipeException {
        assertEquals(List.of(new EndCondition.VoltageReaches(4.2, Direction.RISING), new EndCondition.Elapsed(7200),
                new EndCondition.CapacityReaches(1)), parse("Charge at 1 A until 4.2 V or 2 h or 1 Ah").ends());
    }

    @Test
    void unitsWithOrWithoutSpaceAndAnyCase() throws RecipeException {
        assertEquals(parse("Charge at 1 A for 1 h until 4.2 V".replace(" until", " or until")),
                parse("CHARGE AT 1a FOR 1H OR UNTIL 4200MV"));
    }

    @Test
    void periodSuffixSetsTheLoggingPeriod() throws RecipeException {
        assertEquals(OptionalDouble.of(120), parse("Discharge at C/20 for 1h (2 minute period)").loggingPeriodS());
        assertEquals(OptionalDouble.of(10), parse("Rest for 1 hour (10 second period)").loggingPeriodS());
        assertEquals(OptionalDouble.of(1), parse("Rest for 1 hour (1s period)").loggingPeriodS());
    }

    @Test
    void cRateWithoutNominalCapacityIsAnError() {
        assertEquals("s.yaml:7:15: C-rate 'C/20' needs cell.nominal_capacity (expected it, or a current in A or mA)",
                error(new StepTextParser(NO_CELL, SafetyLimits.NONE), "Charge at C/20 for 1 h"));
    }

    @Test
    void holdWithoutAnyCurrentLimitIsAnError() {
        assertEquals("s.yaml:7:5: a hold needs a current limit (expected safety.current or cell.nominal_capacity)",
                error(new StepTextParser(NO_CELL, SafetyLimits.NONE), "Hold at 4.2 V for 1 h"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                | s.yaml:7:5: empty step (expected Charge, Discharge, Hold or Rest)
            Charg at 1 A for 1 h                              | s.yaml:7:5: unknown step 'Charg' (expected Charge, Discharge, Hold or Rest)
            Charge 1 A for 1 h                                | s.yaml:7:12: expected 'at' after 'Charge', got '1'
            Charge at                                         | s.yaml:7:14: missing value after 'at' (expected a current, C-rate, power or resistance (A, mA, C, W, mW, Ohm, mOhm))
            Charge at 1 mAh/s for 1 h                         | s.yaml:7:17: unknown unit 'mAh/s' (expected A, mA, C, W, mW, Ohm, mOhm)
            Charge at 4.2 V for 1 h                           | s.yaml:7:15: expected a current, C-rate, power or resistance (A, mA, C, W, mW, Ohm, mOhm), got voltage '4.2 V'
            Charge at 2 Ohm for 1 h                           | s.yaml:7:15: a resistive load can only discharge (expected 'Discharge at 2 Ohm', or a current or power to charge)
            Charge at -1 A for 1 h                            | s.yaml:7:15: current must be greater than zero (Charge or Discharge sets the sign), got '-1 A'
            Charge at 0 W for 1 h                             | s.yaml:7:15: power must be greater than zero, got '0 W'
            Charge at 1 A                                     | s.yaml:7:18: step has no end condition (expected 'for <duration>' or 'until <value>')
            Charge at 1 A for 4.2 V                           | s.yaml:7:23: expected a duration (s, min, h, days), got voltage '4.2 V'
            Charge at 1 A until 3 hours                       | s.yaml:7:25: a duration needs 'for' (expected 'for 3 hours', not 'until 3 hours')
            Charge at 1 A for 0 s                             | s.yaml:7:23: duration must be greater than zero, got '0 s'
            Charge at 1 A until C/50                          | s.yaml:7:25: current end 'C/50' can never fire on a constant-current step (expected it on a Hold, after 'then hold until', or on a power or resistance step)
            Rest until 1 A                                    | s.yaml:7:16: current end '1 A' can never fire on a rest (expected it on a Hold, after 'then hold until', or on a power or resistance step)
            Rest until 1 Ah                                   | s.yaml:7:16: capacity end '1 Ah' can never fire on a rest (no current flows)
            Hold at 4.2 V until 1 mV/s                        | s.yaml:7:25: dV/dt end '1 mV/s' would fire as soon as the voltage is held (expected it on a rest or a current, power or resistance step)
            Charge at 1 A until 4.2 V then hold until 4.1 V   | s.yaml:7:47: a voltage cannot end a CC-CV step (the hold keeps it at 4.2 V; expected a current, capacity, duration, dV/dt or temperature)
            Charge at 1 A until 4.2 V then hold until 2 A     | s.yaml:7:47: end current 2 A is not below the step's current 1 A, so the step would end at once
            Charge at 1 A for 1 h then hold until 50 mA       | s.yaml:7:27: unexpected 'then' (expected 'or', a '(<duration> period)' suffix or the end of the step)
            Charge at 2 W until 4.2 V then hold until 50 mA   | s.yaml:7:31: 'then hold until' must follow the first 'until <voltage>' of a Charge or Discharge at a current
            Charge at 1 A until 4.2 V over 10 s               | s.yaml:7:31: 'over <duration>' follows only a current or dV/dt end (expected 'or', a '(<duration> period)' suffix or the end of the step)
            Rest until 1 mV/min over 1 s                      | s.yaml:7:30: dV/dt window must be at least 2 seconds (a slope needs two one-second means), got '1 s'
            Hold at 4.2 V until C/50 over 4.2 V               | s.yaml:7:35: expected a duration (s, min, h, days), got voltage '4.2 V'
            Charge at 1 A until 4.2 V then until 50 mA        | s.yaml:7:36: expected 'hold' after 'then', got 'until'
            Charge at 1 A for 1 h or                          | s.yaml:7:29: missing value after 'or' (expected a voltage, current, C-rate, capacity, temperature, duration or dV/dt (V, mV, A, mA, C, Ah, mAh, degC, s, min, h, days, V/s, mV/s, mV/min, mV/h, mV/day))
            Charge at 1 A for 1 h and until 4.2 V             | s.yaml:7:27: unexpected 'and' (expected 'or', a '(<duration> period)' suffix or the end of the step)
            Rest at 1 A for 1 h                               | s.yaml:7:10: unexpected 'at' (expected 'for <duration>' or 'until <value>')
            Rest for 1 h (2 minute)                           | s.yaml:7:27: expected 'period' after 'minute', got ')'
            Rest for 1 h (2 minute period                     | s.yaml:7:34: expected ')' after 'period', got the end of the step
            Rest for 1 h (2 minute period) now                | s.yaml:7:36: unexpected 'now' (expected the end of the step)
            Rest for 1 h (0 s period)                         | s.yaml:7:19: logging period must be greater than zero, got '0 s'
            """)
    void rejectsTextThatCannotRunAsWritten(String text, String message) {
        assertEquals(message, error(new StepTextParser(CELL_5AH, SafetyLimits.NONE), text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Charge at 3C for 1 h                               | s.yaml:7:15: current 15 A exceeds safety.current 10 A
            Charge at 1 A until 4.3 V                          | s.yaml:7:25: end voltage 4.3 V is outside safety.voltage [2.5 V, 4.25 V]
            Charge at 1 A until 4.3 V then hold until C/50     | s.yaml:7:25: CV voltage 4.3 V is outside safety.voltage [2.5 V, 4.25 V]
            Hold at 2.4 V until C/50                           | s.yaml:7:13: hold voltage 2.4 V is outside safety.voltage [2.5 V, 4.25 V]
            Rest until 70 degC                                 | s.yaml:7:16: end temperature 70 degC is outside safety.temperature [-10 degC, 60 degC]
            Charge at 1 A until 7 Ah                           | s.yaml:7:25: end capacity 7 Ah exceeds safety.charge_capacity 6 Ah
            Discharge at 2 W until 11 A                        | s.yaml:7:28: end current 11 A exceeds safety.current 10 A
            """)
    void rejectsSetpointsAndCutOffsOutsideSafetyLimits(String text, String message) {
        assertEquals(message, error(new StepTextParser(CELL_5AH, SAFETY), text));
    }
}
