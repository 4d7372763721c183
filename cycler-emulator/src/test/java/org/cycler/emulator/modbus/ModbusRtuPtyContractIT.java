package org.cycler.emulator.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.cycler.emulator.PtyBridge;
import org.cycler.hal.ChannelCommand.ConstantCurrent;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerContractTest;
import org.cycler.hal.modbus.ModbusCycler;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.transport.DeviceAddress;
import org.junit.jupiter.api.Test;

/**
 * The Modbus driver speaking RTU (address, PDU, CRC) through j2mod's serial side on a
 * pseudo-terminal that socat wires to the emulator's RTU-framed port, under the HAL contract: the
 * serial path of a Modbus RTU cabinet without hardware. Needs socat (.ci/run installs it).
 */
class ModbusRtuPtyContractIT extends CyclerContractTest {

    static final Duration TIMEOUT = Duration.ofMillis(500);

    private ModbusEmulator emulator;
    private ModbusServer server;
    private PtyBridge pty;
    private ModbusCycler driver;

    @Override
    protected Cycler create() throws Exception {
        emulator = new ModbusEmulator(new SimulatedCycler(ticker, cells, AMBIENT_C, "contract-1"), ModbusEmulator.defaultMap());
        server = ModbusServer.start(emulator, 0, true);
        pty = PtyBridge.start(server.port());
        driver = ModbusCycler.connect(emulator.map(), new DeviceAddress.Serial(pty.path(), DeviceAddress.DEFAULT_BAUD, TIMEOUT));
        return driver;
    }

    @Override
    protected void injectHardwareFault(int channel, boolean faulted) {
        emulator.injectHardwareFault(channel, faulted);
    }

    @Override
    protected void release() {
        if (pty != null) {
            pty.close();
        }
        if (server != null) {
            server.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void aTerminalThatDisappearsLosesEveryChannelAtOnce() {
        apply(new ConstantCurrent(1, 1.0));
        advance(Duration.ofSeconds(1));
        pty.close();
        ticker.advance(Duration.ofSeconds(1));
        cycler.read(m);
        for (int ch = 1; ch <= CHANNELS; ch++) {
            assertEquals(ChannelStatus.COMM_LOSS, m.status(ch));
        }
        assertTrue(driver.failedAttempts() >= 1);
    }
}
