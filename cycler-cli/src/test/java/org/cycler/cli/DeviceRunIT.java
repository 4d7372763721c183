package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.cycler.core.store.BdfColumns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shipped recipe over the wire: {@code cycler emulate} on a TCP port and on a pseudo-terminal,
 * {@code cycler run --device} against each, all as processes, compared cell by cell with
 * {@code cycler run --sim} on the same seed. Both sides run at {@value #SPEED}x real time with a
 * one-second tick, so the 90-minute capacity check takes under half a minute of wall time; the two
 * device runs go one after the other, so that neither shares the cores with the other. The factor
 * is modest on purpose: a control loop the shared machine
 * stalls for 50 ms reads the cells 10 s of cell time late, which a CC-CV end absorbs; at 2000x it
 * would be 100 s, enough for a 2C discharge to run past the safety limit.
 */
class DeviceRunIT {

    static final String SPEED = "200";
    static final String RECIPE = "protocols/nmc-capacity-check.yaml";
    static final String TICK = "1s";
    static final String CHANNELS = "8";
    /** The `measure: capacity` step of {@link #RECIPE}. */
    static final String CAPACITY_STEP = "4";
    static final Duration RUN_LIMIT = Duration.ofMinutes(4);
    static final Duration START_LIMIT = Duration.ofSeconds(30);

    @TempDir
    static Path temp;
    static Path simDir;
    static Path tcpDir;
    static Path ptyDir;
    static CyclerProcess.Result simRun;
    static CyclerProcess.Result tcpRun;
    static CyclerProcess.Result ptyRun;
    static CyclerProcess tcpDevice;
    static CyclerProcess ptyDevice;

    @BeforeAll
    static void runTheFormationThreeWays() throws Exception {
        simDir = temp.resolve("sim");
        tcpDir = temp.resolve("tcp");
        ptyDir = temp.resolve("pty");
        simRun = CyclerProcess.run(temp, RUN_LIMIT, "run", "--accuracy", "ideal", RECIPE, "--sim", CHANNELS,
                "--tick", TICK, "--plain", "--run-dir", simDir.toString());
        tcpDevice = CyclerProcess.start(temp, "emulate", "--accuracy", "ideal", "--channels", CHANNELS, "--tcp", "0", "--speed", SPEED);
        ptyDevice = CyclerProcess.start(temp, "emulate", "--accuracy", "ideal", "--channels", CHANNELS, "--pty", "--speed", SPEED);
        String port = tcpDevice.awaitOutput("^tcp: tcp:127\\.0\\.0\\.1:(\\d+)$", START_LIMIT);
        String pty = ptyDevice.awaitOutput("^pty: (serial:\\S+)$", START_LIMIT);
        tcpRun = CyclerProcess.run(temp, RUN_LIMIT, "run", RECIPE, "--device", "tcp:127.0.0.1:" + port,
                "--speed", SPEED, "--tick", TICK, "--plain", "--run-dir", tcpDir.toString());
        ptyRun = CyclerProcess.run(temp, RUN_LIMIT, "run", RECIPE, "--device", pty,
                "--speed", SPEED, "--tick", TICK, "--plain", "--run-dir", ptyDir.toString());
    }

    @AfterAll
    static void stopTheEmulators() throws Exception {
        for (CyclerProcess device : new CyclerProcess[] {tcpDevice, ptyDevice}) {
            if (device != null) {
                device.destroy();
            }
        }
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    /** Each channel's graded capacity: the discharge capacity of the `measure: capacity` step. */
    static Map<Integer, Double> capacities(Path runDir) throws IOException {
        return capacities(runDir, Integer.parseInt(CHANNELS), CAPACITY_STEP);
    }

    /** The discharge capacity of step {@code capacityStep} on channels 1..{@code channels}. */
    static Map<Integer, Double> capacities(Path runDir, int channels, String capacityStep) throws IOException {
        Map<Integer, Double> capacity = new TreeMap<>();
        for (int ch = 1; ch <= channels; ch++) {
            capacity.put(ch, csv(runDir.resolve("data").resolve(BdfColumns.fileName(ch))).stream()
                    .filter(r -> r.get(BdfColumns.STEP_ID).equals(capacityStep))
                    .mapToDouble(r -> Double.parseDouble(r.get(BdfColumns.STEP_DISCHARGING_CAPACITY))).max().orElse(Double.NaN));
        }
        return capacity;
    }

    private static void assertSameCapacitiesAsTheSimulator(CyclerProcess.Result run, Path runDir) throws IOException {
        assertEquals(0, simRun.exit(), simRun.err());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains(CHANNELS + " channels: " + CHANNELS + " done"), run.out());
        Map<Integer, Double> expected = capacities(simDir);
        Map<Integer, Double> measured = capacities(runDir);
        double worst = 0;
        for (Map.Entry<Integer, Double> cell : expected.entrySet()) {
            assertEquals(cell.getValue(), measured.get(cell.getKey()), cell.getValue() * 0.005,
                    "channel " + cell.getKey() + ": simulator " + expected + ", device " + measured);
            worst = Math.max(worst, Math.abs(measured.get(cell.getKey()) / cell.getValue() - 1));
        }
        System.out.printf(Locale.ROOT, "%s: graded capacities within %.4f %% of --sim; %s%n", runDir.getFileName(),
                worst * 100, run.out().lines().filter(l -> l.startsWith("test time")).findFirst().orElse(""));
    }

    @Test
    void formationOverTcpGivesTheSimulatorsCapacities() throws IOException {
        assertSameCapacitiesAsTheSimulator(tcpRun, tcpDir);
    }

    @Test
    void formationOverAPseudoTerminalGivesTheSimulatorsCapacities() throws IOException {
        assertSameCapacitiesAsTheSimulator(ptyRun, ptyDir);
    }

    @Test
    void aDeviceRunDirectoryIsTheSimulatorsKindNamingTheDeviceWithoutSimulatedCells() throws IOException {
        for (Path dir : new Path[] {tcpDir, ptyDir}) {
            String info = Files.readString(dir.resolve("run.json"));
            assertTrue(info.contains("\"model\" : \"EMU-8\"") || info.contains("\"model\":\"EMU-8\""), info);
            assertTrue(info.contains("\"device\""), info);
            assertTrue(info.contains("FINISHED"), info);
            assertFalse(Files.exists(dir.resolve("sim-cells.csv")));
            assertTrue(Files.isRegularFile(dir.resolve("journal.log")));
            assertTrue(Files.isRegularFile(dir.resolve("cycles.csv")));
            try (Stream<Path> files = Files.list(dir.resolve("data"))) {
                List<Path> data = files.sorted().toList();
                assertEquals(Integer.parseInt(CHANNELS), data.size());
                assertEquals(String.join(",", BdfColumns.ALL), Files.readAllLines(data.get(0)).get(0));
            }
        }
    }

    @Test
    void pullingTheDeviceAwayFaultsEveryChannelWithinTheRetryBudgetAndEndsTheRun() throws Exception {
        Path devices = temp.resolve("devices.yaml");
        CyclerProcess tcpGone = CyclerProcess.start(temp, "emulate", "--channels", "4", "--tcp", "0", "--speed", SPEED);
        CyclerProcess ptyGone = CyclerProcess.start(temp, "emulate", "--channels", "4", "--pty", "--speed", SPEED);
        String port = tcpGone.awaitOutput("^tcp: tcp:127\\.0\\.0\\.1:(\\d+)$", START_LIMIT);
        String pty = ptyGone.awaitOutput("^pty: (serial:\\S+)$", START_LIMIT);
        Files.writeString(devices, "lab-a:\n  address: \"tcp:127.0.0.1:" + port + "\"\n  description: rack A\n"
                + "lab-b: {address: \"" + pty + "\"}\n");
        CyclerProcess[] runs = new CyclerProcess[2];
        Path[] dirs = {temp.resolve("gone-tcp"), temp.resolve("gone-pty")};
        String[] names = {"lab-a", "lab-b"};
        for (int k = 0; k < 2; k++) {
            runs[k] = CyclerProcess.start(temp, "run", RECIPE, "--device", names[k], "--devices",
                    devices.toString(), "--speed", SPEED, "--tick", TICK, "--plain", "--run-dir", dirs[k].toString());
            runs[k].awaitOutput("^(run .* channels of Cycler,EMU-4)", START_LIMIT);
        }
        Thread.sleep(2000);
        tcpGone.kill();
        ptyGone.kill();
        long pulled = System.nanoTime();
        for (int k = 0; k < 2; k++) {
            CyclerProcess.Result result = runs[k].finish(Duration.ofSeconds(60));
            Duration took = Duration.ofNanos(System.nanoTime() - pulled);
            assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, names[k] + " ended " + took + " after the pull");
            assertEquals(CyclerCommand.EXIT_FAILURE, result.exit(), result.out() + result.err());
            assertTrue(result.out().contains("4 channels: 4 fault"), result.out());
            assertTrue(result.out().contains("communication loss"), result.out());
            String[] err = result.err().strip().split("\n");
            assertEquals(1, err.length, result.err());
            assertTrue(err[0].startsWith("cycler: lost the device at "), err[0]);
            assertFalse(result.err().contains("Exception"), result.err());
            assertTrue(Files.readString(dirs[k].resolve("run.json")).contains("FAILED"));
        }
    }

    @Test
    void wrongDeviceOptionsAreOneLineWithExitCode2() throws Exception {
        String recipe = "protocols/nmc-formation.yaml";
        String[][] cases = {
            {"run", recipe},
            {"run", recipe, "--sim", "2", "--device", "tcp:127.0.0.1:5025"},
            {"run", recipe, "--device", "tcp:127.0.0.1:5025", "--speed", "max"},
            {"run", recipe, "--device", "tcp:127.0.0.1:5025", "--seed", "3"},
            {"run", recipe, "--device", "tcp:127.0.0.1"},
            {"run", recipe, "--device", "lab-z"},
            {"run", recipe, "--device", "lab-z", "--devices", temp.resolve("none.yaml").toString()},
            {"emulate", "--channels", "4"},
            {"emulate", "--channels", "4", "--tcp", "0", "--speed", "max"},
        };
        for (String[] args : cases) {
            CyclerProcess.Result result = CyclerProcess.run(temp, Duration.ofSeconds(30), args);
            String what = String.join(" ", args);
            assertEquals(2, result.exit(), what + ": " + result.out() + result.err());
            assertEquals(1, result.err().strip().split("\n").length, what + ": " + result.err());
            assertFalse(result.err().contains("Exception"), what + ": " + result.err());
        }
    }

    @Test
    void aDeviceThatIsNotThereIsOneLineWithExitCode1() throws Exception {
        CyclerProcess.Result result = CyclerProcess.run(temp, Duration.ofSeconds(30), "run", "protocols/nmc-formation.yaml",
                "--device", "serial:/dev/cycler-no-such-port", "--run-dir", temp.resolve("nothing").toString());
        assertEquals(1, result.exit(), result.err());
        assertTrue(result.err().startsWith("cycler: cannot connect to serial:/dev/cycler-no-such-port: "), result.err());
        assertEquals(1, result.err().strip().split("\n").length, result.err());
        assertFalse(Files.exists(temp.resolve("nothing")), "no run directory for a run that never started");
    }

    @Test
    void withoutSocatThePseudoTerminalIsRefusedInOneLine() throws Exception {
        CyclerProcess.Result result = CyclerProcess.start(temp, Map.of("PATH", "/nonexistent"), "emulate",
                "--channels", "2", "--pty").finish(Duration.ofSeconds(30));
        assertEquals(2, result.exit(), result.err());
        assertTrue(result.err().strip().matches("--pty: a pseudo-terminal needs socat, which is not installed.*"), result.err());
    }

    @Test
    void devicesListsTheConfiguredDevicesWhetherEachCanBeReachedAndTheSerialPorts() throws Exception {
        Path devices = temp.resolve("listed.yaml");
        try (java.net.ServerSocket listening = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Files.writeString(devices, "lab-a: {address: \"tcp:127.0.0.1:" + listening.getLocalPort()
                    + "\", description: formation rack 1}\n"
                    + "bench: {address: \"serial:/dev/ttyNONE7?baud=9600\"}\n");
            CyclerProcess.Result result = CyclerProcess.run(temp, Duration.ofSeconds(30), "devices", "--devices",
                    devices.toString());
            assertEquals(0, result.exit(), result.err());
            assertTrue(result.out().matches("(?s).*lab-a  tcp:127\\.0\\.0\\.1:\\d+ +reachable +formation rack 1\n.*"),
                    result.out());
            assertTrue(result.out().matches("(?s).*bench  serial:/dev/ttyNONE7\\?baud=9600 +unreachable.*\n +serial:/dev/ttyNONE7: "
                    + "no such port\n.*"), result.out());
            assertTrue(result.out().contains("serial ports:"), result.out());
        }
    }
}
