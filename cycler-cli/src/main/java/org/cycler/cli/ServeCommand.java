package org.cycler.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.cycler.core.BadInputException;
import org.cycler.core.auth.Tokens;
import org.cycler.grades.api.GradesApi;
import org.cycler.grades.api.Role;
import org.cycler.grades.db.DbLocation;
import org.cycler.grades.db.GradesDatabase;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler serve [--db DB] --tokens FILE [--port P] [--bind ADDR]}: the grades HTTP API for pack lines. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a grades database to pack lines over HTTP (JSON API under /api/v1/, see docs/api.md): "
            + "lots, cells and claims for read tokens; atomic claims of cells from a bin (packs matched as by 'cycler "
            + "match'), and releases of their own claims, for claim tokens; releases of any claim for admin tokens. "
            + "Runs until stopped (Ctrl-C)."})
final class ServeCommand implements Callable<Integer> {

    /** The port when {@code --port} is not given. */
    static final int DEFAULT_PORT = 8080;

    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "DB", defaultValue = CellsCommand.DEFAULT_DB,
            description = "Grades database: a file (SQLite) or a jdbc:postgresql:// URL (default: ${DEFAULT-VALUE}).")
    String db;

    @Option(names = "--tokens", paramLabel = "FILE", required = true,
            description = "Bearer tokens: one 'TOKEN ROLE NAME' per line, role read, claim or admin, # comments; "
                    + "keep it private (chmod 600).")
    Path tokensFile;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 takes any free port, printed at start).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every "
                    + "interface).")
    String bind;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new BadInputException("--port " + port + ": expected 0 to 65535");
        }
        Tokens<Role> tokens = Tokens.read(tokensFile, Role.class);
        tokens.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        InetAddress address;
        try {
            address = InetAddress.getByName(bind.strip());
        } catch (UnknownHostException e) {
            throw new BadInputException("--bind " + bind + ": unknown address", e);
        }
        DbLocation location = DbLocation.parse(db).requireExisting();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stopped = new CountDownLatch(1);
        try (GradesDatabase database = GradesDatabase.open(location)) {
            GradesApi api;
            try {
                api = GradesApi.start(database, tokens, new InetSocketAddress(address, port), line -> {
                    synchronized (err) {
                        err.println(line);
                        err.flush();
                    }
                });
            } catch (BindException e) {
                throw new BadInputException("--port " + port + " on " + bind + ": " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                api.close();
                stopped.countDown();
            }, "grades-api-stop"));
            InetSocketAddress bound = api.address();
            out.printf(Locale.ROOT, "serving %s on http://%s:%d%s (%d tokens)%n", location.shown(),
                    bound.getAddress().getHostAddress(), bound.getPort(), GradesApi.PREFIX, tokens.size());
            out.flush();
            stopped.await();
        }
        return 0;
    }
}
