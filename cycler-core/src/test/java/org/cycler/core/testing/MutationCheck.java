package org.cycler.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.cycler.core.recipe.RecipeException;

/**
 * Feeds seeded mutants of valid files to a parser: each must parse or fail with one line naming
 * {@code file:line:col}; nothing else may escape. Enough of them must land on each side to
 * exercise both the valid and the error paths.
 */
public final class MutationCheck {

    private static final int MAX_MUTATIONS_PER_VARIANT = 3;

    /** A parser under test, reading text that claims to come from {@code fileName}. */
    @FunctionalInterface
    public interface Parser {
        void parse(String text, String fileName) throws RecipeException;
    }

    private MutationCheck() {
    }

    public static void run(List<String> sources, long seed, int variants, Parser parser) {
        String fileName = "m.yaml";
        Pattern oneLineError = Pattern.compile(Pattern.quote(fileName) + ":\\d+:\\d+: [^\\n]+");
        Random random = new Random(seed);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < variants; i++) {
            String mutant = sources.get(i % sources.size());
            int mutations = 1 + random.nextInt(MAX_MUTATIONS_PER_VARIANT);
            for (int m = 0; m < mutations; m++) {
                mutant = TextMutator.mutate(mutant, random);
            }
            try {
                parser.parse(mutant, fileName);
                parsed++;
            } catch (RecipeException e) {
                rejected++;
                assertTrue(oneLineError.matcher(e.getMessage()).matches(), "variant " + i + ": " + e.getMessage());
                assertFalse(e.getMessage().contains("Exception"), "variant " + i + ": " + e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                fail("variant " + i + " escaped with " + e + " on:\n" + mutant, e);
            }
        }
        assertEquals(variants, parsed + rejected);
        assertTrue(parsed > variants / 20, "too few mutants still parse to exercise the valid path: " + parsed);
        assertTrue(rejected > variants / 4, "too few mutants are rejected to exercise the error paths: " + rejected);
    }
}
