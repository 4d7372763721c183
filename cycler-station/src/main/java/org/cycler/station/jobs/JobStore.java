package org.cycler.station.jobs;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.cycler.core.BadInputException;
import org.cycler.core.json.Json;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The job table and queue in an embedded SQLite file ({@value #FILE} in the data folder), so they
 * survive a kill: every change is committed (WAL, synchronous FULL) before the station acts on it.
 * The schema is made and migrated by Flyway from {@code db/station}. Thread-safe: one connection,
 * used under this object's lock.
 */
public final class JobStore implements AutoCloseable {

    /** The database file in the data folder. */
    public static final String FILE = "station.db";
    private static final String COLUMNS = "id, recipe_name, recipe_file, device, channels, barcodes, lot, operator, "
            + "submitted_by, submitted_at, state, run_dir, message";

    private final Connection connection;

    private JobStore(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (making or migrating) the job table in {@code dataDir}.
     *
     * @throws BadInputException naming the file when it cannot be opened or migrated
     */
    public static JobStore open(Path dataDir) throws BadInputException {
        Path file = dataDir.resolve(FILE);
        String url = "jdbc:sqlite:" + file;
        try {
            Flyway.configure(JobStore.class.getClassLoader()).dataSource(url, null, null)
                    .locations("classpath:db/station").validateOnMigrate(true).load().migrate();
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
            }
            return new JobStore(c);
        } catch (SQLException | FlywayException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().lines()
                    .findFirst().orElse("");
            throw new BadInputException(file + ": cannot open the station's job table (" + why + ")", e);
        }
    }

    /**
     * Adds a QUEUED job and gives it its number; its run directory is {@code runs/job-<id>} in
     * {@code dataDir}.
     */
    public synchronized Job add(Job draft, Path dataDir) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO jobs (recipe_name, recipe_file, device, "
                + "channels, barcodes, lot, operator, submitted_by, submitted_at, state, run_dir, message) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '')", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, draft.recipeName());
            p.setString(2, draft.recipeFile());
            p.setString(3, draft.device());
            p.setString(4, Arrays.stream(draft.channels()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
            p.setString(5, json(draft.barcodes()));
            p.setString(6, draft.lot());
            p.setString(7, draft.operator());
            p.setString(8, draft.submittedBy());
            p.setString(9, draft.submittedAt());
            p.setString(10, JobState.QUEUED.name());
            p.executeUpdate();
            long id;
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            String runDir = dataDir.resolve("runs").resolve("job-" + id).toAbsolutePath().toString();
            try (PreparedStatement u = connection.prepareStatement("UPDATE jobs SET run_dir = ? WHERE id = ?")) {
                u.setString(1, runDir);
                u.setLong(2, id);
                u.executeUpdate();
            }
            return get(id).orElseThrow();
        }
    }

    /** Records {@code job}'s barcodes, which the station gives once it knows the job's number. */
    public synchronized void setBarcodes(Job job) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("UPDATE jobs SET barcodes = ? WHERE id = ?")) {
            p.setString(1, json(job.barcodes()));
            p.setLong(2, job.id());
            p.executeUpdate();
        }
    }

    /** Records {@code job}'s state and message. */
    public synchronized void update(Job job) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("UPDATE jobs SET state = ?, message = ? WHERE id = ?")) {
            p.setString(1, job.state().name());
            p.setString(2, job.message());
            p.setLong(3, job.id());
            p.executeUpdate();
        }
    }

    public synchronized Optional<Job> get(long id) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(job(r)) : Optional.empty();
            }
        }
    }

    /** Every job, in submission order. */
    public synchronized List<Job> all() throws SQLException {
        List<Job> out = new ArrayList<>();
        try (PreparedStatement p = connection.prepareStatement("SELECT " + COLUMNS + " FROM jobs ORDER BY id");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(job(r));
            }
        }
        return out;
    }

    private static Job job(ResultSet r) throws SQLException {
        int[] channels = Arrays.stream(r.getString("channels").split(",")).mapToInt(Integer::parseInt).toArray();
        SortedMap<Integer, String> barcodes;
        try {
            barcodes = new TreeMap<>(Json.MAPPER.readValue(r.getString("barcodes"),
                    new TypeReference<Map<Integer, String>>() { }));
        } catch (JsonProcessingException e) {
            throw new SQLException("job " + r.getLong("id") + ": unreadable barcodes", e);
        }
        return new Job(r.getLong("id"), r.getString("recipe_name"), r.getString("recipe_file"), r.getString("device"),
                channels, barcodes, r.getString("lot"), r.getString("operator"), r.getString("submitted_by"),
                r.getString("submitted_at"), JobState.valueOf(r.getString("state")), r.getString("run_dir"),
                r.getString("message"));
    }

    private static String json(Map<Integer, String> barcodes) throws SQLException {
        try {
            return Json.MAPPER.writeValueAsString(barcodes);
        } catch (JsonProcessingException e) {
            throw new SQLException("barcodes cannot be written", e);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
