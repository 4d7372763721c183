package org.cycler.core.recipe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.SafetyLimits;
import org.junit.jupiter.api.Test;

class RecipeSummaryTest {

    @Test
    void summarisesTheDesignExampleOnOneScreen() throws Exception {
        String summary = RecipeSummary.describe(RecipeParser.parse(RecipeParserTest.designExample()));
        assertEquals("""
                recipe   NMC 21700 formation
                cell     nominal capacity 5 Ah
                safety   voltage 2.4 V to 4.25 V, current 10 A, temperature -10 degC to 60 degC, charge capacity 6 Ah
                logging  every 10 s or dV 0.005 V or dI 0.05 A
                steps
                   1  rest                           until t >= 1 h
                   2  CC charge 0.25 A               until t >= 3 h or V >= 3.6 V
                   3  CC-CV charge 0.5 A to 4.2 V    until |I| <= 0.1 A
                   4  rest                           until t >= 30 min
                      cycle: 2
                   5    CC discharge 1 A             until V <= 2.75 V
                   6    rest                         until t >= 30 min
                   7    CC-CV charge 2.5 A to 4.2 V  until |I| <= 0.25 A
                   8    rest                         until t >= 30 min
                   9  CC discharge 1 A               until V <= 2.75 V  [measure capacity]
                  10  CC charge 2.5 A                until V >= 3.7 V
                  11  rest                           until t >= 1 h  [measure ocv]
                  12  CC discharge 1 A               until t >= 10 s  [measure dcir-base]
                  13  CC discharge 5 A               until t >= 1 s  [measure dcir-pulse]
                  14  CC discharge 5 A               until V <= 2.5 V  [goto end if voltage < 3 V]
                14 steps, 1 loop, 18 step executions
                """, summary);
    }

    @Test
    void nestedLoopsIndentAndMultiplyTheirExecutions() throws RecipeException {
        String summary = RecipeSummary.describe(RecipeParser.parse("""
                recipe: "aging\\tcheck"
                cell: {chemistry: lfp}
                safety: {current: 3 A}
                logging: {delta_voltage: 1 mV}
                steps:
                  - cycle: 3
                    steps:
                      - Charge at 2 W until 3.6 V or 90 minutes
                      - cycle: 1000
                        steps:
                          - step: Hold at 3.6 V until 50 mA or until 2 Ah (30 second period)
                            goto: [{if: step time > 1 h, step: 3}, {if: current < -1 A, step: end}]
                          - step: Discharge at 1.5 Ohm until 2.5 V or until 40 degC or 1 mV/s
                            logging: {period: 1 s}
                  - Rest for 2 days
                """, "t.yaml"));
        assertEquals("""
                recipe   aging\\u0009check
                cell     no nominal capacity, LFP
                safety   current 3 A
                logging  every 10 s or dV 0.001 V
                steps
                      cycle: 3
                   1    CP charge 2 W           until V >= 3.6 V or t >= 1.5 h
                        cycle: 1000
                   2      CV 3.6 V limit 3 A    until |I| <= 0.05 A or Q >= 2 Ah  [goto 3 if step time > 1 h]  \
                [goto end if current < -1 A]  [log every 30 s or dV 0.001 V]
                   3      CR discharge 1.5 Ohm  until V <= 2.5 V or T reaches 40 degC or |dV/dt| <= 0.001 V/s  \
                [log every 1 s or dV 0.001 V]
                   4  rest                      until t >= 2 d
                4 steps, 2 loops, 6004 step executions
                """, summary);
    }

    @Test
    void oneStepRecipeUsesSingularsAndSaysWhatIsMissing() throws RecipeException {
        assertEquals("""
                recipe   tiny
                cell     no nominal capacity
                safety   none (no safety block and no cell.chemistry: 'cycler run' refuses it, except on the \
                simulator with --no-safety-limits)
                logging  every 10 s
                steps
                   1  rest  until t >= 1 s
                1 step, 0 loops, 1 step execution
                """, RecipeSummary.describe(RecipeParser.parse("recipe: tiny\nsteps: [Rest for 1 s]\n", "t.yaml")));
    }

    @Test
    void aRecipeWithoutASafetyBlockRunsWithItsChemistrysDefaultsAndSaysSo() throws RecipeException {
        Recipe recipe = RecipeParser.parse("recipe: no block\ncell: {nominal_capacity: 5 Ah, chemistry: NMC}\n"
                + "steps: [Rest for 1 s]\n", "t.yaml");
        assertEquals(new SafetyLimits(2.4, 4.25, 10, -10, 60, 7), recipe.safety());
        assertEquals(Recipe.SafetyOrigin.CHEMISTRY_DEFAULTS, recipe.safetyOrigin());
        assertEquals("voltage 2.4 V to 4.25 V, current 10 A, temperature -10 degC to 60 degC, charge capacity 7 Ah "
                + "(NMC defaults: the recipe has no safety block)", RecipeSummary.safetyLine(recipe));
        assertEquals(Recipe.SafetyOrigin.RECIPE, RecipeParser.parse("recipe: own\ncell: {chemistry: LFP}\n"
                + "safety: {current: 3 A}\nsteps: [Rest for 1 s]\n", "t.yaml").safetyOrigin());
    }
}
