package org.cycler.core.store;

/**
 * Text that goes into a CSV cell, made safe for spreadsheets: a value a spreadsheet would read as
 * a formula (starting with {@code = + - @}, tab or carriage return) gets a leading apostrophe, the
 * OWASP-recommended neutraliser, so it shows as text. A value that itself starts with an apostrophe
 * gets one too, so the guard is reversible: {@link #restore} removes exactly the one apostrophe
 * {@link #neutralise} added, and {@code restore(neutralise(x))} is {@code x} for every text. Numbers
 * are never passed through here.
 */
public final class CsvText {

    /** The character put before a value that a spreadsheet would read as a formula. */
    private static final char GUARD = '\'';

    private CsvText() {
    }

    public static String neutralise(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return switch (first) {
            case '=', '+', '-', '@', '\t', '\r', GUARD -> GUARD + text;
            default -> text;
        };
    }

    /** Undoes {@link #neutralise}: the text as it was before it was written to CSV. */
    public static String restore(String text) {
        if (text != null && text.length() >= 2 && text.charAt(0) == GUARD) {
            return text.substring(1);
        }
        return text;
    }
}
