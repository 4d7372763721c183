package org.cycler.station.web;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cycler.core.BadInputException;
import org.cycler.station.jobs.JobStore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The alarms table in the station's SQLite file ({@link JobStore#FILE}), beside the job table but
 * with its own Flyway history ({@value #HISTORY}, migrations in {@code db/alarms}), so the two
 * schemas evolve apart. Every change is committed before it is answered. Thread-safe: one
 * connection, used under this object's lock.
 */
public final class AlarmStore implements AutoCloseable {

    /** Flyway's history table of this schema. */
    static final String HISTORY = "alarms_schema_history";
    private static final String COLUMNS = "id, kind, device, job_id, channel, barcode, message, raised_at, acked_by, "
            + "acked_at";

    private final Connection connection;

    private AlarmStore(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (making or migrating) the alarms table in {@code dataDir}'s station file.
     *
     * @throws BadInputException naming the file when it cannot be opened or migrated
     */
    public static AlarmStore open(Path dataDir) throws BadInputException {
        Path file = dataDir.resolve(JobStore.FILE);
        String url = "jdbc:sqlite:" + file;
        try {
            Flyway.configure(AlarmStore.class.getClassLoader()).dataSource(url, null, null)
                    .locations("classpath:db/alarms").table(HISTORY).baselineOnMigrate(true).baselineVersion("0")
                    .validateOnMigrate(true).load().migrate();
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
            }
            return new AlarmStore(c);
        } catch (SQLException | FlywayException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().lines()
                    .findFirst().orElse("");
            throw new BadInputException(file + ": cannot open the station's alarms table (" + why + ")", e);
        }
    }

    /** Stores {@code alarm} and returns it with its number. */
    public synchronized Alarm add(Alarm alarm) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO alarms (kind, device, job_id, channel, "
                + "barcode, message, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, alarm.kind().name());
            p.setString(2, alarm.device());
            p.setLong(3, alarm.jobId());
            p.setInt(4, alarm.channel());
            p.setString(5, alarm.barcode());
            p.setString(6, alarm.message());
            p.setString(7, alarm.raisedAt());
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return alarm.numbered(keys.getLong(1));
            }
        }
    }

    /**
     * Records who acknowledged alarm {@code id} and when; an alarm already acknowledged keeps its
     * first acknowledgement.
     *
     * @return the alarm as it now is; empty when there is no such alarm
     */
    public synchronized Optional<Alarm> acknowledge(long id, String by, String at) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE alarms SET acked_by = ?, acked_at = ? WHERE id = ? AND acked_by IS NULL")) {
            p.setString(1, by);
            p.setString(2, at);
            p.setLong(3, id);
            p.executeUpdate();
        }
        return get(id);
    }

    public synchronized Optional<Alarm> get(long id) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT " + COLUMNS + " FROM alarms WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(alarm(r)) : Optional.empty();
            }
        }
    }

    /** Every alarm, oldest first. */
    public synchronized List<Alarm> all() throws SQLException {
        List<Alarm> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT " + COLUMNS + " FROM alarms ORDER BY id");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(alarm(r));
            }
        }
        return out;
    }

    private static Alarm alarm(ResultSet r) throws SQLException {
        return new Alarm(r.getLong("id"), Alarm.Kind.valueOf(r.getString("kind")), r.getString("device"),
                r.getLong("job_id"), r.getInt("channel"), r.getString("barcode"), r.getString("message"),
                r.getString("raised_at"), r.getString("acked_by"), r.getString("acked_at"));
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
