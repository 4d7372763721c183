package org.cycler.cli;

/**
 * How a data command prints: a table for people, or CSV or JSON for programs (stdout holds only
 * the data); an export writes Battery Data Format files or one long CSV. Each command allows some
 * of these ({@link FormatOption}).
 */
enum OutputFormat {
    TABLE("table"), CSV("csv"), JSON("json"), BDF_CSV("bdf-csv"), WIDE_CSV("wide-csv");

    private final String label;

    OutputFormat(String label) {
        this.label = label;
    }

    /** As written after {@code --format}. */
    String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
