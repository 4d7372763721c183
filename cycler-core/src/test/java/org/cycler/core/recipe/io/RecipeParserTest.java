package org.cycler.core.recipe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.cycler.core.recipe.Comparison;
import org.cycler.core.recipe.CellSpec;
import org.cycler.core.recipe.Control;
import org.cycler.core.recipe.Direction;
import org.cycler.core.recipe.EndCondition;
import org.cycler.core.recipe.Goto;
import org.cycler.core.recipe.LoggingRule;
import org.cycler.core.recipe.Loop;
import org.cycler.core.recipe.Measure;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.SafetyLimits;
import org.cycler.core.recipe.SourceLocation;
import org.cycler.core.recipe.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeParserTest {

    static Path designExample() throws URISyntaxException {
        return Path.of(RecipeParserTest.class.getResource("/recipes/nmc-21700-formation.yaml").toURI());
    }

    private static Recipe parse(String yaml) throws RecipeException {
        return RecipeParser.parse(yaml, "t.yaml");
    }

    @Test
    void theDesignExampleParsesWithFourteenStepsInIdOrder() throws Exception {
        Recipe recipe = RecipeParser.parse(designExample());
        assertEquals("NMC 21700 formation", recipe.name());
        assertEquals(new CellSpec(5.0, Optional.empty()), recipe.cell());
        assertEquals(new SafetyLimits(2.4, 4.25, 10, -10, 60, 6), recipe.safety());
        assertEquals(new LoggingRule(10, 0.005, 0.05), recipe.logging());
        List<Step> steps = recipe.steps();
        assertEquals(14, steps.size());
        assertEquals(IntStream.rangeClosed(1, 14).boxed().toList(), steps.stream().map(Step::id).toList());
        assertEquals(11, recipe.body().size());
        Loop loop = assertInstanceOf(Loop.class, recipe.body().get(4));
        assertEquals(2, loop.count());
        assertEquals(List.of(5, 6, 7, 8), loop.body().stream().map(n -> ((Step) n).id()).toList());
        assertEquals(new Control.CcCv(0.5, 4.2), steps.get(2).control());
        assertEquals(List.of(new EndCondition.CurrentFallsTo(0.1)), steps.get(2).ends());
        assertEquals(Optional.of(Measure.CAPACITY), steps.get(8).measure());
        assertEquals(Optional.of(Measure.OCV), steps.get(10).measure());
        assertEquals(Optional.of(Measure.DCIR_BASE), steps.get(11).measure());
        assertEquals(Optional.of(Measure.DCIR_PULSE), steps.get(12).measure());
        Goto exit = steps.get(13).gotos().get(0);
        assertEquals(new Goto.Condition(Goto.Quantity.VOLTAGE, Comparison.LESS, 3.0), exit.condition());
        assertEquals(Goto.END, exit.targetStepId());
        assertEquals(new SourceLocation(designExample().toString(), 14, 5), steps.get(0).location());
    }

    @Test
    void defaultsWhenOnlyNameAndStepsAreGiven() throws RecipeException {
        Recipe recipe = parse("recipe: minimal\nsteps:\n  - Rest for 10 s\n");
        assertEquals(new CellSpec(Double.NaN, Optional.empty()), recipe.cell());
        assertEquals(SafetyLimits.NONE, recipe.safety());
        assertEquals(LoggingRule.DEFAULT, recipe.logging());
        Step step = recipe.steps().get(0);
        assertEquals(new Step(1, "Rest for 10 s", new Control.Rest(), List.of(new EndCondition.Elapsed(10)),
                Optional.empty(), Optional.empty(), List.of(), new SourceLocation("t.yaml", 3, 5)), step);
    }

    @Test
    void chemistryIsOptionalAndUpperCase() throws RecipeException {
        Recipe recipe = parse("recipe: lfp\ncell: {nominal_capacity: 2500 mAh, chemistry: lfp}\nsteps: [Rest for 1 s]\n");
        assertEquals(new CellSpec(2.5, Optional.of("LFP")), recipe.cell());
    }

    @Test
    void nestedLoopsNumberTheirStepsDepthFirst() throws RecipeException {
        Recipe recipe = parse("""
                recipe: nested
                steps:
                  - Rest for 1 s
                  - cycle: 3
                    steps:
                      - Rest for 2 s
                      - cycle: 2
                        steps:
                          - Rest for 3 s
                          - Rest for 4 s
                      - Rest for 5 s
                  - Rest for 6 s
                """);
        List<Step> steps = recipe.steps();
        assertEquals(List.of(1, 2, 3, 4, 5, 6), steps.stream().map(Step::id).toList());
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0),
                steps.stream().map(s -> ((EndCondition.Elapsed) s.ends().get(0)).seconds()).toList());
        Loop outer = (Loop) recipe.body().get(1);
        Loop inner = (Loop) outer.body().get(1);
        assertEquals(3, outer.count());
        assertEquals(2, inner.count());
        assertEquals(new SourceLocation("t.yaml", 4, 5), outer.location());
        assertEquals(new SourceLocation("t.yaml", 7, 9), inner.location());
    }

    @Test
    void gotosTargetAStepIdOrTheEndAndMayLeaveALoop() throws RecipeException {
        Recipe recipe = parse("""
                recipe: gotos
                steps:
                  - cycle: 5
                    steps:
                      - step: Discharge at 1 A until 2.5 V
                        goto:
                          - {if: "voltage < 3.0 V", step: 3}
                          - {if: "step time >= 2 h", step: end}
                      - Rest for 10 min
                  - step: Rest for 1 h
                    goto: {if: temperature > 45 degC, step: 3}
                """);
        List<Step> steps = recipe.steps();
        assertEquals(List.of(
                new Goto(new Goto.Condition(Goto.Quantity.VOLTAGE, Comparison.LESS, 3.0), 3,
                        new SourceLocation("t.yaml", 7, 13)),
                new Goto(new Goto.Condition(Goto.Quantity.STEP_TIME, Comparison.GREATER_OR_EQUAL, 7200), Goto.END,
                        new SourceLocation("t.yaml", 8, 13))), steps.get(0).gotos());
        assertEquals(new Goto.Condition(Goto.Quantity.TEMPERATURE, Comparison.GREATER, 45),
                steps.get(2).gotos().get(0).condition());
    }

    @Test
    void gotoConditionsOnCurrentAndCapacity() throws RecipeException {
        Recipe recipe = parse("""
                recipe: gotos
                cell: {nominal_capacity: 2 Ah}
                steps:
                  - step: Discharge at 2 W until 3 V
                    goto:
                      - {if: current >= -C/10, step: end}
                      - {if: "Step  Capacity<=500 mAh", step: 1}
                """);
        List<Goto> gotos = recipe.steps().get(0).gotos();
        assertEquals(new Goto.Condition(Goto.Quantity.CURRENT, Comparison.GREATER_OR_EQUAL, -0.2),
                gotos.get(0).condition());
        assertEquals(new Goto.Condition(Goto.Quantity.STEP_CAPACITY, Comparison.LESS_OR_EQUAL, 0.5),
                gotos.get(1).condition());
    }

    @Test
    void measureTagsOnTheStepsThatYieldThem() throws RecipeException {
        Recipe recipe = parse("""
                recipe: grading
                cell: {nominal_capacity: 5 Ah}
                steps:
                  - step: Discharge at C/5 until 2.75 V
                    measure: capacity
                  - step: Rest for 1 h
                    measure: OCV
                  - step: Discharge at 0.2C for 10 s
                    measure: dcir-base
                  - step: Discharge at 1C for 1 s
                    measure: dcir-pulse
                  - step: Discharge at 2 Ohm until 2.5 V
                    measure: capacity
                """);
        assertEquals(List.of(Optional.of(Measure.CAPACITY), Optional.of(Measure.OCV), Optional.of(Measure.DCIR_BASE),
                Optional.of(Measure.DCIR_PULSE), Optional.of(Measure.CAPACITY)),
                recipe.steps().stream().map(Step::measure).toList());
    }

    @Test
    void stepLoggingOverridesOnlyTheKeysItGives() throws RecipeException {
        Recipe recipe = parse("""
                recipe: logging
                logging: {period: 10 s, delta_voltage: 5 mV}
                steps:
                  - step: Rest for 1 h
                    logging: {period: 1 s}
                  - step: Rest for 1 h
                    logging: {delta_current: 10 mA}
                  - Rest for 1 h
                """);
        List<Step> steps = recipe.steps();
        assertEquals(new LoggingRule(10, 0.005, Double.POSITIVE_INFINITY), recipe.logging());
        assertEquals(Optional.of(new LoggingRule(1, 0.005, Double.POSITIVE_INFINITY)), steps.get(0).logging());
        assertEquals(Optional.of(new LoggingRule(10, 0.005, 0.01)), steps.get(1).logging());
        assertEquals(Optional.empty(), steps.get(2).logging());
        assertEquals(recipe.logging(), steps.get(2).effectiveLogging(recipe.logging()));
    }

    @Test
    void periodSuffixKeepsTheRecipeDeltasAndCombinesWithAStepOverride() throws RecipeException {
        Recipe recipe = parse("""
                recipe: suffix
                logging: {delta_voltage: 5 mV}
                steps:
                  - Rest for 1 h (2 minute period)
                  - step: Rest for 1 h (1 second period)
                    logging: {delta_current: 20 mA}
                """);
        assertEquals(Optional.of(new LoggingRule(120, 0.005, Double.POSITIVE_INFINITY)), recipe.steps().get(0).logging());
        assertEquals(Optional.of(new LoggingRule(1, 0.005, 0.02)), recipe.steps().get(1).logging());
    }

    @Test
    void errorsInsideQuotedStepsPointAtTheToken() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> parse("recipe: q\nsteps:\n  - 'Charge at 1 A for 1 fortnight'\n"));
        assertEquals("t.yaml:3:26: unknown unit 'fortnight' (expected s, min, h, days)", e.getMessage());
        assertEquals(new SourceLocation("t.yaml", 3, 26), e.location());
        assertEquals("unknown unit 'fortnight' (expected s, min, h, days)", e.problem());
    }

    @Test
    void errorsInsideFoldedStepsPointAtTheScalar() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> parse("recipe: q\nsteps:\n  - >-\n    Charge at 1 A\n    for 1 fortnight\n"));
        assertEquals("t.yaml:3:5: unknown unit 'fortnight' (expected s, min, h, days)", e.getMessage());
    }

    @Test
    void acceptsAByteOrderMarkAndWindowsLineEnds() throws RecipeException {
        Recipe recipe = parse("\uFEFFrecipe: crlf\r\nsteps:\r\n  - Rest for 1 s\r\n  - Rest for x\r\n".replace("x", "2 s"));
        assertEquals(2, recipe.steps().size());
    }

    @Test
    void readsAFileAsUtf8AndNamesItInMessages(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "recipe: r\nsteps:\n  - Rest until 45 °X\n");
        RecipeException e = assertThrows(RecipeException.class, () -> RecipeParser.parse(file));
        assertEquals(file + ":3:19: unknown unit '°X' (expected V, mV, A, mA, C, Ah, mAh, degC, V/s, mV/s, mV/min, mV/h, mV/day)",
                e.getMessage());
    }

    @Test
    void aMissingFileIsARecipeErrorAtLineZero(@TempDir Path dir) {
        Path file = dir.resolve("none.yaml");
        RecipeException e = assertThrows(RecipeException.class, () -> RecipeParser.parse(file));
        assertEquals(file + ": cannot read file (no such file)", e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsARecipeError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'r', 'e', 'c', 'i', 'p', 'e', ':', ' ', (byte) 0xE9, '\n'});
        RecipeException e = assertThrows(RecipeException.class, () -> RecipeParser.parse(file));
        assertEquals(file + ": cannot read file (not UTF-8 text)", e.getMessage());
    }

    @Test
    void aDirectoryIsARecipeError(@TempDir Path dir) {
        RecipeException e = assertThrows(RecipeException.class, () -> RecipeParser.parse(dir));
        assertEquals(dir + ": cannot read file (it is a directory)", e.getMessage());
    }

    @Test
    void billionLaughsIsRefusedAtTheFirstAnchor() {
        StringBuilder yaml = new StringBuilder("recipe: lol\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
        }
        yaml.append("steps: [Rest for 1 s]\n");
        RecipeException e = assertThrows(RecipeException.class, () -> parse(yaml.toString()));
        assertEquals("t.yaml:2:5: YAML anchors and aliases are not supported (expected each value written out)",
                e.getMessage());
    }

    @Test
    void tooMuchTextIsRefusedBeforeParsing() {
        String yaml = "recipe: big\nsteps: [Rest for 1 s]\n#" + "x".repeat((int) RecipeParser.MAX_FILE_BYTES);
        RecipeException e = assertThrows(RecipeException.class, () -> parse(yaml));
        assertEquals("t.yaml: recipe too large (expected at most 1048576 bytes)", e.getMessage());
    }

    @Test
    void voltageEndDirectionFollowsTheStep() throws RecipeException {
        Recipe recipe = parse("recipe: v\nsteps: [Charge at 1 A until 4.2 V, Discharge at 1 A until 3 V, Rest until 3.5 V]\n");
        assertEquals(List.of(Direction.RISING, Direction.FALLING, Direction.EITHER), recipe.steps().stream()
                .map(s -> ((EndCondition.VoltageReaches) s.ends().get(0)).direction()).toList());
    }
}
