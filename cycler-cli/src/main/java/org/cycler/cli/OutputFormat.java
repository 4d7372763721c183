package org.cycler.cli;

/** How a data command prints: a table for people, or CSV or JSON for programs (stdout holds only the data). */
enum OutputFormat {
    TABLE, CSV, JSON
}
