package org.cycler.grades.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of JDBC connections to one database, opened on first need and reused. A caller
 * borrows one, uses it on its own thread, and gives it back; a connection that saw an error is
 * closed instead of reused. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {

    /** How long a caller waits for a free connection before the request fails. */
    static final long BORROW_TIMEOUT_S = 30;

    private final String url;
    private final Properties properties;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    ConnectionPool(String url, Properties properties, int size) {
        this.url = url;
        this.properties = properties;
        this.permits = new Semaphore(size, true);
    }

    /** A connection in auto-commit mode; give it back with {@link #release}. */
    Connection borrow() throws SQLException {
        try {
            if (!permits.tryAcquire(BORROW_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new SQLException("no free database connection after " + BORROW_TIMEOUT_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
        try {
            Connection c;
            synchronized (this) {
                if (closed) {
                    throw new SQLException("the grades database is closed");
                }
                c = idle.pollFirst();
            }
            return c != null ? c : DriverManager.getConnection(url, properties);
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Gives {@code c} back; {@code broken} closes it instead (it saw an error and may be in any state). */
    void release(Connection c, boolean broken) {
        boolean keep = false;
        try {
            if (!broken) {
                c.setAutoCommit(true);
                synchronized (this) {
                    if (!closed) {
                        idle.addFirst(c);
                        keep = true;
                    }
                }
            }
        } catch (SQLException e) {
            keep = false;
        } finally {
            if (!keep) {
                closeQuietly(c);
            }
            permits.release();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.forEach(ConnectionPool::closeQuietly);
            idle.clear();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // Closing a connection that already failed: nothing more to do with it.
        }
    }
}
