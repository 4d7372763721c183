package org.cycler.emulator.smu;

import java.util.ArrayList;
import java.util.List;

import org.cycler.emulator.PtyBridge;
import org.cycler.emulator.scpi.ScpiServer;
import org.cycler.hal.serial.SerialTransport;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.Transport;

/**
 * The SMU driver through jSerialComm, one pseudo-terminal per instrument that socat wires to the
 * emulator, under the HAL contract: the serial path of a rack without hardware. Needs socat;
 * without it every test fails with the bridge's message, never skips.
 */
class SmuPtyContractIT extends LinkedSmuContractTest {

    private final List<PtyBridge> ptys = new ArrayList<>();

    @Override
    protected Transport.Opener opener(ScpiServer server) throws Exception {
        PtyBridge pty = PtyBridge.start(server.port());
        ptys.add(pty);
        DeviceAddress.Serial address = new DeviceAddress.Serial(pty.path(), DeviceAddress.DEFAULT_BAUD, TIMEOUT);
        return () -> SerialTransport.open(address);
    }

    @Override
    protected void release() throws Exception {
        ptys.forEach(PtyBridge::close);
        super.release();
    }
}
