package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the controller at random moments of a simulated formation, then {@code cycler
 * resume}, compared with an uninterrupted run of the same seed: same rows (every column but the
 * wall clock), same cycles, same journal; no duplicated, torn or missing row. The number of kills
 * is {@code -Dcycler.kills=N} (default 4); a summary goes to target/crash-resume.txt.
 */
class CrashResumeIT {

    private static final String RECIPE = "protocols/nmc-formation.yaml";
    private static final int CHANNELS = 8;
    private static final int UNIX_TIME_COLUMN = BdfColumns.ALL.indexOf(BdfColumns.UNIX_TIME);

    @TempDir
    static Path temp;
    private static Path reference;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        reference = temp.resolve("reference");
        JarProcess.Result result = JarProcess.run(temp, "run", "--accuracy", "ideal", RECIPE, "--sim", Integer.toString(CHANNELS),
                "--speed", "max", "--plain", "--run-dir", reference.toString());
        assertEquals(0, result.exit(), result.err());
    }

    @Test
    void killedRunsResumeToTheSameData() throws Exception {
        int kills = Integer.getInteger("cycler.kills", 4);
        Random random = new Random(20261126);
        int killed = 0;
        int finishedBeforeKill = 0;
        List<Double> killPointsH = new ArrayList<>();
        int killedBeforeStart = 0;
        int killedWhileResuming = 0;
        long rowsCompared = 0;
        for (int k = 0; k < kills; k++) {
            Path run = temp.resolve("killed-" + k);
            Process p = JarProcess.start(temp, "run", "--accuracy", "ideal", RECIPE, "--sim", Integer.toString(CHANNELS), "--speed", "max",
                    "--plain", "--run-dir", run.toString());
            if (!killAfter(p, 600 + random.nextInt(4400))) {
                finishedBeforeKill++;
            } else {
                killed++;
            }
            if (!Files.exists(run.resolve("run.json"))) {
                killedBeforeStart++;
                continue;
            }
            double reached = 0;
            for (int ch = 1; ch <= CHANNELS; ch++) {
                reached = Math.max(reached, lastRowTime(run, ch));
            }
            killPointsH.add(reached / 3600);
            if (k % 2 == 1) {
                Process resume = JarProcess.start(temp, "resume", run.toString(), "--plain");
                if (killAfter(resume, 300 + random.nextInt(1500))) {
                    killedWhileResuming++;
                }
            }
            JarProcess.Result resumed = JarProcess.run(temp, "resume", run.toString(), "--plain");
            assertTrue(resumed.exit() == 0 || resumed.err().contains("ended FINISHED"), resumed.err());
            rowsCompared += compare(run);
        }
        List<Double> sorted = killPointsH.stream().sorted().toList();
        String summary = String.format(Locale.ROOT,
                "runs started: %d; killed with kill -9: %d (%d before the run directory existed); finished before the "
                        + "kill: %d; resumes also killed with kill -9: %d%n"
                        + "test time reached at the kill (data on disk), hours: %s%n"
                        + "rows compared with the uninterrupted run: %d; rows lost: 0; duplicated: 0; torn: 0%n",
                kills, killed, killedBeforeStart, finishedBeforeKill, killedWhileResuming,
                sorted.stream().map(h -> String.format(Locale.ROOT, "%.1f", h)).toList(), rowsCompared);
        Files.writeString(Path.of("target", "crash-resume.txt"), summary);
    }

    @Test
    void aRunAtASpeedFactorKilledAndResumedMatchesTheUninterruptedRunAtAnySpeed() throws Exception {
        Path run = temp.resolve("paced");
        Process p = JarProcess.start(temp, "run", "--accuracy", "ideal", RECIPE, "--sim", Integer.toString(CHANNELS), "--speed", "20000",
                "--plain", "--run-dir", run.toString());
        assertTrue(killOnceDataReaches(p, run, 4 * 3600), "killed mid-run");
        Process resume = JarProcess.start(temp, "resume", run.toString(), "--plain");
        assertTrue(killOnceDataReaches(resume, run, 12 * 3600), "the resume at the run's own speed killed mid-run");
        JarProcess.Result resumed = JarProcess.run(temp, "resume", run.toString(), "--speed", "max", "--plain");
        assertEquals(0, resumed.exit(), resumed.err());
        compare(run);
    }

    /** Test time of channel {@code ch}'s last complete row; -Infinity until the run has its run.json. */
    private static double lastRowTime(Path run, int ch) throws Exception {
        if (!Files.isRegularFile(run.resolve("run.json"))) {
            return Double.NEGATIVE_INFINITY;
        }
        return new RunReader(RunDirectory.open(run)).lastRowTime(ch);
    }

    /** SIGKILLs {@code p} once every data file of {@code run} holds rows past {@code testTimeS}; false if it ended. */
    private static boolean killOnceDataReaches(Process p, Path run, double testTimeS) throws Exception {
        while (p.isAlive()) {
            double reached = Double.POSITIVE_INFINITY;
            for (int ch = 1; ch <= CHANNELS; ch++) {
                reached = Math.min(reached, lastRowTime(run, ch));
            }
            if (reached > testTimeS) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                return true;
            }
            p.waitFor(50, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    /** SIGKILLs {@code p} after {@code millis} unless it ended first; true when it was killed. */
    private static boolean killAfter(Process p, long millis) throws InterruptedException {
        if (p.waitFor(millis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        return true;
    }

    /** Checks every file of {@code run} against the reference; returns the rows compared. */
    private static long compare(Path run) throws IOException {
        assertTrue(Files.readString(run.resolve("run.json")).contains("\"FINISHED\""), run + " finished");
        long rows = 0;
        for (int ch = 1; ch <= CHANNELS; ch++) {
            List<String> expected = Files.readAllLines(reference.resolve("data").resolve(BdfColumns.fileName(ch)));
            List<String> actual = Files.readAllLines(run.resolve("data").resolve(BdfColumns.fileName(ch)));
            assertEquals(expected.size(), actual.size(), run + " channel " + ch + ": no row lost or duplicated");
            Set<String> times = new HashSet<>();
            double previous = Double.NEGATIVE_INFINITY;
            for (int i = 1; i < actual.size(); i++) {
                String[] got = actual.get(i).split(",", -1);
                assertEquals(BdfColumns.ALL.size(), got.length, run + " ch " + ch + " row " + i + " is whole");
                double t = Double.parseDouble(got[0]);
                assertTrue(t > previous && times.add(got[0]), run + " ch " + ch + " row " + i + ": monotonic, unique");
                previous = t;
                assertEquals(withoutUnixTime(expected.get(i)), withoutUnixTime(actual.get(i)),
                        run + " ch " + ch + " row " + i);
            }
            rows += actual.size() - 1;
        }
        assertEquals(Files.readAllLines(reference.resolve("journal.log")), Files.readAllLines(run.resolve("journal.log")),
                run + " journal");
        assertEquals(Files.readString(reference.resolve("cycles.csv")), Files.readString(run.resolve("cycles.csv")),
                run + " cycles.csv");
        return rows;
    }

    private static String withoutUnixTime(String row) {
        List<String> cells = new ArrayList<>(List.of(row.split(",", -1)));
        cells.remove(UNIX_TIME_COLUMN);
        return String.join(",", cells);
    }
}
