package org.cycler.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded random edits of a text file for parser mutation tests: characters deleted, duplicated,
 * swapped or replaced with noise, whole lines and space-separated tokens deleted, duplicated or
 * swapped.
 */
public final class TextMutator {

    private static final String NOISE = ":-[]{},&*!|>'\"#%@`?~ \t\n0123456789.+-/CVAhWmsOo°\u0000\u00e9";

    private TextMutator() {
    }

    /** One random edit of {@code text}. */
    public static String mutate(String text, Random random) {
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
