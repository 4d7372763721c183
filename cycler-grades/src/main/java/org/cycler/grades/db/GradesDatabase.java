package org.cycler.grades.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import org.cycler.core.BadInputException;
import org.cycler.core.grading.Figure;
import org.cycler.core.grading.GradedCell;
import org.cycler.core.grading.GradingSpec;

/**
 * The grades database: every graded cell of every grading (the history), each barcode's current
 * grade, and the claims pack lines make on cells. SQLite (embedded, a file) or PostgreSQL (a server
 * shared by several controllers); the schema is created and migrated on open ({@link Migrations}).
 *
 * <p>Claims are all or nothing and never hand one cell to two claims: a claim selects free cells
 * and marks them in one transaction, with a conditional {@code UPDATE ... WHERE claim_id IS NULL}
 * whose row count is checked. On SQLite writers are serialised (transactions begin IMMEDIATE, and
 * within one process a lock); on PostgreSQL the free cells are locked with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent claims take different cells without waiting.
 *
 * <p>Thread-safe: every method borrows its own connection from a small pool. Methods throw
 * {@link SQLException} when the database fails; {@link #userError} turns one into the line a user sees.
 */
public final class GradesDatabase implements AutoCloseable {

    /** Connections kept open to the database, and so the most statements running at once. */
    public static final int DEFAULT_CONNECTIONS = 8;
    /** How long an SQLite writer waits for another process's write to finish, in milliseconds. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;
    /** The most cells one claim may take. */
    public static final int MAX_CLAIM_CELLS = 10_000;

    private static final String CELL_COLUMNS = "g.barcode, g.channel, g.run_id, g.lot, g.spec_name, g.graded_at, "
            + "g.capacity_ah, g.energy_wh, g.dcir_ohm, g.ocv_v, g.k_v_per_s, g.first_cycle_ce, g.last_cycle_ce, "
            + "g.bin, g.reason, g.superseded, c.claim_id, c.claimed_by, c.claimed_at";
    private static final String CELLS_FROM = "SELECT " + CELL_COLUMNS + " FROM grades g JOIN cells c ON c.barcode = g.barcode ";

    private final DbLocation location;
    private final Clock clock;
    private final ConnectionPool pool;
    /** Serialises this process's SQLite writers (which the database would serialise anyway, by retrying). */
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);

    private GradesDatabase(DbLocation location, Clock clock, ConnectionPool pool) {
        this.location = location;
        this.clock = clock;
        this.pool = pool;
    }

    /** Opens (creating or migrating the schema) with the system clock and {@link #DEFAULT_CONNECTIONS}. */
    public static GradesDatabase open(DbLocation location) throws BadInputException {
        return open(location, Clock.systemUTC(), DEFAULT_CONNECTIONS);
    }

    /**
     * Opens the database at {@code location}, creating its schema or migrating it to this
     * program's version. {@code clock} stamps gradings and claims.
     *
     * @throws BadInputException when it cannot be reached or migrated, naming it
     */
    public static GradesDatabase open(DbLocation location, Clock clock, int connections) throws BadInputException {
        Properties properties = new Properties();
        if (location.vendor() == DbLocation.Vendor.SQLITE) {
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MS));
            properties.setProperty("transaction_mode", "IMMEDIATE");
            properties.setProperty("foreign_keys", "true");
        }
        GradesDatabase db = new GradesDatabase(location, Objects.requireNonNull(clock, "clock"),
                new ConnectionPool(location.url(), properties, connections));
        try {
            db.write(c -> {
                c.setAutoCommit(true);
                Migrations.migrate(c, location.vendor());
                return null;
            });
        } catch (SQLException e) {
            db.close();
            throw userError(location, e);
        }
        return db;
    }

    /** The one line a user sees for a failure of the database at {@code location}. */
    public static BadInputException userError(DbLocation location, SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return new BadInputException("grades database " + location.shown() + ": " + message.lines().findFirst().orElse(""), e);
    }

    public DbLocation location() {
        return location;
    }

    /**
     * Records one grading of a run: its cells become their barcodes' current grades; the run's
     * earlier grading and any earlier grade of the same barcodes stay as history, superseded.
     * Claims on the cells are kept.
     *
     * @return the grading's ID
     * @throws BadInputException when a barcode is blank or appears twice in {@code cells}
     */
    public String record(String runId, String lot, String specName, List<GradedCell> cells)
            throws SQLException, BadInputException {
        Map<String, Integer> channels = new HashMap<>();
        for (GradedCell cell : cells) {
            if (cell.barcode().isBlank()) {
                throw new BadInputException("run " + runId + ": channel " + cell.channel() + " has no barcode "
                        + "(the grades database keeps cells by barcode)");
            }
            Integer other = channels.putIfAbsent(cell.barcode(), cell.channel());
            if (other != null) {
                throw new BadInputException("run " + runId + ": barcode " + cell.barcode() + " on channels " + other
                        + " and " + cell.channel());
            }
        }
        String gradingId = UUID.randomUUID().toString();
        String gradedAt = Timestamps.format(clock.instant());
        write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO gradings (grading_id, run_id, lot, spec_name, "
                    + "graded_at, cells) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, gradingId);
                p.setString(2, runId);
                p.setString(3, lot);
                p.setString(4, specName);
                p.setString(5, gradedAt);
                p.setInt(6, cells.size());
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE grades SET superseded = 1 WHERE run_id = ? AND superseded = 0")) {
                p.setString(1, runId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE grades SET superseded = 1 WHERE barcode = ? AND superseded = 0")) {
                for (GradedCell cell : cells) {
                    p.setString(1, cell.barcode());
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO grades (grading_id, channel, barcode, run_id, lot, "
                    + "spec_name, graded_at, capacity_ah, energy_wh, dcir_ohm, ocv_v, k_v_per_s, first_cycle_ce, "
                    + "last_cycle_ce, bin, reason, superseded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
                for (GradedCell cell : cells) {
                    int i = 1;
                    p.setString(i++, gradingId);
                    p.setInt(i++, cell.channel());
                    p.setString(i++, cell.barcode());
                    p.setString(i++, runId);
                    p.setString(i++, lot);
                    p.setString(i++, specName);
                    p.setString(i++, gradedAt);
                    for (Figure f : Figure.values()) {
                        if (cell.has(f)) {
                            p.setDouble(i++, cell.value(f));
                        } else {
                            p.setNull(i++, java.sql.Types.DOUBLE);
                        }
                    }
                    p.setString(i++, cell.bin());
                    p.setString(i, cell.reason());
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO cells (barcode, bin, lot) VALUES (?, ?, ?) "
                    + "ON CONFLICT (barcode) DO UPDATE SET bin = excluded.bin, lot = excluded.lot")) {
                for (GradedCell cell : cells) {
                    p.setString(1, cell.barcode());
                    p.setString(2, cell.bin());
                    p.setString(3, lot);
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
        return gradingId;
    }

    /** The current cells {@code query} selects, by lot then barcode. */
    public List<StoredCell> cells(CellQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder(CELLS_FROM).append("WHERE g.superseded = 0");
        List<String> args = new ArrayList<>();
        query.bin().ifPresent(b -> {
            sql.append(" AND g.bin = ?");
            args.add(b);
        });
        query.lot().ifPresent(l -> {
            sql.append(" AND g.lot = ?");
            args.add(l);
        });
        switch (query.status()) {
            case AVAILABLE -> {
                sql.append(" AND c.claim_id IS NULL AND g.bin <> ?");
                args.add(GradingSpec.REJECT);
            }
            case CLAIMED -> sql.append(" AND c.claim_id IS NOT NULL");
            case ALL -> {
            }
        }
        sql.append(" ORDER BY g.lot, g.barcode");
        return read(c -> select(c, sql.toString(), args));
    }

    /** The current grade of {@code barcode}, with who holds the cell; empty when it was never graded. */
    public Optional<StoredCell> cell(String barcode) throws SQLException {
        List<StoredCell> found = read(c -> select(c, CELLS_FROM + "WHERE g.barcode = ? AND g.superseded = 0",
                List.of(barcode)));
        return found.stream().findFirst();
    }

    /** Every grade {@code barcode} ever had, oldest first; the last is the current one. */
    public List<StoredCell> history(String barcode) throws SQLException {
        return read(c -> select(c, CELLS_FROM + "WHERE g.barcode = ? ORDER BY g.graded_at, g.superseded DESC",
                List.of(barcode)));
    }

    /** Every lot with current cells, by name. */
    public List<LotSummary> lots() throws SQLException {
        record Row(String lot, String runId, String bin, boolean claimed) {
        }
        List<Row> rows = read(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT g.lot, g.run_id, g.bin, c.claim_id FROM grades g "
                    + "JOIN cells c ON c.barcode = g.barcode WHERE g.superseded = 0");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4) != null));
                }
            }
            return out;
        });
        Map<String, List<Row>> byLot = new TreeMap<>();
        rows.forEach(r -> byLot.computeIfAbsent(r.lot(), l -> new ArrayList<>()).add(r));
        List<LotSummary> out = new ArrayList<>();
        byLot.forEach((lot, in) -> {
            Map<String, Integer> bins = new TreeMap<>();
            TreeSet<String> runs = new TreeSet<>();
            int available = 0;
            int claimed = 0;
            for (Row r : in) {
                bins.merge(r.bin(), 1, Integer::sum);
                runs.add(r.runId());
                if (r.claimed()) {
                    claimed++;
                } else if (!r.bin().equals(GradingSpec.REJECT)) {
                    available++;
                }
            }
            out.add(new LotSummary(lot, List.copyOf(runs), in.size(), bins, available, claimed));
        });
        return out;
    }

    /**
     * Claims {@code count} free cells of {@code bin} (of {@code lot} when given) for
     * {@code claimant}, all or nothing, in barcode order. Never gives a cell another claim holds,
     * whatever runs concurrently, in this process or another.
     *
     * @throws ClaimRefusedException for a REJECT or unknown bin, or fewer free cells than {@code count}
     */
    public Claim claim(String bin, Optional<String> lot, int count, String claimant)
            throws SQLException, ClaimRefusedException {
        if (count < 1 || count > MAX_CLAIM_CELLS) {
            throw new IllegalArgumentException("count must be 1 to " + MAX_CLAIM_CELLS + ": " + count);
        }
        if (bin.equals(GradingSpec.REJECT)) {
            throw new ClaimRefusedException(ClaimRefusedException.Why.NOT_CLAIMABLE, "REJECT cells are never claimable");
        }
        String where = "WHERE bin = ?" + (lot.isPresent() ? " AND lot = ?" : "");
        String claimId = UUID.randomUUID().toString();
        String claimedAt = Timestamps.format(clock.instant());
        return write(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM cells " + where)) {
                bind(p, bin, lot);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        throw new ClaimRefusedException(ClaimRefusedException.Why.UNKNOWN_BIN, "no cell is in bin '" + bin
                                + "'" + lot.map(l -> " of lot '" + l + "'").orElse(""));
                    }
                }
            }
            List<String> free = new ArrayList<>();
            String lock = location.vendor() == DbLocation.Vendor.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
            try (PreparedStatement p = c.prepareStatement("SELECT barcode FROM cells " + where
                    + " AND claim_id IS NULL ORDER BY barcode LIMIT ?" + lock)) {
                int next = bind(p, bin, lot);
                p.setInt(next, count);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        free.add(rs.getString(1));
                    }
                }
            }
            if (free.size() < count) {
                throw new ClaimRefusedException(ClaimRefusedException.Why.NOT_ENOUGH, "bin '" + bin + "' has "
                        + free.size() + " free cells, fewer than the " + count + " asked for (nothing was claimed)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO claims (claim_id, claimant, bin, cells, claimed_at) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, claimId);
                p.setString(2, claimant);
                p.setString(3, bin);
                p.setInt(4, count);
                p.setString(5, claimedAt);
                p.executeUpdate();
            }
            int taken = 0;
            try (PreparedStatement p = c.prepareStatement("UPDATE cells SET claim_id = ?, claimed_by = ?, claimed_at = ? "
                    + "WHERE barcode = ? AND claim_id IS NULL")) {
                for (String barcode : free) {
                    p.setString(1, claimId);
                    p.setString(2, claimant);
                    p.setString(3, claimedAt);
                    p.setString(4, barcode);
                    taken += p.executeUpdate();
                }
            }
            if (taken != count) {
                throw new SQLException("claim lost a race for cells of bin '" + bin + "' (" + taken + " of " + count
                        + "); nothing was claimed, try again");
            }
            List<StoredCell> cells = select(c, CELLS_FROM + "WHERE c.claim_id = ? AND g.superseded = 0 ORDER BY g.barcode",
                    List.of(claimId));
            return new Claim(claimId, claimant, bin, claimedAt, cells);
        });
    }

    /**
     * Gives the cells of claim {@code claimId} back.
     *
     * @return how many cells it released; empty when there is no such claim or it was released already
     */
    public OptionalInt release(String claimId) throws SQLException {
        String releasedAt = Timestamps.format(clock.instant());
        return write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE claims SET released_at = ? WHERE claim_id = ? AND released_at IS NULL")) {
                p.setString(1, releasedAt);
                p.setString(2, claimId);
                if (p.executeUpdate() == 0) {
                    return OptionalInt.empty();
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE cells SET claim_id = NULL, claimed_by = NULL, claimed_at = NULL WHERE claim_id = ?")) {
                p.setString(1, claimId);
                return OptionalInt.of(p.executeUpdate());
            }
        });
    }

    @Override
    public void close() {
        pool.close();
    }

    private static int bind(PreparedStatement p, String bin, Optional<String> lot) throws SQLException {
        p.setString(1, bin);
        if (lot.isPresent()) {
            p.setString(2, lot.get());
            return 3;
        }
        return 2;
    }

    private static List<StoredCell> select(Connection c, String sql, List<String> args) throws SQLException {
        List<StoredCell> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                p.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(cell(rs));
                }
            }
        }
        return out;
    }

    private static StoredCell cell(ResultSet rs) throws SQLException {
        String barcode = rs.getString("barcode");
        int channel = rs.getInt("channel");
        Map<Figure, Double> values = new EnumMap<>(Figure.class);
        int column = rs.findColumn("capacity_ah");
        for (Figure f : Figure.values()) {
            double v = rs.getDouble(column++);
            if (!rs.wasNull()) {
                values.put(f, v);
            }
        }
        GradedCell grade = new GradedCell(barcode, channel, values, rs.getString("bin"), rs.getString("reason"));
        boolean current = rs.getInt("superseded") == 0;
        String claimId = rs.getString("claim_id");
        Optional<StoredCell.Holder> holder = current && claimId != null
                ? Optional.of(new StoredCell.Holder(claimId, rs.getString("claimed_by"), rs.getString("claimed_at")))
                : Optional.empty();
        return new StoredCell(grade, rs.getString("run_id"), rs.getString("lot"), rs.getString("spec_name"),
                rs.getString("graded_at"), current, holder);
    }

    /** Work on one connection, in one transaction or none. */
    @FunctionalInterface
    private interface Work<T, X extends Exception> {
        T run(Connection c) throws SQLException, X;
    }

    private <T, X extends Exception> T read(Work<T, X> work) throws SQLException, X {
        Connection c = pool.borrow();
        boolean broken = true;
        try {
            T result = work.run(c);
            broken = false;
            return result;
        } finally {
            pool.release(c, broken);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private <T, X extends Exception> T write(Work<T, X> work) throws SQLException, X {
        boolean sqlite = location.vendor() == DbLocation.Vendor.SQLITE;
        if (sqlite) {
            sqliteWriter.lock();
        }
        try {
            Connection c = pool.borrow();
            boolean broken = true;
            try {
                c.setAutoCommit(false);
                T result;
                try {
                    result = work.run(c);
                } catch (Exception | Error e) {
                    c.rollback();
                    broken = false;
                    throw e;
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                broken = false;
                return result;
            } finally {
                pool.release(c, broken);
            }
        } finally {
            if (sqlite) {
                sqliteWriter.unlock();
            }
        }
    }
}
