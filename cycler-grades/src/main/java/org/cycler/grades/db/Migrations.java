package org.cycler.grades.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Versioned schema migrations, Flyway-style: {@code db/migration/V<n>__<what>.sql} resources,
 * listed in {@link #SCRIPTS} in order, each applied once in its own transaction and recorded in
 * {@code schema_version}. A database newer than this program (a version it does not know) is
 * refused rather than written to. Stateless.
 */
final class Migrations {

    /** Every migration, oldest first; a new one is appended here and never edits an old one. */
    static final List<String> SCRIPTS = List.of("V1__grades.sql");

    private static final String LOCATION = "/db/migration/";

    private Migrations() {
    }

    /** The schema version this program writes: the number of the last script. */
    static int latest() {
        return version(SCRIPTS.get(SCRIPTS.size() - 1));
    }

    /** Any constant shared by every cycler: the PostgreSQL advisory lock that serialises migrations. */
    static final long POSTGRESQL_LOCK = 0x6379636c6572L;

    /**
     * Brings the schema on {@code c} to {@link #latest()}. On PostgreSQL, programs starting at
     * once on a new database take turns (an advisory lock); SQLite's write lock does the same.
     */
    static void migrate(Connection c, DbLocation.Vendor vendor) throws SQLException {
        boolean postgres = vendor == DbLocation.Vendor.POSTGRESQL;
        if (postgres) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + POSTGRESQL_LOCK + ")");
            }
        }
        try {
            migrate(c);
        } finally {
            if (postgres) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + POSTGRESQL_LOCK + ")");
                }
            }
        }
    }

    private static void migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    + "script VARCHAR(200) NOT NULL, installed_at VARCHAR(24) NOT NULL)");
        }
        Set<Integer> applied = new HashSet<>();
        int newest = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
            while (rs.next()) {
                applied.add(rs.getInt(1));
                newest = Math.max(newest, rs.getInt(1));
            }
        }
        if (newest > latest()) {
            throw new SQLException("the grades database has schema version " + newest + ", newer than this program's "
                    + latest() + " (update cycler)");
        }
        for (String script : SCRIPTS) {
            int version = version(script);
            if (applied.contains(version)) {
                continue;
            }
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(read(script))) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, script, installed_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, version);
                    p.setString(2, script);
                    p.setString(3, Timestamps.format(Instant.now()));
                    p.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("migration " + script + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    /** The statements of a script: {@code --} comments dropped, split at {@code ;} (scripts put none in text). */
    static List<String> statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            sql.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String statement : sql.toString().split(";")) {
            if (!statement.isBlank()) {
                out.add(statement.strip());
            }
        }
        return out;
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream(LOCATION + script)) {
            if (in == null) {
                throw new IllegalStateException("migration " + script + " is missing from the program");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
