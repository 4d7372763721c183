package org.cycler.grades.db;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: initdb into a temporary directory, started on a free
 * port of 127.0.0.1 with its socket in /tmp, trust authentication, no fsync. As root the server
 * runs as the {@code postgres} user (PostgreSQL refuses root). Missing binaries fail the test with
 * the package to install: CI installs it, so a silent skip would hide a broken setup.
 */
final class PostgresServer implements AutoCloseable {

    private static final String USER = "cycler";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final Path bin;
    private final boolean asPostgres;
    private final int port;

    private PostgresServer(Path dir, Path bin, boolean asPostgres, int port) {
        this.dir = dir;
        this.bin = bin;
        this.asPostgres = asPostgres;
        this.port = port;
    }

    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("cycler-pg");
        if (root) {
            run(List.of("chown", "-R", "postgres", dir.toString()), dir, false);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer server = new PostgresServer(dir, bin, root, port);
        Path data = dir.resolve("data");
        server.pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync"));
        server.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100", "start"));
        return server;
    }

    /** A new, empty database on this server, as a {@code --db} URL. */
    DbLocation newDatabase() throws SQLException {
        String name = "cycler_test_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new DbLocation(url(name), DbLocation.Vendor.POSTGRESQL, "postgresql " + name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                "stop"));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void pg(List<String> command) throws IOException, InterruptedException {
        run(command, dir, asPostgres);
    }

    private static void run(List<String> command, Path dir, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("cycler-pg", ".log");
        try {
            Process p = new ProcessBuilder(full).directory(Path.of("/tmp").toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(String.join(" ", full) + " did not finish");
            }
            if (p.exitValue() != 0) {
                String log = Files.readString(output, StandardCharsets.UTF_8);
                Path serverLog = dir.resolve("log");
                if (Files.isReadable(serverLog)) {
                    log += Files.readString(serverLog, StandardCharsets.UTF_8);
                }
                fail(String.join(" ", full) + " failed (" + p.exitValue() + "):\n" + log);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The directory holding initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/N/bin. */
    private static Path findBin() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Path.of(dir).toRealPath().resolve("initdb").toRealPath().getParent();
            }
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                List<Path> bins = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .sorted(Comparator.comparing((Path b) -> versionOf(b)).reversed()).toList();
                if (!bins.isEmpty()) {
                    return bins.get(0);
                }
            }
        }
        return fail("PostgreSQL tests need initdb and pg_ctl (on PATH or in /usr/lib/postgresql/N/bin): "
                + "apt-get install postgresql");
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
