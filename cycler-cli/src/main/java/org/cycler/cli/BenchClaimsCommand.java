package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.bench.ClaimBench;
import org.cycler.grades.db.DbLocation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler bench claims}: claims per second through the grades API. */
@Command(name = "claims", mixinStandardHelpOptions = true,
        description = {"Claims per second through the grades HTTP API: a bin of synthetic cells (a bin and lot of its "
            + "own), the API on loopback, and concurrent clients claiming until the bin is empty. Use a throwaway "
            + "database: the cells stay in it."})
final class BenchClaimsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "DB",
            description = "Grades database (default: a new SQLite file in a temporary directory).")
    String db;

    @Option(names = "--cells", defaultValue = "2000", description = "Cells in the bin (default: ${DEFAULT-VALUE}).")
    int cells;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--per-claim", defaultValue = "1", description = "Cells per claim (default: ${DEFAULT-VALUE}).")
    int perClaim;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    Path outFile;

    @Override
    public Integer call() throws Exception {
        Path temp = null;
        DbLocation location;
        if (db == null) {
            temp = Files.createTempDirectory("cycler-bench-claims");
            location = DbLocation.file(temp.resolve("grades.db"));
        } else {
            location = DbLocation.parse(db);
        }
        try {
            ClaimBench.Result r = ClaimBench.run(location, cells, clients, perClaim);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "claims on %s (%s): %d cells, %d clients, %d cell(s) per claim%n", r.database(),
                    location.shown(), r.cells(), r.clients(), r.cellsPerClaim());
            out.printf(Locale.ROOT, "  %d claims granted, %d refused (bin empty) in %.2f s: %.0f claims/s, %.0f cells/s; "
                    + "no cell in two claims: %s%n", r.claims(), r.refused(), r.seconds(), r.claimsPerS(), r.cellsPerS(),
                    r.noCellTwice() ? "yes" : "NO");
            BenchOutput.latencyHeader(out);
            BenchOutput.latency(out, "claim round trip", r.latency());
            out.println("  machine: " + BenchOutput.machine());
            out.flush();
            BenchOutput.writeJson(outFile, r);
            return r.noCellTwice() ? 0 : 1;
        } finally {
            if (temp != null) {
                BenchOutput.deleteTree(temp);
            }
        }
    }
}
