package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cycler export} never writes into a run directory and never leaves a half-written file. */
class ExportCommandTest {

    @TempDir
    static Path dir;
    private static Path run;

    @BeforeAll
    static void shortRun() throws IOException {
        Path recipe = dir.resolve("short.yaml");
        Files.writeString(recipe, """
                recipe: short
                cell: {nominal_capacity: 5 Ah, chemistry: NMC}
                steps:
                  - Rest for 1 minute
                  - cycle: 2
                    steps:
                      - step: Charge at 1C for 10 minutes
                      - step: Discharge at 1C for 5 minutes
                """);
        run = dir.resolve("run");
        CommandLineTest.Outcome outcome = CommandLineTest.execute("run", recipe.toString(), "--sim", "2",
                "--speed", "max", "--run-dir", run.toString(), "--plain");
        assertEquals(0, outcome.exit(), outcome.err());
    }

    /** Every file under {@code root} and its bytes. */
    private static Map<Path, byte[]> snapshot(Path root) throws IOException {
        Map<Path, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertUnchanged(Map<Path, byte[]> before) throws IOException {
        Map<Path, byte[]> after = snapshot(run);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((p, bytes) -> assertArrayEquals(bytes, after.get(p), p.toString()));
    }

    private static void assertRefused(Map<Path, byte[]> before, Path out, String... args) throws IOException {
        CommandLineTest.Outcome outcome = CommandLineTest.execute(Stream.concat(Stream.of("export", run.toString()),
                Stream.concat(Stream.of(args), Stream.of("--out", out.toString()))).toArray(String[]::new));
        assertEquals(2, outcome.exit(), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertTrue(outcome.err().startsWith("--out: " + out + " resolves into the run directory"), outcome.err());
        assertUnchanged(before);
    }

    @Test
    void anOutputInsideTheRunIsRefusedAndTheRunStaysByteForByte() throws IOException {
        Map<Path, byte[]> before = snapshot(run);
        assertRefused(before, run.resolve("data/ch-002.bdf.csv"), "--channels", "1");
        assertRefused(before, run.resolve("run.json"));
        assertRefused(before, run.resolve("data"), "--format", "bdf-csv");
        assertRefused(before, run.resolve("new/deeper"), "--format", "bdf-csv");
    }

    @Test
    void aSymlinkToTheRunIsRefusedAndTheRunStaysByteForByte() throws IOException {
        Map<Path, byte[]> before = snapshot(run);
        Path link = Files.createSymbolicLink(dir.resolve("link-to-run"), run);
        assertRefused(before, link, "--format", "bdf-csv");
        Path fileLink = Files.createSymbolicLink(dir.resolve("cycles-link.csv"), run.resolve("cycles.csv"));
        assertRefused(before, fileLink);
    }

    @Test
    void anOutputInsideAnotherRunDirectoryIsRefused() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other-run/data"));
        Files.writeString(other.resolve("../run.json"), "{}");
        Map<Path, byte[]> before = snapshot(run);
        assertRefused(before, other.resolve("lot.csv"));
    }

    @Test
    void aFailedExportLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path broken = dir.resolve("broken");
        try (Stream<Path> walk = Files.walk(run)) {
            for (Path p : walk.toList()) {
                Path copy = broken.resolve(run.relativize(p));
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(p, copy);
                }
            }
        }
        List<String> rows = Files.readAllLines(broken.resolve("data/ch-002.bdf.csv"));
        Files.writeString(broken.resolve("data/ch-002.bdf.csv"), rows.get(0) + "\n" + rows.get(1).replaceFirst("^[^,]*",
                "=cmd()") + "\n");
        Path outDir = Files.createDirectories(dir.resolve("export-out"));
        Path target = outDir.resolve("lot.csv");
        Files.writeString(target, "kept");
        CommandLineTest.Outcome outcome = CommandLineTest.execute("export", broken.toString(), "--out", target.toString());
        assertEquals(2, outcome.exit(), outcome.err());
        assertEquals("kept", Files.readString(target));
        try (Stream<Path> files = Files.list(outDir)) {
            assertEquals(List.of(target), files.toList(), "no temporary file is left behind");
        }
        CommandLineTest.Outcome ok = CommandLineTest.execute("export", run.toString(), "--out", target.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(Files.readString(target).startsWith("Barcode,Channel,"));
        assertFalse(Files.exists(outDir.resolve(".lot.csv.tmp")));
    }
}
