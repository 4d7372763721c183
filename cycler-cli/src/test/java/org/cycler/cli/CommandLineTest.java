package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The command line in-process: help, version, exit codes and one-line errors. */
class CommandLineTest {

    @TempDir
    Path dir;

    record Outcome(int exit, String out, String err) {
    }

    static Outcome execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CyclerCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        CommandLine cli = CyclerCommand.commandLine();
        for (String name : cli.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            Outcome help = execute(name, "--help");
            assertEquals(0, help.exit(), name);
            assertTrue(help.out().startsWith("Usage: cycler " + name), name + ": " + help.out());
        }
        assertTrue(execute("--help").out().contains("run"));
    }

    @Test
    void noHelpPrintsAPicocliWarning() {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            helpOfEvery(CyclerCommand.commandLine(), "");
        } finally {
            System.setErr(saved);
        }
        assertFalse(stderr.toString(StandardCharsets.UTF_8).contains("WARN"), stderr.toString());
    }

    private static void helpOfEvery(CommandLine command, String path) {
        for (var sub : command.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue;
            }
            String name = (path + " " + sub.getKey()).strip();
            Outcome help = execute((name + " --help").split(" "));
            assertEquals(0, help.exit(), name);
            helpOfEvery(sub.getValue(), name);
        }
    }

    @Test
    void benchClaimsWritesItsFiguresWithOutLikeEveryBench() {
        CommandLine claims = CyclerCommand.commandLine().getSubcommands().get("bench").getSubcommands().get("claims");
        assertTrue(claims.getCommandSpec().findOption("--out") != null, "bench claims takes --out FILE.json");
        assertTrue(claims.getCommandSpec().findOption("--json") == null, "bench claims no longer takes --json");
    }

    @Test
    void versionNamesTheBuildAndTheJvm() {
        Outcome version = execute("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("cycler "), version.out());
        assertTrue(version.out().contains("Java " + Runtime.version().feature()), version.out());
    }

    @Test
    void validateSummarisesAShippedRecipe() {
        Outcome outcome = execute("validate", "../protocols/lfp-formation.yaml");
        assertEquals(0, outcome.exit(), outcome.err());
        assertTrue(outcome.out().contains("LFP 26650 formation"), outcome.out());
        assertTrue(outcome.out().contains("estimated duration on a nominal LFP 3.20 Ah cell"), outcome.out());
    }

    @Test
    void aBrokenRecipeIsOneLineWithItsPlaceAndExitCode2() throws Exception {
        Path recipe = dir.resolve("bad.yaml");
        Files.writeString(recipe, "recipe: x\nsteps:\n  - Charge at 5 mAh/s for 1 hour\n");
        Outcome outcome = execute("validate", recipe.toString());
        assertEquals(2, outcome.exit());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertTrue(outcome.err().startsWith(recipe + ":3:"), outcome.err());
        assertFalse(outcome.err().contains("Exception"), outcome.err());
    }

    @Test
    void aMissingRecipeFileIsBadInput() {
        Outcome outcome = execute("validate", dir.resolve("nope.yaml").toString());
        assertEquals(2, outcome.exit());
        assertTrue(outcome.err().contains("nope.yaml"), outcome.err());
    }

    @Test
    void badOptionsAreOneLineErrorsWithExitCode2() throws Exception {
        String recipe = "../protocols/nmc-formation.yaml";
        assertEquals("--speed: 'warp' (expected max, realtime, or a positive factor such as 60)",
                execute("run", recipe, "--sim", "2", "--speed", "warp").err().strip());
        assertEquals("--tick: 5ms (expected at least 10ms)",
                execute("run", recipe, "--sim", "2", "--tick", "5ms").err().strip());
        assertEquals("--sim: 0 (expected a channel count of at least 1)",
                execute("run", recipe, "--sim", "0").err().strip());
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("x"), "taken");
        Outcome taken = execute("run", recipe, "--sim", "2", "--run-dir", used.toString());
        assertEquals(2, taken.exit());
        assertEquals("--run-dir: " + used + ": already holds files; choose a new run directory", taken.err().strip());
        Path cells = dir.resolve("cells.csv");
        Files.writeString(cells, "A\nA\n");
        Outcome duplicate = execute("run", recipe, "--sim", "2", "--cells", cells.toString());
        assertEquals(2, duplicate.exit());
        assertEquals(cells + ":2: barcode 'A' appears twice (first on line 1)", duplicate.err().strip());
        assertEquals(2, execute("run", recipe).exit(), "--sim is required");
    }

    @Test
    void aShortRunFinishesWithASummaryTable() throws Exception {
        Path recipe = dir.resolve("short.yaml");
        Files.writeString(recipe, """
                recipe: short
                cell: {nominal_capacity: 5 Ah, chemistry: NMC}
                steps:
                  - Rest for 1 minute
                  - step: Charge at 1C for 10 minutes
                  - step: Discharge at 1C for 5 minutes
                    measure: capacity
                """);
        Path cells = dir.resolve("cells.csv");
        Files.writeString(cells, "channel,barcode\n2,=EVIL()\n3,B-3\n");
        Path run = dir.resolve("run");
        Outcome outcome = execute("run", recipe.toString(), "--sim", "4", "--cells", cells.toString(),
                "--run-dir", run.toString(), "--plain");
        assertEquals(0, outcome.exit(), outcome.err());
        assertTrue(outcome.out().contains("2 channels: 2 done"), outcome.out());
        assertTrue(outcome.out().matches("(?s).*\\n\\s+3\\s+B-3\\s+DONE\\s+0\\s+0\\.4167\\s+-\\n.*"), outcome.out());
        assertTrue(Files.exists(run.resolve("data/ch-002.bdf.csv")));
        assertFalse(Files.exists(run.resolve("data/ch-001.bdf.csv")), "an empty channel does not run");
        assertTrue(Files.readString(run.resolve("sim-cells.csv")).contains("'=EVIL()"), "barcodes are neutralised");
    }
}
