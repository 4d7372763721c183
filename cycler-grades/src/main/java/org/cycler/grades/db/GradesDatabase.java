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
import org.cycler.core.grading.PackMatcher;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The grades database: every graded cell of every grading (the history), each barcode's current
 * grade, and the claims pack lines make on cells. SQLite (embedded, a file) or PostgreSQL (a server
 * shared by several controllers); the schema is created and migrated on open by Flyway
 * ({@code db/migration/V<n>__<what>.sql}). A database made before Flyway (by the program's own
 * migrations, which recorded version 1 in {@code schema_version}) is baselined at version 1 and
 * migrated on from there; a database newer than this program is refused rather than written to.
 *
 * <p>Claims are all or nothing and never hand one cell to two claims: a claim selects free cells
 * and marks them in one transaction, with a conditional {@code UPDATE ... WHERE claim_id IS NULL}
 * whose row count is checked. On SQLite writers are serialised (transactions begin IMMEDIATE, and
 * within one process a lock); on PostgreSQL the free cells are locked with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent claims take different cells without waiting.
 *
 * <p>Each claim records the name of the token that made it ({@code acted_by}); only that token, or
 * an admin, releases it. A claim of S x P cells takes the one pack {@link PackMatcher#bestPack}
 * chooses from the bin's free cells, the matcher {@code cycler match} uses.
 *
 * <p>Thread-safe: every method borrows its own connection from a HikariCP pool. Methods throw
 * {@link SQLException} when the database fails; {@link #userError} turns one into the line a user sees.
 */
public final class GradesDatabase implements AutoCloseable {

    /** Connections kept open to the database, and so the most statements running at once. */
    public static final int DEFAULT_CONNECTIONS = 8;
    /** How long an SQLite writer waits for another process's write to finish, in milliseconds. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;
    /** The most cells one claim may take. */
    public static final int MAX_CLAIM_CELLS = 10_000;
    /** The most free cells (in barcode order) a pack claim matches its pack from. */
    public static final int MAX_PACK_POOL = 2_000;
    /** The schema version a database made before Flyway has: the program's own migrations stopped at 1. */
    static final String PRE_FLYWAY_VERSION = "1";

    private static final String CELL_COLUMNS = "g.barcode, g.channel, g.run_id, g.lot, g.spec_name, g.graded_at, "
            + "g.capacity_ah, g.energy_wh, g.dcir_ohm, g.ocv_v, g.k_v_per_s, g.first_cycle_ce, g.last_cycle_ce, "
            + "g.bin, g.reason, g.superseded, c.claim_id, c.claimed_by, c.claimed_at";
    private static final String CELLS_FROM = "SELECT " + CELL_COLUMNS + " FROM grades g JOIN cells c ON c.barcode = g.barcode ";

    private final DbLocation location;
    private final Clock clock;
    private final HikariDataSource pool;
    /** Serialises this process's SQLite writers (which the database would serialise anyway, by retrying). */
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);

    private GradesDatabase(DbLocation location, Clock clock, HikariDataSource pool) {
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
        Objects.requireNonNull(clock, "clock");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(location.url());
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(1);
        config.setPoolName("grades");
        config.setInitializationFailTimeout(-1);
        if (location.vendor() == DbLocation.Vendor.SQLITE) {
            Properties properties = new Properties();
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MS));
            properties.setProperty("transaction_mode", "IMMEDIATE");
            properties.setProperty("foreign_keys", "true");
            config.setDataSourceProperties(properties);
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool);
        } catch (FlywayException e) {
            pool.close();
            SQLException cause = causeOf(e);
            throw cause != null ? userError(location, cause)
                    : new BadInputException("grades database " + location.shown() + ": " + firstLine(e.getMessage()), e);
        }
        return new GradesDatabase(location, clock, pool);
    }

    /**
     * Brings the schema to this program's version with Flyway. A database made before Flyway (its
     * tables there, no Flyway history) is baselined at {@link #PRE_FLYWAY_VERSION}; Flyway
     * serialises programs migrating at once (an advisory lock on PostgreSQL, the write lock on SQLite).
     * Applied migrations this program does not know (a newer database) fail validation.
     */
    private static void migrate(HikariDataSource pool) {
        Flyway.configure(GradesDatabase.class.getClassLoader())
                .dataSource(pool)
                .locations("classpath:db/migration")
                .baselineOnMigrate(true)
                .baselineVersion(PRE_FLYWAY_VERSION)
                .baselineDescription("grades schema made before Flyway")
                .ignoreMigrationPatterns("")
                .validateOnMigrate(true)
                .load()
                .migrate();
    }

    private static SQLException causeOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
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
     * @param actedBy the name of the token making the claim: the only one (beside an admin) that may release it
     * @throws ClaimRefusedException for a REJECT or unknown bin, or fewer free cells than {@code count}
     */
    public Claim claim(String bin, Optional<String> lot, int count, String claimant, String actedBy)
            throws SQLException, ClaimRefusedException {
        if (count < 1 || count > MAX_CLAIM_CELLS) {
            throw new IllegalArgumentException("count must be 1 to " + MAX_CLAIM_CELLS + ": " + count);
        }
        return take(bin, lot, claimant, actedBy, false, (c, where) -> {
            List<String> free = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT barcode FROM cells " + where
                    + " AND claim_id IS NULL ORDER BY barcode LIMIT ?" + lockFree(""))) {
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
            return free.stream().map(b -> List.of(b)).toList();
        });
    }

    /**
     * Claims one pack of {@code series} x {@code parallel} cells of {@code bin} (of {@code lot} when
     * given), all or nothing: the pack {@link PackMatcher#bestPack} matches from the bin's first
     * {@link #MAX_PACK_POOL} free cells (on capacity, DCIR and OCV, where every cell has them). The claim's
     * {@link Claim#groups()} are its series groups, each the barcodes of its parallel cells.
     *
     * @throws ClaimRefusedException for a REJECT or unknown bin, or fewer free cells than S x P
     */
    public Claim claimPack(String bin, Optional<String> lot, int series, int parallel, String claimant, String actedBy)
            throws SQLException, ClaimRefusedException {
        long wanted = (long) series * parallel;
        if (series < 1 || parallel < 1 || wanted > MAX_CLAIM_CELLS) {
            throw new IllegalArgumentException("a pack claim is 1 to " + MAX_CLAIM_CELLS + " cells: " + series + "S"
                    + parallel + "P");
        }
        return take(bin, lot, claimant, actedBy, true, (c, where) -> {
            String free = CELLS_FROM + "WHERE g.superseded = 0 AND c.claim_id IS NULL AND c.bin = ?"
                    + (lot.isPresent() ? " AND c.lot = ?" : "") + " ORDER BY g.barcode LIMIT " + MAX_PACK_POOL
                    + lockFree(" OF c");
            List<String> args = new ArrayList<>(List.of(bin));
            lot.ifPresent(args::add);
            List<PackMatcher.Cell> pool = matchable(select(c, free, args));
            PackMatcher.Pack pack = PackMatcher.bestPack(pool, series, parallel, PackMatcher.DEFAULT_SEED)
                    .orElseThrow(() -> new ClaimRefusedException(ClaimRefusedException.Why.NOT_ENOUGH, "bin '" + bin
                            + "' has " + pool.size() + " free cells, fewer than the "
                            + wanted + " of a " + series + "S" + parallel + "P pack (nothing was claimed)"));
            return pack.series().stream().map(g -> g.cells().stream().map(PackMatcher.Cell::barcode).toList()).toList();
        });
    }

    /**
     * The free cells as the matcher takes them. A figure that some cell lacks (a grading without a
     * DCIR or OCV step) is left out of the match for every cell, so the others still count.
     */
    private static List<PackMatcher.Cell> matchable(List<StoredCell> cells) {
        boolean capacity = cells.stream().allMatch(c -> c.grade().has(Figure.CAPACITY));
        boolean dcir = cells.stream().allMatch(c -> c.grade().has(Figure.DCIR));
        boolean ocv = cells.stream().allMatch(c -> c.grade().has(Figure.OCV));
        return cells.stream().map(c -> new PackMatcher.Cell(c.barcode(), c.grade().channel(), c.bin(),
                capacity ? c.grade().value(Figure.CAPACITY) : 0, dcir ? c.grade().value(Figure.DCIR) : 0,
                ocv ? c.grade().value(Figure.OCV) : 0)).toList();
    }

    /** Chooses, in the claim's transaction, the cells to take: a list of groups of barcodes. */
    @FunctionalInterface
    private interface Chooser {
        List<List<String>> choose(Connection c, String where) throws SQLException, ClaimRefusedException;
    }

    private Claim take(String bin, Optional<String> lot, String claimant, String actedBy, boolean pack, Chooser chooser)
            throws SQLException, ClaimRefusedException {
        Objects.requireNonNull(claimant, "claimant");
        Objects.requireNonNull(actedBy, "actedBy");
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
            List<List<String>> groups = chooser.choose(c, where);
            int count = groups.stream().mapToInt(List::size).sum();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO claims (claim_id, claimant, acted_by, bin, cells, "
                    + "claimed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, claimId);
                p.setString(2, claimant);
                p.setString(3, actedBy);
                p.setString(4, bin);
                p.setInt(5, count);
                p.setString(6, claimedAt);
                p.executeUpdate();
            }
            int taken = 0;
            try (PreparedStatement p = c.prepareStatement("UPDATE cells SET claim_id = ?, claimed_by = ?, claimed_at = ? "
                    + "WHERE barcode = ? AND claim_id IS NULL");
                 PreparedStatement member = c.prepareStatement(
                         "INSERT INTO claim_cells (claim_id, barcode, series_group) VALUES (?, ?, ?)")) {
                for (int g = 0; g < groups.size(); g++) {
                    for (String barcode : groups.get(g)) {
                        p.setString(1, claimId);
                        p.setString(2, claimant);
                        p.setString(3, claimedAt);
                        p.setString(4, barcode);
                        taken += p.executeUpdate();
                        member.setString(1, claimId);
                        member.setString(2, barcode);
                        if (pack) {
                            member.setInt(3, g);
                        } else {
                            member.setNull(3, java.sql.Types.INTEGER);
                        }
                        member.addBatch();
                    }
                }
                member.executeBatch();
            }
            if (taken != count) {
                throw new SQLException("claim lost a race for cells of bin '" + bin + "' (" + taken + " of " + count
                        + "); nothing was claimed, try again");
            }
            return claimOf(c, claimId).orElseThrow();
        });
    }

    /** The claim {@code claimId}, released or not, with its cells' current grades; empty when there is none. */
    public Optional<Claim> claim(String claimId) throws SQLException {
        return read(c -> claimOf(c, claimId));
    }

    private static Optional<Claim> claimOf(Connection c, String claimId) throws SQLException {
        String claimant;
        String actedBy;
        String bin;
        String claimedAt;
        String releasedAt;
        try (PreparedStatement p = c.prepareStatement("SELECT claimant, acted_by, bin, claimed_at, released_at FROM claims "
                + "WHERE claim_id = ?")) {
            p.setString(1, claimId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                claimant = rs.getString(1);
                actedBy = rs.getString(2);
                bin = rs.getString(3);
                claimedAt = rs.getString(4);
                releasedAt = rs.getString(5);
            }
        }
        List<StoredCell> cells = select(c, CELLS_FROM + "JOIN claim_cells m ON m.barcode = g.barcode "
                + "WHERE m.claim_id = ? AND g.superseded = 0 ORDER BY g.barcode", List.of(claimId));
        TreeMap<Integer, List<String>> groups = new TreeMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT series_group, barcode FROM claim_cells WHERE claim_id = ? "
                + "AND series_group IS NOT NULL ORDER BY series_group, barcode")) {
            p.setString(1, claimId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    groups.computeIfAbsent(rs.getInt(1), g -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return Optional.of(new Claim(claimId, claimant, actedBy == null ? claimant : actedBy, bin, claimedAt,
                Optional.ofNullable(releasedAt), cells, List.copyOf(groups.values())));
    }

    /**
     * Gives the cells of claim {@code claimId} back, when {@code actor} made it or {@code admin}.
     *
     * @return how many cells it released; empty when there is no such claim or it was released already
     * @throws ClaimRefusedException ({@link ClaimRefusedException.Why#NOT_YOURS}) when another token made the claim
     */
    public OptionalInt release(String claimId, String actor, boolean admin) throws SQLException, ClaimRefusedException {
        String releasedAt = Timestamps.format(clock.instant());
        return write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT acted_by FROM claims WHERE claim_id = ? AND released_at IS NULL")) {
                p.setString(1, claimId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return OptionalInt.empty();
                    }
                    if (!admin && !actor.equals(rs.getString(1))) {
                        throw new ClaimRefusedException(ClaimRefusedException.Why.NOT_YOURS, "claim '" + claimId
                                + "' was made by another token; only it or an admin token releases it");
                    }
                }
            }
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

    /** Row locks for the free cells a claim selects: PostgreSQL skips rows another claim has locked. */
    private String lockFree(String of) {
        return location.vendor() == DbLocation.Vendor.POSTGRESQL ? " FOR UPDATE" + of + " SKIP LOCKED" : "";
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
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private <T, X extends Exception> T write(Work<T, X> work) throws SQLException, X {
        boolean sqlite = location.vendor() == DbLocation.Vendor.SQLITE;
        if (sqlite) {
            sqliteWriter.lock();
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            T result;
            try {
                result = work.run(c);
            } catch (Exception | Error e) {
                c.rollback();
                throw e;
            }
            c.commit();
            return result;
        } finally {
            if (sqlite) {
                sqliteWriter.unlock();
            }
        }
    }
}
