package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Modbus side checked against code the project did not write, pymodbus (Debian's
 * python3-pymodbus, which bin/install-test-tools.sh installs), both ways, by the shipped register
 * map alone: pymodbus's client reads and drives {@code cycler emulate --protocol modbus}, and
 * {@code cycler run --device modbus:...} drives a pymodbus server through a short recipe, whose
 * setpoint registers then show what the recipe asked for. The scripts are in
 * src/test/resources/modbus.
 */
class ModbusPeerIT {

    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPTS = Path.of("src", "test", "resources", "modbus").toAbsolutePath();
    static final String PROFILE = "protocols/modbus-cabinet.yaml";
    static final Duration START_LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private Process python(Path log, String script, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON, SCRIPTS.resolve(script).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(CyclerProcess.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    @Test
    void pymodbusReadsAndDrivesTheEmulatorByTheRegisterMap() throws Exception {
        assertTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is needed (with python3-pymodbus)");
        CyclerProcess device = CyclerProcess.start(temp, "emulate", "--accuracy", "ideal", "--protocol", "modbus", "--channels", "4", "--tcp", "0");
        try {
            String port = device.awaitOutput("^tcp: modbus:tcp:127\\.0\\.0\\.1:(\\d+)\\?profile=", START_LIMIT);
            Path log = temp.resolve("pymodbus-client.txt");
            Process client = python(log, "read_emulator.py", "127.0.0.1", port, PROFILE, "4");
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the pymodbus client did not finish");
            String output = Files.readString(log);
            assertEquals(0, client.exitValue(), output);
            assertTrue(output.strip().endsWith("ALL CHECKS PASSED"), output);
        } finally {
            device.destroy();
        }
    }

    @Test
    void aRecipeRunOnAPymodbusServerLeavesTheSetpointsItAskedFor() throws Exception {
        Path recipe = temp.resolve("peer.yaml");
        Files.writeString(recipe, """
                recipe: Modbus peer check
                cell: {nominal_capacity: 5.0 Ah, chemistry: NMC}
                safety: {voltage: [2.5 V, 4.25 V], current: 10 A, temperature: [-10 degC, 60 degC]}
                logging: {period: 1 s}
                steps:
                  - Charge at 1.5 A for 2 seconds
                  - Rest for 1 second
                  - Discharge at 2 A for 2 seconds
                  - Discharge at 4 W for 1 second
                """);
        Path log = temp.resolve("pymodbus-server.txt");
        Process server = python(log, "serve_profile.py", PROFILE, "2");
        try {
            String port = awaitLine(log, server, Pattern.compile("^port (\\d+)$"));
            CyclerProcess.Result run = CyclerProcess.run(temp, Duration.ofSeconds(90), "run", recipe.toString(), "--device",
                    "modbus:tcp:127.0.0.1:" + port + "?profile=" + PROFILE, "--plain", "--run-dir", temp.resolve("run").toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(run.out().contains("2 channels: 2 done"), run.out());
            List<String> setpoints = Files.readAllLines(log).stream().filter(l -> l.startsWith("setpoint ch=1 ")).toList();
            List<String> asked = List.of(
                    "mode=rest current=0.000000",
                    "mode=cc current=1.500000",
                    "mode=rest current=0.000000",
                    "mode=cc current=-2.000000",
                    "mode=cp current=0.000000 voltage=0.000000 power=-4.000000",
                    "mode=rest current=0.000000");
            int k = 0;
            for (String line : setpoints) {
                if (k < asked.size() && line.contains(asked.get(k))) {
                    k++;
                }
            }
            assertEquals(asked.size(), k, "channel 1's setpoint writes, in order, were " + setpoints);
            assertTrue(Files.readAllLines(log).stream().anyMatch(l -> l.startsWith("setpoint ch=2 mode=cc current=-2.000000")),
                    "channel 2 runs the same recipe");
            assertFalse(run.err().contains("Exception"), run.err());
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String awaitLine(Path log, Process process, Pattern pattern) throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
            assertTrue(process.isAlive(), "the pymodbus server ended: " + Files.readString(log));
            Thread.sleep(50);
        }
        throw new AssertionError("the pymodbus server did not start: " + Files.readString(log));
    }
}
