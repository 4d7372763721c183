package org.cycler.core.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.schedule.ChannelEvent;
import org.cycler.core.schedule.CycleSummary;
import org.cycler.core.schedule.RecipeProgram;
import org.cycler.core.schedule.RunClock;
import org.cycler.core.schedule.RunRecorder;
import org.cycler.core.schedule.Sample;
import org.cycler.core.schedule.Scheduler;
import org.cycler.core.store.CellRoster;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control socket serves everyone at once and gives up on whoever says nothing. */
@Timeout(120)
class ControlServerTest {

    @TempDir
    Path run;

    private static Scheduler scheduler() throws RecipeException {
        RunClock clock = RunClock.virtual();
        SimulatedCycler sim = new SimulatedCycler(clock.ticker(), List.of(Chemistry.NMC.typicalCell(5)), 25);
        RunRecorder none = new RunRecorder() {
            @Override
            public void sample(Sample sample) {
            }

            @Override
            public void cycle(CycleSummary cycle) {
            }

            @Override
            public void event(ChannelEvent event) {
            }
        };
        return new Scheduler(sim, new RecipeProgram(RecipeParser.parse("recipe: r\nsteps: [Rest for 1 h]\n", "r.yaml")),
                new int[] {1}, clock, Duration.ofSeconds(1), none, 0);
    }

    private ControlServer server(Duration readTimeout) throws Exception {
        return ControlServer.start(run, scheduler(), new CellRoster(new TreeMap<>(java.util.Map.of(1, "A1"))), "run-1",
                "r", readTimeout);
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(ControlSocket.of(run)));
        return channel;
    }

    @Test
    void silentClientsDoNotKeepOthersFromStatusAndStop() throws Exception {
        try (ControlServer server = server(Duration.ofMinutes(10))) {
            List<SocketChannel> silent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                silent.add(connect());
            }
            ControlMessages.Response status = ControlClient.send(run, ControlMessages.Command.STATUS, null).orElseThrow();
            assertTrue(status.ok());
            assertEquals("run-1", status.runId());
            assertTrue(ControlClient.send(run, ControlMessages.Command.STOP, new int[] {1}).orElseThrow().ok());
            for (SocketChannel s : silent) {
                s.close();
            }
        }
    }

    @Test
    void aSilentClientIsDisconnectedAfterTheReadTimeout() throws Exception {
        try (ControlServer server = server(Duration.ofMillis(50)); SocketChannel silent = connect()) {
            assertEquals(-1, silent.read(ByteBuffer.allocate(16)), "the server closes the connection");
            assertTrue(ControlClient.send(run, ControlMessages.Command.STATUS, null).orElseThrow().ok());
        }
    }

    @Test
    void theSocketFileIsForItsOwnerOnly() throws Exception {
        try (ControlServer server = server(ControlServer.READ_TIMEOUT)) {
            assertEquals(ControlSocket.OWNER_ONLY_FILE, Files.getPosixFilePermissions(ControlSocket.of(run)));
        }
    }

    @Test
    void aControllerThatNeverAnswersIsAnErrorNamingTheRun() throws Exception {
        try (ServerSocketChannel wedged = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            wedged.bind(UnixDomainSocketAddress.of(ControlSocket.of(run)));
            IOException e = assertThrows(IOException.class,
                    () -> ControlClient.send(run, ControlMessages.Command.STOP, null, Duration.ofMillis(200)));
            assertEquals(run + ": the run's controller did not answer within 200 ms (it may be wedged; its process "
                    + "still holds the run)", e.getMessage());
        }
    }
}
