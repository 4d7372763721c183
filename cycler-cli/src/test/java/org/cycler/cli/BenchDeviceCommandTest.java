package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cycler.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code cycler bench device}: the tick figures beside what the machine itself did meanwhile. */
class BenchDeviceCommandTest {

    @TempDir
    Path dir;

    @Test
    void theHiccupFloorAndTheStolenTimeAreMeasuredOverTheCountedTicks() throws Exception {
        Path json = dir.resolve("device.json");
        CommandLineTest.Outcome o = CommandLineTest.execute("bench", "device", "--channels", "4", "--ticks", "50",
                "--period", "1ms", "--out", json.toString());
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("hiccup floor"), o.out());
        JsonNode r = Json.MAPPER.readTree(json.toFile());
        assertEquals(50, r.get("full_tick").get("count").asLong());
        double counted = r.get("counted_s").asDouble();
        assertTrue(counted > 0.01 && counted < 30, "100 ticks 1 ms apart, late ones catching up: " + counted);
        long wakes = r.get("hiccup_floor").get("count").asLong();
        assertTrue(wakes >= 10 && wakes <= Math.round(counted * 1000) + 2,
                "the idle thread woke every period while the ticks were counted, and only then: " + wakes);
        if (Files.isReadable(Path.of("/proc/stat"))) {
            double stolen = r.get("stolen_cpu_s").asDouble();
            assertTrue(stolen >= 0 && stolen <= 2 * counted * Runtime.getRuntime().availableProcessors(),
                    "stolen CPU time is at most the cores' time: " + stolen);
            assertTrue(o.out().contains("CPU stolen by the hypervisor during the counted ticks: "), o.out());
        }
    }
}
