package org.cycler.emulator.scpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.cycler.emulator.PtyBridge;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.scpi.ScpiCycler;
import org.cycler.hal.serial.SerialTransport;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.Transport;
import org.junit.jupiter.api.Test;

/**
 * The SCPI driver through jSerialComm on a pseudo-terminal that socat wires to the emulator,
 * under the HAL contract: the whole serial path without hardware. Needs socat (.ci/run installs
 * it); without it every test fails with the bridge's message, never skips.
 */
class ScpiPtyContractIT extends LinkedCyclerContractTest {

    private PtyBridge pty;

    @Override
    protected Transport.Opener opener() throws Exception {
        pty = PtyBridge.start(server.port());
        DeviceAddress.Serial address = new DeviceAddress.Serial(pty.path(), DeviceAddress.DEFAULT_BAUD, TIMEOUT);
        return () -> SerialTransport.open(address);
    }

    @Override
    protected void release() throws Exception {
        if (pty != null) {
            pty.close();
        }
        super.release();
    }

    @Test
    void aTerminalThatDisappearsLosesEveryChannelAtOnce() {
        advance(Duration.ofSeconds(1));
        pty.close();
        ticker.advance(Duration.ofSeconds(1));
        long start = System.nanoTime();
        cycler.read(m);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (int ch = 1; ch <= CHANNELS; ch++) {
            assertEquals(ChannelStatus.COMM_LOSS, m.status(ch));
        }
        assertTrue(took.compareTo(TIMEOUT.multipliedBy(3L * ScpiCycler.MAX_ATTEMPTS)) < 0, took.toString());
    }
}
