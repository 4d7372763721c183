package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The station as a process and its command-line clients: submit, jobs, wait, a read token refused,
 * a bad config, and a kill -9 with a job in the queue, after which the restarted station still has
 * it queued and then runs it. A four-channel simulated device at 4000x real time, short recipes.
 */
class StationIT {

    static final Duration LIMIT = Duration.ofMinutes(2);
    static final String OPERATOR = "operator-0123456789abcdef";
    static final String READ = "read-0123456789abcdef";

    @TempDir
    Path temp;

    private Path config(Path data) throws Exception {
        Path tokens = temp.resolve("tokens.txt");
        Files.writeString(tokens, OPERATOR + " operator alice\n" + READ + " read wall\n");
        Files.setPosixFilePermissions(tokens, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path config = temp.resolve("station.yaml");
        Files.writeString(config, "data: " + data + "\nhttp: {port: 0}\ntokens: " + tokens + "\ndevices:\n"
                + "  - {name: rack, sim: 4, seed: 3, speed: 4000, tick: 1 s}\n");
        return config;
    }

    private Path recipe(String name, String rest) throws Exception {
        Path r = temp.resolve(name + ".yaml");
        Files.writeString(r, "recipe: " + name + "\ncell: {nominal_capacity: 5 Ah}\nsteps:\n  - Rest for " + rest
                + "\n  - Charge at 1C until 4.1 V\n  - step: Discharge at 1C until 3.0 V\n    measure: capacity\n");
        return r;
    }

    private CyclerProcess.Result client(String... args) throws Exception {
        return CyclerProcess.start(temp, Map.of("CYCLER_TOKEN", OPERATOR), args).finish(LIMIT);
    }

    @Test
    void aJobQueuedWhenTheStationIsKilledIsStillQueuedAfterARestartAndThenRuns() throws Exception {
        Path data = temp.resolve("data");
        Path config = config(data);
        CyclerProcess station = CyclerProcess.start(temp, "station", config.toString());
        String url = station.awaitOutput("^station ready on (http://127\\.0\\.0\\.1:\\d+)$", LIMIT);
        Path longRun = recipe("long", "1000 hours");
        CyclerProcess.Result first = client("submit", longRun.toString(), "--station", url, "--device", "rack",
                "--channels", "1-2", "--lot", "L7");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().strip().matches("1 \\S+job-1"), first.out());
        CyclerProcess.Result queued = client("submit", recipe("short", "1 minute").toString(), "--station", url,
                "--device", "rack", "--channels", "2-3");
        assertEquals(0, queued.exit(), queued.err());

        CyclerProcess.Result refused = CyclerProcess.start(temp, Map.of("CYCLER_TOKEN", READ), "submit",
                longRun.toString(), "--station", url, "--device", "rack", "--channels", "4").finish(LIMIT);
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("403") && refused.err().lines().count() == 1, refused.err());

        CyclerProcess.Result jobs = client("jobs", "--station", url, "--format", "json");
        assertTrue(jobs.out().contains("\"state\":\"RUNNING\"") && jobs.out().contains("\"state\":\"QUEUED\""),
                jobs.out());
        CyclerProcess second = CyclerProcess.start(temp, "station", config.toString());
        CyclerProcess.Result twice = second.finish(LIMIT);
        assertEquals(2, twice.exit());
        assertTrue(twice.err().contains(data + ": another station holds this data folder"), twice.err());

        station.kill();

        CyclerProcess restarted = CyclerProcess.start(temp, "station", config.toString());
        try {
            String again = restarted.awaitOutput("^station ready on (http://127\\.0\\.0\\.1:\\d+)$", LIMIT);
            CyclerProcess.Result after = client("jobs", "--station", again, "--format", "json");
            assertTrue(after.out().contains("\"id\":2,\"state\":\"QUEUED\""), after.out());
            assertTrue(after.out().contains("\"id\":1,\"state\":\"RUNNING\""), "the simulated job continues: "
                    + after.out());
            assertEquals(0, client("stop", "1", "--station", again).exit());
            CyclerProcess.Result waited = client("wait", "2", "--station", again);
            assertEquals(0, waited.exit(), waited.out() + waited.err());
            assertEquals("job 2 DONE", waited.out().strip());
            CyclerProcess.Result ended = client("status", "2", "--station", again);
            assertEquals(0, ended.exit(), ended.err());
            assertEquals(2, ended.out().lines().filter(l -> l.matches("^\\s+[23]\\s.*\\sDONE\\s.*")).count(),
                    "an ended job's channels, from its files: " + ended.out());
            CyclerProcess.Result stopped = client("wait", "1", "--station", again);
            assertEquals(1, stopped.exit(), stopped.out());
            CyclerProcess.Result end = restarted.terminate(LIMIT);
            assertEquals(0, end.exit(), "SIGTERM is a clean stop: " + end.err());
            assertTrue(end.err().contains("station stopping: every output off"), end.err());
        } finally {
            restarted.destroy();
        }
    }

    @Test
    void aBadConfigIsOneLineAndExitTwo() throws Exception {
        Path config = temp.resolve("bad.yaml");
        Files.writeString(config, "data: d\ntokens: t\ndevices: [{name: a, sim: 0}]\n");
        CyclerProcess.Result bad = CyclerProcess.start(temp, "station", config.toString()).finish(LIMIT);
        assertEquals(2, bad.exit());
        assertEquals(config + ":3:26: 'sim' '0' (expected a whole number from 1 to 100000)", bad.err().strip());
    }

    @Test
    void aClientOfAStationThatIsNotThereSaysSoInOneLine() throws Exception {
        CyclerProcess.Result none = client("jobs", "--station", "http://127.0.0.1:9");
        assertEquals(1, none.exit());
        assertEquals(1, none.err().strip().lines().count(), none.err());
        assertTrue(none.err().contains("connection refused"), none.err());
    }
}
