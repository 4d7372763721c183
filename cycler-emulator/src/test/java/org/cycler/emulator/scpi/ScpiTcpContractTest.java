package org.cycler.emulator.scpi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.cycler.hal.ChannelCommand.ConstantCurrent;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.TcpTransport;
import org.cycler.hal.transport.Transport;
import org.junit.jupiter.api.Test;

/** The SCPI driver on the emulator over a TCP socket, under the HAL contract. */
class ScpiTcpContractTest extends LinkedCyclerContractTest {

    @Override
    protected Transport.Opener opener() {
        DeviceAddress.Tcp address = new DeviceAddress.Tcp("127.0.0.1", server.port(), TIMEOUT);
        return () -> TcpTransport.connect(address);
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
