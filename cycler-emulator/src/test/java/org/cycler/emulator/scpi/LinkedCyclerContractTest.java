package org.cycler.emulator.scpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.cycler.hal.ChannelCommand.ConstantCurrent;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerContractTest;
import org.cycler.hal.Measurements;
import org.cycler.hal.scpi.ScpiCycler;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.transport.Transport;
import org.junit.jupiter.api.Test;

/**
 * The HAL contract for a cycler at the end of a link, plus what a link adds: replies that go
 * missing, arrive garbled or short, a device that stops answering and comes back, all against
 * the emulator's fault injection. Subclasses say which transport carries the dialect.
 */
abstract class LinkedCyclerContractTest extends CyclerContractTest {

    /** Reply timeout in these tests: the emulator is on this machine and answers in microseconds. */
    static final Duration TIMEOUT = Duration.ofMillis(250);

    protected ScpiEmulator emulator;
    protected ScpiServer server;
    protected ScpiCycler driver;

    /** Opens a transport to {@link #server}, by whatever path the subclass tests. */
    protected abstract Transport.Opener opener() throws Exception;

    @Override
    protected Cycler create() throws Exception {
        emulator = new ScpiEmulator(new SimulatedCycler(ticker, cells, AMBIENT_C, "contract-1"));
        server = ScpiServer.start(emulator, 0);
        driver = ScpiCycler.connect(opener(), TIMEOUT);
        return driver;
    }

    @Override
    protected void injectHardwareFault(int channel, boolean faulted) {
        emulator.injectHardwareFault(channel, faulted);
    }

    @Override
    protected void settle() {
        driver.read(new Measurements(CHANNELS));
    }

    @Override
    protected void release() throws Exception {
        server.close();
    }

    private void assertAllValid() {
        for (int ch = 1; ch <= CHANNELS; ch++) {
            assertEquals(ChannelStatus.OK, m.status(ch), "channel " + ch);
            assertTrue(Double.isFinite(m.voltage(ch)), "channel " + ch);
        }
    }

    private void assertAllLost() {
        for (int ch = 1; ch <= CHANNELS; ch++) {
            assertEquals(ChannelStatus.COMM_LOSS, m.status(ch), "channel " + ch);
            assertTrue(Double.isNaN(m.voltage(ch)) && Double.isNaN(m.current(ch)), "channel " + ch);
        }
    }

    @Test
    void theDeviceNamesItselfAsTheEmulator() {
        assertEquals("Cycler,EMU-4,contract-1," + SimulatedCycler.FIRMWARE, driver.identity().toString());
    }

    @Test
    void aMissingReplyIsRetriedOnAFreshLinkAndTheReadingArrives() {
        apply(new ConstantCurrent(1, 2.0));
        emulator.dropReplies(1);
        advance(Duration.ofSeconds(1));
        assertAllValid();
        assertEquals(1, driver.failedAttempts());
        assertEquals(1, driver.reconnects());
        assertTrue(driver.lastProblem().contains("no reply"), driver.lastProblem());
    }

    @Test
    void aGarbledReplyIsRetried() {
        emulator.garbleReplies(1);
        advance(Duration.ofSeconds(1));
        assertAllValid();
        assertEquals(1, driver.failedAttempts());
        assertTrue(driver.lastProblem().contains("malformed"), driver.lastProblem());
    }

    @Test
    void aShortReplyIsRetried() {
        emulator.truncateReplies(1);
        advance(Duration.ofSeconds(1));
        assertAllValid();
        assertEquals(1, driver.failedAttempts());
    }

    @Test
    void garbageBeyondTheRetryBudgetLosesTheChannelsAndTheNextTickRecovers() {
        emulator.garbleReplies(Integer.MAX_VALUE);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllLost();
        assertEquals(ScpiCycler.MAX_ATTEMPTS, driver.failedAttempts());
        emulator.garbleReplies(0);
        advance(Duration.ofSeconds(1));
        assertAllValid();
    }

    @Test
    void aDeviceThatStopsAnsweringLosesEveryChannelWithinTheBudgetThenComesBackWithItsSetpoints() {
        apply(new ConstantCurrent(1, 2.0), new ConstantCurrent(2, -1.0));
        advance(Duration.ofSeconds(10));
        emulator.setSilent(true);
        ticker.advance(Duration.ofSeconds(1));
        long start = System.nanoTime();
        cycler.read(m);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertAllLost();
        Duration budget = TIMEOUT.multipliedBy(3L * ScpiCycler.MAX_ATTEMPTS).plusSeconds(1);
        assertTrue(took.compareTo(budget) < 0, "gave up after " + took.toMillis() + " ms");
        emulator.setSilent(false);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllValid();
        assertEquals(2.0, m.current(1), WIRE_RESOLUTION, "the setpoint is sent again after the reconnect");
        assertEquals(-1.0, m.current(2), WIRE_RESOLUTION);
        assertTrue(driver.reconnects() >= 1);
    }

    @Test
    void setpointsAppliedWhileTheDeviceIsSilentReachItWhenItAnswersAgain() {
        emulator.setSilent(true);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllLost();
        cycler.apply(List.of(new ConstantCurrent(3, -2.0)));
        emulator.setSilent(false);
        settle();
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllValid();
        assertEquals(-2.0, m.current(3), WIRE_RESOLUTION);
    }
}
