package org.cycler.core.recipe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.testing.TextMutator;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of a valid recipe: whatever the text, the parser returns a recipe or
 * throws a one-line {@link RecipeException}; nothing else escapes.
 */
class RecipeMutationTest {

    private static final long SEED = 20_240_611L;
    private static final int VARIANTS = 10_000;
    private static final int MAX_MUTATIONS_PER_VARIANT = 3;
    private static final Pattern ONE_LINE_ERROR = Pattern.compile("m\\.yaml:\\d+:\\d+: [^\\n]+");

    @Test
    void everyMutantParsesOrFailsWithOneLine() throws Exception {
        List<String> sources = List.of(Files.readString(RecipeParserTest.designExample()),
                Files.readString(Path.of("..", "protocols", "nmc-formation.yaml")),
                Files.readString(Path.of("..", "protocols", "lfp-formation.yaml")));
        Random random = new Random(SEED);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < VARIANTS; i++) {
            String mutant = sources.get(i % sources.size());
            int mutations = 1 + random.nextInt(MAX_MUTATIONS_PER_VARIANT);
            for (int m = 0; m < mutations; m++) {
                mutant = TextMutator.mutate(mutant, random);
            }
            try {
                RecipeParser.parse(mutant, "m.yaml");
                parsed++;
            } catch (RecipeException e) {
                rejected++;
                assertTrue(ONE_LINE_ERROR.matcher(e.getMessage()).matches(), "variant " + i + ": " + e.getMessage());
                assertFalse(e.getMessage().contains("Exception"), "variant " + i + ": " + e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                fail("variant " + i + " escaped with " + e + " on:\n" + mutant, e);
            }
        }
        assertEquals(VARIANTS, parsed + rejected);
        assertTrue(parsed > VARIANTS / 20, "too few mutants still parse to exercise the valid path: " + parsed);
        assertTrue(rejected > VARIANTS / 4, "too few mutants are rejected to exercise the error paths: " + rejected);
    }
}
