package org.cycler.emulator.smu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.cycler.emulator.scpi.ScpiServer;
import org.cycler.hal.ChannelCommand.ConstantCurrent;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.TcpTransport;
import org.cycler.hal.transport.Transport;
import org.junit.jupiter.api.Test;

/** The SMU driver on a rack of emulated instruments, each on its own TCP socket, under the HAL contract. */
class SmuTcpContractTest extends LinkedSmuContractTest {

    @Override
    protected Transport.Opener opener(ScpiServer server) {
        DeviceAddress.Tcp address = new DeviceAddress.Tcp("127.0.0.1", server.port(), TIMEOUT);
        return () -> TcpTransport.connect(address);
    }

    @Test
    void aCutConnectionIsReopenedWithinTheTick() {
        apply(new ConstantCurrent(1, 1.5));
        advance(Duration.ofSeconds(1));
        servers.get(0).dropConnections();
        advance(Duration.ofSeconds(1));
        assertEquals(1.5, m.current(1), WIRE_RESOLUTION);
        assertEquals(1, driver.reconnects());
    }
}
