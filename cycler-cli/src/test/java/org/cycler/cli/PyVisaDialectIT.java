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
 * The emulator's dialect checked by a SCPI client the project did not write: PyVISA with its
 * pure-Python backend (Debian's python3-pyvisa-py, which .ci/run installs), over TCP and over the
 * pseudo-terminal. The client is src/test/resources/pyvisa/scpi_dialect_check.py.
 */
class PyVisaDialectIT {

    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("src", "test", "resources", "pyvisa", "scpi_dialect_check.py").toAbsolutePath();
    static final String CHANNELS = "16";

    @TempDir
    static Path temp;
    static CyclerProcess device;
    static String port;
    static String pty;

    @BeforeAll
    static void startTheEmulator() throws Exception {
        assertTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is needed (with python3-pyvisa-py)");
        device = CyclerProcess.start(temp, "emulate", "--accuracy", "ideal", "--channels", CHANNELS, "--tcp", "0", "--pty");
        port = device.awaitOutput("^tcp: tcp:127\\.0\\.0\\.1:(\\d+)$", Duration.ofSeconds(30));
        pty = device.awaitOutput("^pty: serial:(\\S+)$", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopTheEmulator() throws Exception {
        device.destroy();
    }

    private static String pyvisa(String resource) throws Exception {
        Path out = Files.createTempFile(temp, "pyvisa", ".txt");
        Process p = new ProcessBuilder(List.of(PYTHON, SCRIPT.toString(), resource, CHANNELS))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the PyVISA client did not finish");
        String output = Files.readString(out);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.strip().endsWith("ALL CHECKS PASSED"), output);
        return output;
    }

    @Test
    void pyvisaOverTcpFindsTheDialectAsDesigned() throws Exception {
        pyvisa("TCPIP::127.0.0.1::" + port + "::SOCKET");
    }

    @Test
    void pyvisaOverThePseudoTerminalFindsTheDialectAsDesigned() throws Exception {
        pyvisa("ASRL" + pty + "::INSTR");
    }
}
