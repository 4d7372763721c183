package org.cycler.hal.scpi;

import java.util.Objects;

/**
 * One entry of a device's error queue, as {@code SYST:ERR?} reports it: {@code -222,"Data out of range"}.
 * Codes and texts are SCPI-99's standard ones; 0 is "No error". Immutable.
 */
public record ScpiError(int code, String message) {

    public static final ScpiError NONE = new ScpiError(0, "No error");
    public static final ScpiError SYNTAX = new ScpiError(-102, "Syntax error");
    public static final ScpiError DATA_TYPE = new ScpiError(-104, "Data type error");
    public static final ScpiError PARAMETER_NOT_ALLOWED = new ScpiError(-108, "Parameter not allowed");
    public static final ScpiError MISSING_PARAMETER = new ScpiError(-109, "Missing parameter");
    public static final ScpiError UNDEFINED_HEADER = new ScpiError(-113, "Undefined header");
    public static final ScpiError INVALID_SUFFIX = new ScpiError(-131, "Invalid suffix");
    public static final ScpiError SETTINGS_CONFLICT = new ScpiError(-221, "Settings conflict");
    public static final ScpiError OUT_OF_RANGE = new ScpiError(-222, "Data out of range");
    public static final ScpiError ILLEGAL_VALUE = new ScpiError(-224, "Illegal parameter value");
    public static final ScpiError QUEUE_OVERFLOW = new ScpiError(-350, "Queue overflow");
    public static final ScpiError INPUT_OVERRUN = new ScpiError(-363, "Input buffer overrun");

    public ScpiError {
        Objects.requireNonNull(message, "message");
        if (message.indexOf('"') >= 0) {
            throw new IllegalArgumentException("an error message cannot hold a double quote: " + message);
        }
    }

    /** True for code 0. */
    public boolean isNone() {
        return code == 0;
    }

    /**
     * Reads a {@code SYST:ERR?} reply.
     *
     * @throws IllegalArgumentException when the reply is not {@code CODE,"TEXT"}
     */
    public static ScpiError parse(String reply) {
        String r = reply.strip();
        int comma = r.indexOf(',');
        if (comma < 1 || !r.endsWith("\"") || r.length() < comma + 3 || r.charAt(comma + 1) != '"') {
            throw new IllegalArgumentException("not an error queue entry: '" + reply + "'");
        }
        int code;
        try {
            code = Integer.parseInt(r.substring(0, comma).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an error queue entry: '" + reply + "'", e);
        }
        return new ScpiError(code, r.substring(comma + 2, r.length() - 1));
    }

    /** The {@code SYST:ERR?} form. */
    @Override
    public String toString() {
        return code + ",\"" + message + "\"";
    }
}
