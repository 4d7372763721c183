package org.cycler.emulator.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.cycler.hal.ChannelCommand.ConstantCurrent;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerContractTest;
import org.cycler.hal.Measurements;
import org.cycler.hal.modbus.ModbusCycler;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.transport.DeviceAddress;
import org.junit.jupiter.api.Test;

/**
 * The Modbus driver on the emulator over Modbus TCP, under the HAL contract, with the shipped
 * register map; a proxy between them spoils replies for the link tests: missing, garbled, short,
 * a device that stops answering and comes back.
 */
class ModbusTcpContractTest extends CyclerContractTest {

    /** Reply timeout: the emulator is on this machine and answers in microseconds. */
    static final Duration TIMEOUT = Duration.ofMillis(250);

    private ModbusEmulator emulator;
    private ModbusServer server;
    private FaultyLink link;
    private ModbusCycler driver;

    @Override
    protected Cycler create() throws Exception {
        emulator = new ModbusEmulator(new SimulatedCycler(ticker, cells, AMBIENT_C, "contract-1"), ModbusEmulator.defaultMap());
        server = ModbusServer.start(emulator, 0, false);
        link = FaultyLink.to(server.port());
        driver = ModbusCycler.connect(emulator.map(), new DeviceAddress.Tcp("127.0.0.1", link.port(), TIMEOUT));
        return driver;
    }

    @Override
    protected void injectHardwareFault(int channel, boolean faulted) {
        emulator.injectHardwareFault(channel, faulted);
    }

    @Override
    protected void release() {
        if (link != null) {
            link.close();
        }
        if (server != null) {
            server.close();
        }
        if (emulator != null) {
            emulator.close();
        }
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
    void theDeviceNamesItselfByItsRegisterMap() {
        assertEquals("Cycler,MB-CABINET,unit 1,profile modbus-cabinet.yaml", driver.identity().toString());
    }

    @Test
    void aMissingReplyIsRetriedOnAFreshLinkAndTheReadingArrives() {
        apply(new ConstantCurrent(1, 2.0));
        link.dropReplies(1);
        advance(Duration.ofSeconds(1));
        assertAllValid();
        assertEquals(1, driver.failedAttempts());
        assertEquals(1, driver.reconnects());
        assertTrue(driver.lastProblem().contains("no reply"), driver.lastProblem());
    }

    @Test
    void aGarbledReplyIsRetried() {
        link.garbleReplies(1);
        advance(Duration.ofSeconds(1));
        assertAllValid();
        assertEquals(1, driver.failedAttempts());
    }

    @Test
    void aShortReplyIsRetried() {
        link.truncateReplies(1);
        advance(Duration.ofSeconds(1));
        assertAllValid();
        assertEquals(1, driver.failedAttempts());
        assertTrue(driver.lastProblem().contains("short reply"), driver.lastProblem());
    }

    @Test
    void garbageBeyondTheRetryBudgetLosesTheChannelsAndTheNextTickRecovers() {
        link.garbleReplies(Integer.MAX_VALUE);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllLost();
        assertEquals(ModbusCycler.MAX_ATTEMPTS, driver.failedAttempts());
        link.garbleReplies(0);
        advance(Duration.ofSeconds(1));
        assertAllValid();
    }

    @Test
    void aDeviceThatStopsAnsweringLosesEveryChannelWithinTheBudgetThenComesBackWithItsSetpoints() {
        apply(new ConstantCurrent(1, 2.0), new ConstantCurrent(2, -1.0));
        advance(Duration.ofSeconds(10));
        link.setSilent(true);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllLost();
        assertEquals(ModbusCycler.MAX_ATTEMPTS, driver.failedAttempts());
        link.setSilent(false);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllValid();
        assertEquals(2.0, m.current(1), WIRE_RESOLUTION, "the setpoint is written again after the reconnect");
        assertEquals(-1.0, m.current(2), WIRE_RESOLUTION);
        assertTrue(driver.reconnects() >= 1);
    }

    @Test
    void setpointsAppliedWhileTheDeviceIsSilentReachItWhenItAnswersAgain() {
        link.setSilent(true);
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllLost();
        cycler.apply(List.of(new ConstantCurrent(3, -2.0)));
        link.setSilent(false);
        cycler.read(new Measurements(CHANNELS));
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        assertAllValid();
        assertEquals(-2.0, m.current(3), WIRE_RESOLUTION);
    }

    @Test
    void aCutConnectionIsReopenedWithinTheTick() {
        apply(new ConstantCurrent(1, 1.5));
        advance(Duration.ofSeconds(1));
        link.dropConnections();
        advance(Duration.ofSeconds(1));
        assertEquals(1.5, m.current(1), WIRE_RESOLUTION);
        assertEquals(1, driver.reconnects());
    }
}
