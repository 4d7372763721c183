package org.cycler.core.store;

/**
 * Text that goes into a CSV cell, made safe for spreadsheets: a value a spreadsheet would read as
 * a formula (starting with {@code = + - @}, tab or carriage return) gets a leading apostrophe, the
 * OWASP-recommended neutraliser, so it shows as text. Numbers are never passed through here.
 */
public final class CsvText {

    private CsvText() {
    }

    public static String neutralise(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return switch (first) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
            default -> text;
        };
    }
}
