package org.cycler.cli;

import java.util.Locale;

/**
 * Text from files and databases made safe for a terminal: a control character (ESC, CR, NUL, ...)
 * would move the cursor, rewrite the screen or hide what follows, so it is shown escaped
 * ({@code \x1b}), as is a backslash ({@code \\}), and the rest as it is. Stateless.
 */
final class TerminalText {

    private TerminalText() {
    }

    static String escape(String text) {
        if (text.chars().noneMatch(ch -> Character.isISOControl(ch) || ch == '\\')) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.chars().forEach(ch -> {
            if (ch == '\\') {
                out.append("\\\\");
            } else if (Character.isISOControl(ch)) {
                out.append(String.format(Locale.ROOT, ch <= 0xff ? "\\x%02x" : "\\u%04x", ch));
            } else {
                out.append((char) ch);
            }
        });
        return out.toString();
    }
}
