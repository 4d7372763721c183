package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMU rack emulator checked by a client the project did not write: PyVISA with its
 * pure-Python backend (python3-pyvisa-py, which bin/install-test-tools.sh installs) speaks the
 * 2400-series commands to one instrument over TCP and another over its pseudo-terminal. The
 * client is src/test/resources/pyvisa/smu_2400_check.py.
 */
class PyVisaSmuIT {

    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("src", "test", "resources", "pyvisa", "smu_2400_check.py").toAbsolutePath();

    @TempDir
    static Path temp;
    static CyclerProcess device;
    static String tcp;
    static String pty;

    @BeforeAll
    static void startTheRack() throws Exception {
        assertTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is needed (with python3-pyvisa-py)");
        device = CyclerProcess.start(temp, "emulate", "--accuracy", "ideal", "--protocol", "smu", "--channels", "2", "--tcp", "0", "--pty");
        tcp = device.awaitOutput("^tcp: smu:tcp:127\\.0\\.0\\.1:(\\d+),tcp:127\\.0\\.0\\.1:\\d+$", Duration.ofSeconds(30));
        pty = device.awaitOutput("^pty: smu:serial:\\S+,serial:(\\S+)$", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopTheRack() throws Exception {
        device.destroy();
    }

    private static void pyvisa(String resource) throws Exception {
        Path out = Files.createTempFile(temp, "pyvisa", ".txt");
        Process p = new ProcessBuilder(List.of(PYTHON, SCRIPT.toString(), resource))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the PyVISA client did not finish");
        String output = Files.readString(out);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.strip().endsWith("ALL CHECKS PASSED"), output);
    }

    @Test
    void pyvisaOverTcpGetsTheDocumentedReplies() throws Exception {
        pyvisa("TCPIP::127.0.0.1::" + tcp + "::SOCKET");
    }

    @Test
    void pyvisaOverThePseudoTerminalGetsTheDocumentedReplies() throws Exception {
        pyvisa("ASRL" + pty + "::INSTR");
    }
}
