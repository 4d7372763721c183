package org.cycler.emulator.smu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cycler.emulator.scpi.ScpiServer;
import org.cycler.hal.ChannelCommand.ConstantCurrent;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerContractTest;
import org.cycler.hal.Measurements;
import org.cycler.hal.Mode;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.smu.SmuCycler;
import org.cycler.hal.transport.Transport;
import org.junit.jupiter.api.Test;

/**
 * The HAL contract for a rack of source-measure units, one emulated instrument per channel, plus
 * what the links add: replies that go missing, arrive garbled or short, instruments that stop
 * answering and come back; one instrument's failure costs only its own channel. Subclasses say
 * which transport carries the commands.
 */
abstract class LinkedSmuContractTest extends CyclerContractTest {

    /** Reply timeout in these tests: the emulator is on this machine; generous, as the machine may be loaded. */
    static final Duration TIMEOUT = Duration.ofMillis(500);

    protected SmuRack rack;
    protected List<ScpiServer> servers;
    protected SmuCycler driver;

    /** Opens a transport to {@code server}, by whatever path the subclass tests. */
    protected abstract Transport.Opener opener(ScpiServer server) throws Exception;

    @Override
    protected Cycler create() throws Exception {
        rack = new SmuRack(new SimulatedCycler(ticker, cells, AMBIENT_C, "contract-1"));
        servers = rack.serve(0);
        List<Transport.Opener> openers = new ArrayList<>();
        for (ScpiServer server : servers) {
            openers.add(opener(server));
        }
        driver = SmuCycler.connect(openers, TIMEOUT);
        return driver;
    }

    @Override
    protected boolean measuresTemperature() {
        return false;
    }

    @Override
    protected boolean regulates(Mode mode) {
        return mode != Mode.CP && mode != Mode.CR;
    }

    @Override
    protected void injectHardwareFault(int channel, boolean faulted) {
        rack.injectHardwareFault(channel, faulted);
    }

    @Override
    protected void settle() {
        driver.read(new Measurements(CHANNELS));
    }

    @Override
    protected void release() throws Exception {
        servers.forEach(ScpiServer::close);
    }

    private void assertValid(int ch) {
        assertEquals(ChannelStatus.OK, m.status(ch), "channel " + ch);
        assertTrue(Double.isFinite(m.voltage(ch)), "channel " + ch);
    }

    private void assertLost(int ch) {
        assertEquals(ChannelStatus.COMM_LOSS, m.status(ch), "channel " + ch);
        assertTrue(Double.isNaN(m.voltage(ch)) && Double.isNaN(m.current(ch)), "channel " + ch);
    }

    private void assertAllValid() {
        for (int ch = 1; ch <= CHANNELS; ch++) {
            assertValid(ch);
        }
    }

    @Test
    void theRackNamesItsInstruments() {
        assertEquals("Cycler,EMU-2400 x4,contract-1-1+contract-1-2+contract-1-3+contract-1-4,"
                + SimulatedCycler.FIRMWARE, driver.identity().toString());
    }

    @Test
    void aMissingReplyIsRetriedOnAFreshLinkAndTheReadingArrives() {
        apply(new ConstantCurrent(1, 2.0));
        rack.instrument(1).dropReplies(1);
        advance(Duration.ofSeconds(1));
        assertAllValid();
        assertEquals(1, driver.failedAttempts());
        assertEquals(1, driver.reconnects());
        assertTrue(driver.lastProblem().contains("no reply"), driver.lastProblem());
    }

    @Test
    void aGarbledReplyIsRetried() {
        rack.instrument(2).garbleReplies(1);
        advance(Duration.ofSeconds(1));
        assertAllValid();
        assertEquals(1, driver.failedAttempts());
        assertTrue(driver.lastProblem().contains("malformed"), driver.lastProblem());
    }

    @Test
    void aShortReplyIsRetried() {
        rack.instrument(3).truncateReplies(1);
        advance(Duration.ofSeconds(1));
        assertAllValid();
        assertEquals(1, driver.failedAttempts());
    }

    @Test
    void garbageBeyondTheRetryBudgetLosesOnlyThatInstrumentsChannelAndTheNextTickRecovers() {
        apply(new ConstantCurrent(1, 1.0), new ConstantCurrent(2, -1.0));
        rack.instrument(2).garbleReplies(Integer.MAX_VALUE);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertLost(2);
        assertValid(1);
        assertValid(3);
        assertEquals(1.0, m.current(1), WIRE_RESOLUTION);
        assertEquals(SmuCycler.MAX_ATTEMPTS, driver.failedAttempts());
        rack.instrument(2).garbleReplies(0);
        advance(Duration.ofSeconds(1));
        assertAllValid();
    }

    @Test
    void instrumentsThatStopAnsweringAreLostWithinOneBudgetThenComeBackWithTheirSetpoints() {
        apply(new ConstantCurrent(1, 2.0), new ConstantCurrent(2, -1.0));
        advance(Duration.ofSeconds(10));
        for (SmuInstrument instrument : rack.instruments()) {
            instrument.setSilent(true);
        }
        ticker.advance(Duration.ofSeconds(1));
        long start = System.nanoTime();
        cycler.read(m);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (int ch = 1; ch <= CHANNELS; ch++) {
            assertLost(ch);
        }
        Duration budget = TIMEOUT.multipliedBy(3L * SmuCycler.MAX_ATTEMPTS).plusSeconds(1);
        assertTrue(took.compareTo(budget) < 0, "gave up after " + took.toMillis() + " ms");
        for (SmuInstrument instrument : rack.instruments()) {
            instrument.setSilent(false);
        }
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllValid();
        assertEquals(2.0, m.current(1), WIRE_RESOLUTION, "the setpoint is sent again after the reconnect");
        assertEquals(-1.0, m.current(2), WIRE_RESOLUTION);
        assertTrue(driver.reconnects() >= CHANNELS);
    }

    @Test
    void setpointsAppliedWhileAnInstrumentIsSilentReachItWhenItAnswersAgain() {
        rack.instrument(3).setSilent(true);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertLost(3);
        assertValid(4);
        cycler.apply(List.of(new ConstantCurrent(3, -2.0)));
        rack.instrument(3).setSilent(false);
        settle();
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllValid();
        assertEquals(-2.0, m.current(3), WIRE_RESOLUTION);
    }
}
