package org.cycler.grades.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import org.cycler.core.BadInputException;

/**
 * Where a grades database lives, as a user names it with {@code --db}: a file path (an embedded
 * SQLite database, created when missing), a {@code jdbc:sqlite:} URL, or a {@code jdbc:postgresql:}
 * URL (user and password as URL parameters, e.g. {@code ?user=cycler&password=...}). Immutable.
 *
 * @param url    the JDBC URL
 * @param vendor which SQL dialect the URL speaks
 * @param shown  how messages name it: the path or the URL without its parameters (no password)
 */
public record DbLocation(String url, Vendor vendor, String shown) {

    /** The SQL dialects the grades database runs on. */
    public enum Vendor {
        /** Embedded, one writer at a time (transactions begin IMMEDIATE). */
        SQLITE,
        /** A server shared by several controllers; claims lock rows with FOR UPDATE SKIP LOCKED. */
        POSTGRESQL
    }

    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    public DbLocation {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(shown, "shown");
    }

    /** Reads a {@code --db} value; any other {@code jdbc:} URL is an error naming the two that work. */
    public static DbLocation parse(String text) throws BadInputException {
        String value = text.strip();
        if (value.isEmpty()) {
            throw new BadInputException("--db: empty (expected a file path or a jdbc:postgresql:// URL)");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith(POSTGRESQL_PREFIX)) {
            int query = value.indexOf('?');
            return new DbLocation(value, Vendor.POSTGRESQL, query < 0 ? value : value.substring(0, query));
        }
        if (lower.startsWith(SQLITE_PREFIX)) {
            return new DbLocation(value, Vendor.SQLITE, value.substring(SQLITE_PREFIX.length()));
        }
        if (lower.startsWith("jdbc:")) {
            throw new BadInputException("--db " + value + ": unsupported database (expected a file path, jdbc:sqlite:PATH "
                    + "or jdbc:postgresql://HOST:PORT/NAME)");
        }
        return file(Path.of(value));
    }

    /**
     * Refuses an SQLite file that does not exist, for commands that only read or serve a database
     * (opening would create an empty one and hide a mistyped path).
     */
    public DbLocation requireExisting() throws BadInputException {
        if (vendor == Vendor.SQLITE) {
            int query = shown.indexOf('?');
            Path file = Path.of(query < 0 ? shown : shown.substring(0, query));
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file + ": no such grades database (grade a run first: cycler grade RUN "
                        + "--spec SPEC --db " + file + ")");
            }
        }
        return this;
    }

    /** An SQLite database in {@code file}. */
    public static DbLocation file(Path file) {
        return new DbLocation(SQLITE_PREFIX + file, Vendor.SQLITE, file.toString());
    }
}
