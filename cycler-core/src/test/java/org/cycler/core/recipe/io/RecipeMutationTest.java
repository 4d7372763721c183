package org.cycler.core.recipe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.cycler.core.recipe.RecipeException;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of a valid recipe: whatever the text, the parser returns a recipe or
 * throws a one-line {@link RecipeException}; nothing else escapes.
 */
class RecipeMutationTest {

    private static final long SEED = 20_240_611L;
    private static final int VARIANTS = 10_000;
    private static final int MAX_MUTATIONS_PER_VARIANT = 3;
    private static final String NOISE = ":-[]{},&*!|>'\"#%@`?~ \t\n0123456789.+-/CVAhWmsOo°\u0000\u00e9";
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
                mutant = mutate(mutant, random);
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

    private static String mutate(String text, Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> deleteChar(text, random);
            case 1 -> duplicateChar(text, random);
            case 2 -> swapChars(text, random);
            case 3 -> insertNoise(text, random);
            case 4 -> replaceWithNoise(text, random);
            case 5 -> editLines(text, random);
            default -> editTokens(text, random);
        };
    }

    private static String deleteChar(String text, Random random) {
        if (text.isEmpty()) {
            return text;
        }
        int at = random.nextInt(text.length());
        return text.substring(0, at) + text.substring(at + 1);
    }

    private static String duplicateChar(String text, Random random) {
        if (text.isEmpty()) {
            return text;
        }
        int at = random.nextInt(text.length());
        return text.substring(0, at + 1) + text.substring(at);
    }

    private static String swapChars(String text, Random random) {
        if (text.length() < 2) {
            return text;
        }
        char[] chars = text.toCharArray();
        int at = random.nextInt(chars.length - 1);
        char c = chars[at];
        chars[at] = chars[at + 1];
        chars[at + 1] = c;
        return new String(chars);
    }

    private static String insertNoise(String text, Random random) {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + NOISE.charAt(random.nextInt(NOISE.length())) + text.substring(at);
    }

    private static String replaceWithNoise(String text, Random random) {
        if (text.isEmpty()) {
            return text;
        }
        int at = random.nextInt(text.length());
        return text.substring(0, at) + NOISE.charAt(random.nextInt(NOISE.length())) + text.substring(at + 1);
    }

    /** Deletes, duplicates or swaps whole lines. */
    private static String editLines(String text, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        return String.join("\n", edit(lines, random));
    }

    /** Deletes, duplicates or swaps space-separated tokens (keeping the line structure). */
    private static String editTokens(String text, Random random) {
        List<String> tokens = new ArrayList<>(Arrays.asList(text.split(" ", -1)));
        return String.join(" ", edit(tokens, random));
    }

    private static List<String> edit(List<String> items, Random random) {
        if (items.size() < 2) {
            return items;
        }
        int a = random.nextInt(items.size());
        int b = random.nextInt(items.size());
        switch (random.nextInt(3)) {
            case 0 -> items.remove(a);
            case 1 -> items.add(a, items.get(a));
            default -> {
                String item = items.get(a);
                items.set(a, items.get(b));
                items.set(b, item);
            }
        }
        return items;
    }
}
