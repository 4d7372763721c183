package org.cycler.core;

/**
 * Input a user gave that cannot be used: a file, an option, a run directory. The message is the
 * one line the user sees, naming the file (and line or field) and what was expected.
 */
public final class BadInputException extends Exception {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
