package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.cycler.bench.Latency;
import org.cycler.bench.StationWebBench;
import org.cycler.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code cycler bench station} without a browser: its argument checks and the shape of what it prints and writes. */
class BenchStationCommandTest {

    @TempDir
    Path dir;

    private static void refused(String expected, String... args) {
        CommandLineTest.Outcome o = CommandLineTest.execute(args);
        assertEquals(2, o.exit(), o.err());
        assertTrue(o.err().contains(expected), o.err());
        assertEquals(1, o.err().strip().lines().count(), "one line, no stack trace: " + o.err());
        assertEquals("", o.out(), "nothing measured");
    }

    @Test
    void badCountsAndAMissingBrowserAreOneLineErrorsBeforeAnythingRuns() {
        refused("--channels: 0 (expected at least 1)", "bench", "station", "--channels", "0");
        refused("--pages: 0 (expected at least 1)", "bench", "station", "--pages", "0");
        refused("--seconds: -1 (expected at least 1)", "bench", "station", "--seconds", "-1");
        refused("--chromium: " + dir.resolve("no-browser") + " is not an executable browser", "bench", "station",
                "--chromium", dir.resolve("no-browser").toString());
    }

    private static StationWebBench.Result result(long... updates) {
        Latency l = new Latency(600, 0.1, 1.5, 4.0, 9.0);
        Latency late = new Latency(600, 0.1, 3.0, 12.0, 30.0);
        return new StationWebBench.Result(512, 2, 60, 100, "SCPI emulator over TCP",
                new StationWebBench.Phase(0, 600, 0, l, l, l, l, List.of(), 3.0, 0,
                        "at real-time priority (SCHED_FIFO 20)", "at normal priority"),
                new StationWebBench.Phase(2, 600, 0, late, l, l, l,
                        java.util.Arrays.stream(updates).boxed().toList(), 9.0, 41.5,
                        "at real-time priority (SCHED_FIFO 20)", "at normal priority"),
                new double[] {1.5, 1.7});
    }

    @Test
    void theFiguresOfBothRunsArePrintedBesideTheTargetsAndWrittenAsSnakeCaseJson() throws Exception {
        StringWriter text = new StringWriter();
        BenchStationCommand.print(new PrintWriter(text, true), result(120, 130));
        String printed = text.toString();
        assertTrue(printed.contains("no page: 600 ticks, 0 missed; CPU % of the machine: station and emulator 3.0, pages 0.0"), printed);
        assertTrue(printed.contains("2 pages: 600 ticks, 0 missed; CPU % of the machine: station and emulator 9.0, pages 41.5"), printed);
        assertTrue(printed.contains("tray changes seen per page: 120, 130"), printed);
        assertTrue(printed.contains("control loop at real-time priority (SCHED_FIFO 20); emulator at normal priority"),
                printed);
        assertEquals(2, printed.lines().filter(l -> l.strip().startsWith("hiccup floor")).count(), printed);
        assertEquals(1, printed.lines().filter(l -> l.endsWith("held")).count(), printed);
        assertEquals(1, printed.lines().filter(l -> l.endsWith("missed")).count(), printed);

        Path out = dir.resolve("station.json");
        BenchOutput.writeJson(out, result(120, 130));
        JsonNode json = Json.MAPPER.readTree(out.toFile());
        assertEquals(512, json.path("channels").asInt());
        assertEquals(3.0, json.path("with_pages").path("lateness").path("p99_ms").asDouble());
        assertEquals(1.5, json.path("with_pages").path("hiccup_floor").path("p99_ms").asDouble());
        assertEquals(130, json.path("with_pages").path("page_updates").path(1).asLong());
        assertEquals(0, json.path("without_pages").path("pages").asInt());
        assertEquals(1.7, json.path("load_average").path(1).asDouble());
        assertEquals(41.5, json.path("with_pages").path("pages_cpu_percent").asDouble());
        assertEquals("at real-time priority (SCHED_FIFO 20)", json.path("with_pages").path("loop_priority").asText());
    }

    @Test
    void aPageThatSawNoChangeDidNotStream() {
        assertTrue(result(120, 130).pagesStreamed());
        assertTrue(!result(120, 0).pagesStreamed());
        StringWriter text = new StringWriter();
        BenchStationCommand.print(new PrintWriter(text, true), result(120, 0));
        assertTrue(text.toString().contains("did not stream"), text.toString());
    }
}
