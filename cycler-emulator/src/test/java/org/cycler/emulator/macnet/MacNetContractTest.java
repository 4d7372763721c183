package org.cycler.emulator.macnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.cycler.hal.ChannelCommand.CcCv;
import org.cycler.hal.ChannelCommand.ConstantCurrent;
import org.cycler.hal.ChannelCommand.Rest;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerContractTest;
import org.cycler.hal.DeviceLimits;
import org.cycler.hal.Measurements;
import org.cycler.hal.macnet.BinaryPort;
import org.cycler.hal.macnet.MacNet;
import org.cycler.hal.macnet.MacNetCycler;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.TcpTransport;
import org.junit.jupiter.api.Test;

/**
 * The MacNet driver on the MacNet emulator over TCP, under the HAL contract, on the virtual clock
 * that both keep the command interval on; then what a link adds (replies missing, garbled, short,
 * a device that stops answering) and what MacNet adds (direct mode, the interval, the binary rest,
 * safety limits, reset at close).
 */
class MacNetContractTest extends CyclerContractTest {

    /** Reply timeout: generous, since the machine may be busy; only the silent-device tests wait it out. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long SETTLE_NANOS = Duration.ofSeconds(10).toNanos();

    private MacNetEmulator emulator;
    private MacNetServer server;
    private MacNetCycler driver;

    @Override
    protected Cycler create() throws Exception {
        emulator = new MacNetEmulator(new SimulatedCycler(ticker, cells, AMBIENT_C, "contract-1"), ticker);
        server = MacNetServer.start(emulator, 0);
        DeviceAddress.MacNet address = new DeviceAddress.MacNet("127.0.0.1", server.port(), TIMEOUT);
        driver = MacNetCycler.connect(() -> TcpTransport.connect(address.json()),
                () -> BinaryPort.connect(address.binary()), TIMEOUT, ticker);
        return driver;
    }

    @Override
    protected void injectHardwareFault(int channel, boolean faulted) {
        emulator.injectHardwareFault(channel, faulted);
    }

    /** JSON outputs are answered before apply returns; binary ones have no reply, so wait for their arrival. */
    @Override
    protected void settle() {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (emulator.binaryMessages() < driver.binaryMessagesSent()) {
            assertTrue(System.nanoTime() < deadline, "the binary messages never arrived");
            Thread.onSpinWait();
        }
    }

    @Override
    protected void release() {
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
        assertEquals("Cycler,MacNet-EMU-4,contract-1," + SimulatedCycler.FIRMWARE, driver.identity().toString());
    }

    @Test
    void theFirstCommandStartsDirectModeAndARestGoesAsTheBinaryMessage() {
        assertEquals(MacNet.STAT_AVAILABLE, emulator.stat(1));
        apply(new ConstantCurrent(1, 2.0));
        assertEquals(MacNet.STAT_ACTIVE, emulator.stat(1));
        assertEquals(MacNet.STAT_AVAILABLE, emulator.stat(2), "untouched channels stay available");
        advance(Duration.ofSeconds(5));
        apply(new Rest(1));
        assertEquals(1, driver.binaryMessagesSent());
        assertEquals(0.0, advance(Duration.ofSeconds(1)).current(1));
        assertEquals(MacNet.STAT_ACTIVE, emulator.stat(1), "a rest keeps direct mode");
    }

    @Test
    void setpointsSoonerThanTheIntervalWaitAndTheLatestWins() {
        cycler.apply(List.of(new ConstantCurrent(1, 1.0)));
        ticker.advance(Duration.ofMillis(40));
        cycler.apply(List.of(new ConstantCurrent(1, 2.0)));
        ticker.advance(Duration.ofMillis(40));
        cycler.apply(List.of(new ConstantCurrent(1, 3.0)));
        assertEquals(1.0, emulator.output(1).currentA(), "still the first: the interval has not passed");
        ticker.advance(Duration.ofMillis(20));
        cycler.read(m);
        assertEquals(3.0, emulator.output(1).currentA(), "the latest, once the interval has passed");
        ticker.advance(Duration.ofMillis(150));
        cycler.read(m);
        assertEquals(3.0, m.current(1), WIRE_RESOLUTION);
        assertEquals(0, emulator.tooFastOutputs(), "the device never saw an output too soon");
        assertEquals(0, driver.tooFastReplies());
    }

    @Test
    void aChannelResetByAFaultStartsDirectModeAgainOnItsNextCommand() {
        cycler.apply(List.of(new ConstantCurrent(2, 1.0)));
        ticker.advance(Duration.ofSeconds(1));
        injectHardwareFault(2, true);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertEquals(ChannelStatus.HARDWARE_FAULT, m.status(2));
        injectHardwareFault(2, false);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertEquals(MacNet.STAT_AVAILABLE, emulator.stat(2), "the fault ended direct mode");
        cycler.apply(List.of(new CcCv(2, 1.5, 4.1)));
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertEquals(1.5, m.current(2), WIRE_RESOLUTION);
        assertEquals(MacNet.STAT_ACTIVE, emulator.stat(2));
    }

    @Test
    void anOutputTheDeviceRefusesIsDroppedAndTheOtherChannelsGoOn() {
        cycler.apply(List.of(new ConstantCurrent(1, 2 * SimulatedCycler.MAX_CURRENT_A), new ConstantCurrent(2, 1.0)));
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllValid();
        assertEquals(0.0, m.current(1), "the refused output never ran");
        assertEquals(1.0, m.current(2), WIRE_RESOLUTION);
        assertEquals(0, driver.failedAttempts());
        assertTrue(driver.lastProblem().contains("refused the output of channel 1"), driver.lastProblem());
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertEquals(0, driver.failedAttempts(), "it is not sent again tick after tick");
    }

    @Test
    void closeResetsTheChannelsItCommanded() {
        apply(new ConstantCurrent(1, 1.0), new ConstantCurrent(3, -1.0));
        advance(Duration.ofSeconds(1));
        cycler.close();
        assertEquals(MacNet.STAT_AVAILABLE, emulator.stat(1));
        assertEquals(MacNet.STAT_AVAILABLE, emulator.stat(3));
        assertEquals(0.0, emulator.output(3).currentA());
    }

    @Test
    void safetyLimitsSetThroughTheDriverTripTheChannelOnTheDevice() {
        driver.setSafetyLimits(DeviceLimits.of(2.5, 3.75, 10.0));
        cycler.apply(List.of(new ConstantCurrent(1, 5.0), new ConstantCurrent(2, -1.0)));
        Measurements r = m;
        for (int k = 0; k < 60 && r.status(1) == ChannelStatus.OK; k++) {
            ticker.advance(Duration.ofSeconds(30));
            cycler.read(r);
        }
        assertEquals(ChannelStatus.HARDWARE_FAULT, r.status(1), "the device stopped the channel at 3.75 V");
        assertEquals(MacNet.STAT_PROBLEM, emulator.stat(1));
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(r);
        assertEquals(0.0, r.current(1));
        assertEquals(ChannelStatus.OK, r.status(2), "the other channel goes on");
        assertEquals(0, driver.failedAttempts(), driver.lastProblem());
        assertEquals("", driver.lastProblem());
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
        assertEquals(MacNetCycler.MAX_ATTEMPTS, driver.failedAttempts());
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
        cycler.read(m);
        assertAllLost();
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
        cycler.read(m);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllValid();
        assertEquals(-2.0, m.current(3), WIRE_RESOLUTION);
    }

    @Test
    void aCutConnectionIsReopenedWithinTheTick() {
        apply(new ConstantCurrent(1, 1.5));
        advance(Duration.ofSeconds(1));
        server.dropConnections();
        advance(Duration.ofSeconds(1));
        assertEquals(1.5, m.current(1), WIRE_RESOLUTION);
        assertEquals(1, driver.reconnects());
    }
}
