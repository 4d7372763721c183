package org.cycler.grades.api;

/** A request the API answers with a 4xx status and {@code {"error": message}}; never logged. */
final class ApiError extends Exception {

    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
