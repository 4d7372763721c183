package org.cycler.core.recipe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.cycler.core.recipe.RecipeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a recipe file can be wrong gives one exact line: file, line, column, problem, expectation. */
class RecipeErrorsTest {

    /** Lines 1-4; the first step is on line 5. */
    private static final String HEAD = """
            recipe: t
            cell: {nominal_capacity: 5 Ah}
            safety: {voltage: [2.5 V, 4.2 V], current: 10 A, temperature: [-10 degC, 60 degC], charge_capacity: 6 Ah}
            steps:
            """;

    static Stream<Arguments> badRecipes() {
        return Stream.of(
                // file and YAML level
                bad("", "t.yaml:1:1: empty file (expected a recipe with 'recipe:' and 'steps:')"),
                bad("- Rest for 1 h\n", "t.yaml:1:1: the recipe must be a map (keys recipe, cell, safety, logging, steps), got a list"),
                bad("recipe: t\nsteps: [Rest for 1 h\n", "t.yaml:3:1: invalid YAML: expected ',' or ']', but got <stream end>"),
                bad("recipe: t\nsteps:\n\t- Rest for 1 h\n", "t.yaml:3:1: invalid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
                bad("recipe: t\nsteps:\n  - &r Rest for 1 h\n  - *r\n", "t.yaml:3:5: YAML anchors and aliases are not supported (expected each value written out)"),
                bad("recipe: a\nrecipe: b\nsteps: [Rest for 1 h]\n", "t.yaml:2:1: duplicate key 'recipe' in the recipe (first at line 1)"),
                // top level
                bad("steps: [Rest for 1 h]\n", "t.yaml:1:1: missing key 'recipe' in the recipe (expected the recipe's name)"),
                bad("recipe: t\n", "t.yaml:1:1: missing key 'steps' in the recipe (expected a list of steps)"),
                bad("recipe: t\nstep: [Rest for 1 h]\n", "t.yaml:2:1: unknown key 'step' in the recipe (expected recipe, cell, safety, logging, steps)"),
                bad("recipe: [a, b]\nsteps: [Rest for 1 h]\n", "t.yaml:1:9: 'recipe' must be the recipe's name, got a list"),
                bad("recipe: t\nsteps: Rest for 1 h\n", "t.yaml:2:8: 'steps' must be a list of steps, got 'Rest for 1 h'"),
                bad("recipe: t\nsteps: []\n", "t.yaml:2:8: 'steps' must list at least one step, got an empty list"),
                // cell
                bad("recipe: t\ncell: 5 Ah\nsteps: [Rest for 1 h]\n", "t.yaml:2:7: 'cell' must be a map (keys nominal_capacity, chemistry), got '5 Ah'"),
                bad("recipe: t\ncell: {capacity: 5 Ah}\nsteps: [Rest for 1 h]\n", "t.yaml:2:8: unknown key 'capacity' in 'cell' (expected nominal_capacity, chemistry)"),
                bad("recipe: t\ncell: {chemistry: NCA}\nsteps: [Rest for 1 h]\n", "t.yaml:2:19: unknown chemistry 'NCA' (expected NMC or LFP)"),
                bad("recipe: t\ncell: {nominal_capacity: -5 Ah}\nsteps: [Rest for 1 h]\n", "t.yaml:2:26: cell.nominal_capacity must be greater than zero, got '-5 Ah'"),
                bad("recipe: t\ncell: {nominal_capacity: 5 A}\nsteps: [Rest for 1 h]\n", "t.yaml:2:26: expected a capacity (Ah, mAh), got current '5 A'"),
                // safety
                bad("recipe: t\nsafety: {voltage: 4.2 V}\nsteps: [Rest for 1 h]\n", "t.yaml:2:19: safety.voltage must be a list of two values [low, high] (V, mV), got '4.2 V'"),
                bad("recipe: t\nsafety: {voltage: [2.5 V, 3 V, 4.2 V]}\nsteps: [Rest for 1 h]\n", "t.yaml:2:19: safety.voltage must be [low, high] (V, mV), got 3 items"),
                bad("recipe: t\nsafety: {voltage: [4.2 V, 2.5 V]}\nsteps: [Rest for 1 h]\n", "t.yaml:2:19: safety.voltage must be [low, high] with low < high, got [4.2 V, 2.5 V]"),
                bad("recipe: t\nsafety: {current: 0 A}\nsteps: [Rest for 1 h]\n", "t.yaml:2:19: safety.current must be greater than zero, got '0 A'"),
                bad("recipe: t\nsafety: {temperature: [-10, 60 degC]}\nsteps: [Rest for 1 h]\n", "t.yaml:2:27: missing unit after '-10' (expected degC)"),
                bad("recipe: t\nsafety: {power: 20 W}\nsteps: [Rest for 1 h]\n", "t.yaml:2:10: unknown key 'power' in 'safety' (expected voltage, current, temperature, charge_capacity)"),
                // logging
                bad("recipe: t\nlogging: {interval: 1 s}\nsteps: [Rest for 1 h]\n", "t.yaml:2:11: unknown key 'interval' in 'logging' (expected period, delta_voltage, delta_current)"),
                bad("recipe: t\nlogging: {period: 0 s}\nsteps: [Rest for 1 h]\n", "t.yaml:2:19: logging.period must be greater than zero, got '0 s'"),
                bad("recipe: t\nlogging: 10 s\nsteps: [Rest for 1 h]\n", "t.yaml:2:10: 'logging' must be a map (keys period, delta_voltage, delta_current), got '10 s'"),
                // steps: C-rate, safety, no end
                bad("recipe: t\nsteps:\n  - Charge at C/20 for 1 h\n", "t.yaml:3:15: C-rate 'C/20' needs cell.nominal_capacity (expected it, or a current in A or mA)"),
                bad(HEAD + "  - Charge at 3C for 1 h\n", "t.yaml:5:15: current 15 A exceeds safety.current 10 A"),
                bad(HEAD + "  - Discharge at 1 A until 2 V\n", "t.yaml:5:28: end voltage 2 V is outside safety.voltage [2.5 V, 4.2 V]"),
                bad(HEAD + "  - Rest until 70 degC\n", "t.yaml:5:16: end temperature 70 degC is outside safety.temperature [-10 degC, 60 degC]"),
                bad(HEAD + "  - Rest for 99999999999999999999999 hour\n", "t.yaml:5:14: number out of range in '99999999999999999999999 hour' (expected at most 3650 days)"),
                bad(HEAD + "  - Charge at 1e6 A for 1 h\n", "t.yaml:5:15: number out of range in '1e6 A' (expected at most 10000 A)"),
                bad("recipe: t\nsteps: " + "[".repeat(500_000) + "\n", "t.yaml:2:47: YAML nested deeper than 40 levels (expected at most 40)"),
                bad(HEAD + "  - Charge at 1 A\n", "t.yaml:5:18: step has no end condition (expected 'for <duration>' or 'until <value>')"),
                bad(HEAD + "  - \"Charge at 1 mAh/s for 1 h\"\n", "t.yaml:5:18: unknown unit 'mAh/s' (expected A, mA, C, W, mW, Ohm, mOhm)"),
                bad(HEAD + "  - Charge at 1 A for 1 h\n    or until 9 V\n", "t.yaml:5:5: end voltage 9 V is outside safety.voltage [2.5 V, 4.2 V]"),
                bad(HEAD + "  -\n", "t.yaml:5:4: a step must be step text such as 'Rest for 1 hour', got nothing"),
                bad(HEAD + "  - [Rest for 1 h]\n", "t.yaml:5:5: expected a step or a loop, got a list"),
                bad(HEAD + "  - {note: hi}\n", "t.yaml:5:5: expected a step ('step: ...') or a loop ('cycle: N' with 'steps:'), got a map with keys 'note'"),
                bad(HEAD + "  - step: Rest for 1 h\n    note: hi\n", "t.yaml:6:5: unknown key 'note' in a step (expected step, measure, logging, goto)"),
                bad(HEAD + "  - step: Rest for 1 h\n    step: Rest for 2 h\n", "t.yaml:6:5: duplicate key 'step' in a step (first at line 5)"),
                bad(HEAD + "  - step: Rest for 1 h (1 s period)\n    logging: {period: 2 s}\n", "t.yaml:6:15: logging period given twice (expected either the '(<duration> period)' suffix or logging.period)"),
                // loops
                bad(HEAD + "  - cycle: 2\n    steps: []\n", "t.yaml:6:12: the loop's 'steps' must list at least one step, got an empty list"),
                bad(HEAD + "  - cycle: 0\n    steps: [Rest for 1 h]\n", "t.yaml:5:12: 'cycle' must be a whole number from 1 to 1000000, got '0'"),
                bad(HEAD + "  - cycle: -1\n    steps: [Rest for 1 h]\n", "t.yaml:5:12: 'cycle' must be a whole number from 1 to 1000000, got '-1'"),
                bad(HEAD + "  - cycle: 2.5\n    steps: [Rest for 1 h]\n", "t.yaml:5:12: 'cycle' must be a whole number from 1 to 1000000, got '2.5'"),
                bad(HEAD + "  - cycle: 2\n", "t.yaml:5:5: missing key 'steps' in a loop (expected the steps to repeat)"),
                bad(HEAD + "  - cycle: 2\n    step: [Rest for 1 h]\n", "t.yaml:6:5: unknown key 'step' in a loop (expected cycle, steps)"),
                // measure
                bad(HEAD + "  - step: Discharge at 1 A for 1 h\n    measure: energy\n", "t.yaml:6:14: unknown measure 'energy' (expected capacity, ocv, dcir-base, dcir-pulse)"),
                bad(HEAD + "  - step: Charge at 1 A for 1 h\n    measure: ocv\n", "t.yaml:6:14: measure 'ocv' needs a rest step (expected 'Rest ...'; the voltage is open-circuit only at rest)"),
                bad(HEAD + "  - step: Charge at 1 A for 1 h\n    measure: capacity\n", "t.yaml:6:14: measure 'capacity' needs a discharging step (expected 'Discharge at ...')"),
                bad(HEAD + "  - step: Discharge at 1 A until 3 V then hold until 0.1 A\n    measure: dcir-base\n", "t.yaml:6:14: measure 'dcir-base' needs a constant-current step (expected 'Charge at <current>' or 'Discharge at <current>' without 'then hold')"),
                bad(HEAD + "  - step: Discharge at 1 A for 1 s\n    measure: dcir-pulse\n", "t.yaml:6:14: measure 'dcir-pulse' needs a 'dcir-base' step before it"),
                bad(HEAD + "  - step: Discharge at 1 A for 10 s\n    measure: dcir-base\n"
                        + "  - step: Discharge at 1000 mA for 1 s\n    measure: dcir-pulse\n", "t.yaml:8:14: measure 'dcir-pulse' needs a current other than the -1 A of dcir-base step 1 (the resistance divides by their difference)"),
                // goto
                bad(HEAD + "  - step: Rest for 1 h\n    goto: {if: voltage < 3 V, step: 9}\n", "t.yaml:6:37: goto target step 9 does not exist (expected a step ID from 1 to 1, or 'end')"),
                bad(HEAD + "  - step: Rest for 1 h\n    goto: {if: voltage < 3 V, step: 2}\n"
                        + "  - cycle: 2\n    steps: [Rest for 1 s]\n", "t.yaml:6:37: goto target step 2 is inside a loop that step 1 is not in (expected a step outside that loop, or 'end': a goto may leave a loop but not enter one)"),
                bad(HEAD + "  - step: Rest for 1 h\n    goto: {if: voltage < 3 V, step: next}\n", "t.yaml:6:37: goto 'step' must be a step ID (1, 2, ...) or 'end', got 'next'"),
                bad(HEAD + "  - step: Rest for 1 h\n    goto: {if: power < 2 W, step: end}\n", "t.yaml:6:16: unknown quantity 'power' in goto condition (expected voltage, current, temperature, step time or step capacity)"),
                bad(HEAD + "  - step: Rest for 1 h\n    goto: {if: voltage = 3 V, step: end}\n", "t.yaml:6:24: expected <, <=, > or >= after 'voltage', got '='"),
                bad(HEAD + "  - step: Rest for 1 h\n    goto: {if: voltage < 3 V}\n", "t.yaml:6:11: missing key 'step' in a goto (expected a step ID or 'end')"),
                bad(HEAD + "  - step: Rest for 1 h\n    goto: []\n", "t.yaml:6:11: 'goto' must be {if: <condition>, step: <ID or end>} or a list of them, got an empty list"),
                bad(HEAD + "  - step: Rest for 1 h\n    goto: {if: 'step time > 3 A', step: end}\n", "t.yaml:6:29: expected a duration (s, min, h, days), got current '3 A'"));
    }

    private static Arguments bad(String yaml, String message) {
        return Arguments.of(yaml, message);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badRecipes")
    void rejectsWithOneExactLine(String yaml, String message) {
        RecipeException e = assertThrows(RecipeException.class, () -> RecipeParser.parse(yaml, "t.yaml"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(message, e.getMessage());
    }
}
