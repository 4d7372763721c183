package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    void validateRefusesADeviceFileAndAFifoAtOnce() throws Exception {
        Outcome zero = execute("validate", "/dev/zero");
        assertEquals(2, zero.exit());
        assertEquals("/dev/zero: cannot read file (not a regular file)", zero.err().strip());
        Path fifo = dir.resolve("pipe.yaml");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0);
        Outcome pipe = execute("validate", fifo.toString());
        assertEquals(2, pipe.exit());
        assertEquals(fifo + ": cannot read file (not a regular file)", pipe.err().strip());
    }

    @Test
    void stopAgainstAWedgedControllerEndsWithAnErrorAndExitCode1() throws Exception {
        Path run = Files.createDirectories(dir.resolve("wedged"));
        Files.writeString(run.resolve("run.json"), "{}");
        try (java.nio.channels.ServerSocketChannel wedged = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            wedged.bind(java.net.UnixDomainSocketAddress.of(run.resolve("control.sock")));
            Outcome stop = execute("stop", run.toString());
            assertEquals(1, stop.exit());
            assertEquals("cycler: " + run + ": the run's controller did not answer within 10 s (it may be wedged; its "
                    + "process still holds the run)", stop.err().strip());
        }
    }

    @Test
    void everyDataCommandTakesOneFormatOptionWithTheSameHelpAndTheSameError() {
        String run = dir.resolve("no-run").toString();
        Map<List<String>, String> allowed = Map.of(
                List.of("status", run), "table or json",
                List.of("bins", run), "table, csv or json",
                List.of("cells"), "table, csv or json",
                List.of("match", run, "--series", "2", "--parallel", "1"), "table, csv or json",
                List.of("export", run), "wide-csv or bdf-csv");
        allowed.forEach((command, formats) -> {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--format", "xml"));
            Outcome bad = execute(args.toArray(String[]::new));
            assertEquals(2, bad.exit(), command + ": " + bad.err());
            assertEquals("--format: 'xml' (expected " + formats + ")", bad.err().strip(), command.toString());
            String help = execute(command.get(0), "--help").out();
            String first = formats.substring(0, formats.indexOf(formats.contains(",") ? ',' : ' '));
            assertTrue(help.contains("--format=" + String.join("|", formats.split(", | or "))), help);
            assertTrue(help.replaceAll("\\s+", " ").contains("Output format: " + formats + " (default: " + first + ")."),
                    help);
        });
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
    void aRecipeWithoutLimitsIsRefusedUnlessTheSimulatorIsToldToRunWithout() throws Exception {
        Path recipe = dir.resolve("limitless.yaml");
        Files.writeString(recipe, "recipe: limitless\nsteps:\n  - Charge at 1 A for 1 minute\n");
        Outcome refused = execute("run", recipe.toString(), "--sim", "1", "--run-dir", dir.resolve("r1").toString());
        assertEquals(2, refused.exit());
        assertEquals(recipe + ": no safety limits (expected a 'safety:' block, or cell.chemistry NMC or LFP for its "
                + "default limits; on the simulator --no-safety-limits runs without them)", refused.err().strip());
        assertFalse(Files.exists(dir.resolve("r1")), "no run directory for a refused run");
        Outcome device = execute("run", recipe.toString(), "--device", "tcp:127.0.0.1:1", "--no-safety-limits");
        assertEquals(2, device.exit());
        assertTrue(device.err().startsWith("--no-safety-limits: only on the simulator (--sim)"), device.err());
        Outcome allowed = execute("run", recipe.toString(), "--sim", "1", "--no-safety-limits", "--plain",
                "--run-dir", dir.resolve("r2").toString());
        assertEquals(0, allowed.exit(), allowed.err());
        assertTrue(allowed.out().contains("safety: none (--no-safety-limits)"), allowed.out());
        Outcome validate = execute("validate", recipe.toString());
        assertTrue(validate.out().contains("safety   none (no safety block and no cell.chemistry"), validate.out());
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
                "--run-dir", run.toString(), "--plain", "--accuracy", "ideal");
        assertEquals(0, outcome.exit(), outcome.err());
        assertTrue(outcome.out().contains("2 channels: 2 done"), outcome.out());
        assertTrue(outcome.out().contains("safety: voltage 2.4 V to 4.25 V, current 10 A, temperature -10 degC to 60 degC, "
                + "charge capacity 7 Ah (NMC defaults: the recipe has no safety block)"), "the defaults are printed");
        assertTrue(outcome.out().matches("(?s).*\\n\\s+3\\s+B-3\\s+DONE\\s+0\\s+0\\.4167\\s+-\\n.*"), outcome.out());
        assertTrue(Files.exists(run.resolve("data/ch-002.bdf.csv")));
        assertFalse(Files.exists(run.resolve("data/ch-001.bdf.csv")), "an empty channel does not run");
        assertTrue(Files.readString(run.resolve("sim-cells.csv")).contains("'=EVIL()"), "barcodes are neutralised");
    }

    @Test
    void aSimulatedRunMeasuresLikeACabinetByDefaultAndRecordsTheClassAndEachChannelsErrors() throws Exception {
        Path recipe = dir.resolve("short.yaml");
        Files.writeString(recipe, """
                recipe: short
                cell: {nominal_capacity: 5 Ah, chemistry: NMC}
                steps:
                  - Charge at 1C for 1 minute
                """);
        Path run = dir.resolve("run");
        Outcome outcome = execute("run", recipe.toString(), "--sim", "2", "--run-dir", run.toString(), "--plain");
        assertEquals(0, outcome.exit(), outcome.err());
        assertTrue(outcome.out().contains("accuracy cabinet"), outcome.out());
        String info = Files.readString(run.resolve("run.json"));
        assertTrue(info.matches("(?s).*\"accuracy\" : \\{\\s*\"name\" : \"cabinet\",\\s*\"current_gain_error\" : 4.0E-4.*"),
                info);
        assertTrue(info.contains("\"noise_seed\" : 1"), info);
        List<String> cells = Files.readAllLines(run.resolve("sim-cells.csv"));
        assertTrue(cells.get(0).endsWith(",Current Gain Error / 1,Current Offset / A,Voltage Gain Error / 1,Voltage Offset / V"),
                cells.get(0));
        assertFalse(cells.get(1).endsWith(",0,0,0,0"), "the channel's own errors: " + cells.get(1));
        List<String> rows = Files.readAllLines(run.resolve("data/ch-001.bdf.csv"));
        double current = Double.parseDouble(rows.get(rows.size() - 1).split(",")[2]);
        assertNotEquals(5.0, current, "a noisy reading of the 5 A setpoint");
        assertEquals(5.0, current, 0.003);

        Path bad = dir.resolve("rig.yaml");
        Files.writeString(bad, "accuracy: rig\ncurrent_gain: 3 %\n");
        Outcome refused = execute("run", recipe.toString(), "--sim", "1", "--accuracy", bad.toString(),
                "--run-dir", dir.resolve("r2").toString());
        assertEquals(2, refused.exit());
        assertEquals("--accuracy: " + bad + ":2:15: 'current_gain' of '3 %' is beyond any working instrument "
                + "(expected at most 1 %)", refused.err().strip());
    }

    @Test
    void aTrayWithAnEmptyPocketShowsItsMapRunsTheOthersAndSaysSo() throws Exception {
        Path recipe = dir.resolve("short.yaml");
        Files.writeString(recipe, """
                recipe: short
                cell: {nominal_capacity: 5 Ah, chemistry: NMC}
                steps:
                  - Charge at 1C for 1 minute
                """);
        Path cells = dir.resolve("cells.csv");
        Files.writeString(cells, "1,A1\n2,A2\n3,\n4,A4\n");
        Path run = dir.resolve("run");
        Outcome outcome = execute("run", recipe.toString(), "--sim", "4", "--cells", cells.toString(),
                "--run-dir", run.toString(), "--plain");
        assertEquals(0, outcome.exit(), outcome.err());
        String out = outcome.out();
        int map = out.indexOf("channel -> barcode:\n  1-2       A1..A2\n  3         (empty pocket, not run)\n"
                + "  4         A4\n");
        assertTrue(map >= 0, out);
        assertTrue(map < out.indexOf("3 channels: 3 done"), "the map comes before the run: " + out);
        assertTrue(out.contains("empty pockets, not run: channel 3\n"), out);
        assertTrue(out.matches("(?s).*\\n\\s+4\\s+A4\\s+DONE.*"), out);
        assertFalse(Files.exists(run.resolve("data/ch-003.bdf.csv")), "an empty pocket does not run");
        assertTrue(Files.exists(run.resolve("data/ch-004.bdf.csv")));
        assertTrue(Files.readString(run.resolve("run.json")).matches("(?s).*\"empty_pockets\" : \\[ 3 \\].*"),
                Files.readString(run.resolve("run.json")));
    }

    @Test
    void statusOfAFinishedRunShowsItsFinalStateFromItsFilesAndExitsZero() throws Exception {
        Path recipe = dir.resolve("short.yaml");
        Files.writeString(recipe, """
                recipe: short
                cell: {nominal_capacity: 5 Ah, chemistry: NMC}
                steps:
                  - Charge at 1C for 2 minutes
                  - Discharge at 1C for 1 minute
                """);
        Path run = dir.resolve("run");
        assertEquals(0, execute("run", recipe.toString(), "--sim", "2", "--run-dir", run.toString(), "--plain").exit());
        List<String> rows = Files.readAllLines(run.resolve("data/ch-002.bdf.csv"));
        String[] last = rows.get(rows.size() - 1).split(",");
        Outcome status = execute("status", run.toString());
        assertEquals(0, status.exit(), status.err());
        String voltage = String.format(Locale.ROOT, "%.4f", Double.parseDouble(last[1]));
        String current = String.format(Locale.ROOT, "%.4f", Double.parseDouble(last[2]));
        assertTrue(status.out().matches("(?s).*\\n\\s+2\\s+SIM1-002\\s+DONE\\s+2\\s+2\\s+0\\s+" + voltage.replace(".", "\\.")
                + "\\s+" + current.replace(".", "\\.") + "\\s.*"), status.out());
        assertTrue(status.out().contains("run ended FINISHED"), status.out());
        Outcome json = execute("status", run.toString(), "--format", "json");
        assertEquals(0, json.exit(), json.err());
        assertTrue(json.out().contains("\"state\":\"DONE\""), json.out());

        Path info = run.resolve("run.json");
        Files.writeString(info, Files.readString(info).replace("\"FINISHED\"", "\"RUNNING\""));
        Outcome died = execute("status", run.toString());
        assertEquals(1, died.exit(), "a run whose controller died is not a finished run");
        assertTrue(died.out().contains("cycler resume"), died.out());
    }

    @Test
    void completionScriptsAreGeneratedForBashAndZsh() {
        Outcome bash = execute("completion", "bash");
        assertEquals(0, bash.exit(), bash.err());
        assertTrue(bash.out().contains("complete -F"), bash.out());
        for (String command : List.of("run", "status", "grade", "completion")) {
            assertTrue(bash.out().contains(command), command);
        }
        assertTrue(bash.out().contains("--cells"), "options complete too");
        Outcome zsh = execute("completion", "zsh");
        assertEquals(0, zsh.exit(), zsh.err());
        assertTrue(zsh.out().startsWith(CompletionCommand.ZSH_PREAMBLE), zsh.out());
        assertTrue(zsh.out().endsWith(bash.out()));
        assertEquals(2, execute("completion", "fish").exit());
    }
}
