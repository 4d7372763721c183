package org.cycler.emulator.scpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;

import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Measurements;
import org.cycler.hal.VirtualTicker;
import org.cycler.hal.scpi.ScpiCycler;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.TcpTransport;
import org.cycler.hal.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host watchdog of DESIGN section 9: a device whose host falls silent turns its outputs off by
 * itself and says so, and the driver arms it. Host silence is counted on a virtual host clock of
 * its own, apart from the cells' clock.
 */
class HostWatchdogTest {

    private static final int CHANNELS = 2;
    private final VirtualTicker cells = new VirtualTicker();
    private final VirtualTicker host = new VirtualTicker();
    private ScpiEmulator emu;

    @BeforeEach
    void start() {
        CellParameters cell = Chemistry.NMC.typicalCell(5.0).asFormed(0.5);
        emu = new ScpiEmulator(new SimulatedCycler(cells, Collections.nCopies(CHANNELS, cell), 25.0, "w-1"), host);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private void charge() {
        assertNull(emu.execute("SOUR:MODE CC,(@1:2);SOUR:CURR 2.5,(@1:2);OUTP ON,(@1:2)"));
    }

    private void silence(Duration d) {
        host.advance(d);
        cells.advance(d);
    }

    @Test
    void anArmedWatchdogTurnsEveryOutputOffAfterTheHostFallsSilentAndSetsBitFour() {
        assertNull(emu.execute("SYST:WDOG 10"));
        assertEquals("10", emu.execute("SYST:WDOG?"));
        charge();
        silence(Duration.ofSeconds(9));
        assertFalse(emu.checkWatchdog(), "not yet: 9 s of silence against 10");
        silence(Duration.ofSeconds(2));
        assertTrue(emu.checkWatchdog());
        assertEquals("0,0;0.000000,0.000000;16,16", emu.execute("OUTP? (@1:2);MEAS:CURR? (@1:2);STAT:QUES:COND? (@1:2)"));
        assertNull(emu.execute("SYST:WDOG 10"), "arming again clears the bit");
        assertEquals("0,0", emu.execute("STAT:QUES:COND? (@1:2)"));
    }

    @Test
    void everyProgramMessageFeedsTheWatchdog() {
        assertNull(emu.execute("SYST:WDOG 10"));
        charge();
        for (int k = 0; k < 5; k++) {
            silence(Duration.ofSeconds(8));
            assertEquals("1,1", emu.execute("OUTP? (@1:2)"));
        }
        assertFalse(emu.checkWatchdog());
        assertEquals("2.500000,2.500000", emu.execute("MEAS:CURR? (@1:2)"));
    }

    @Test
    void aDisarmedWatchdogNeverFiresAndBadValuesAreRefused() {
        charge();
        silence(Duration.ofHours(1));
        assertFalse(emu.checkWatchdog(), "off until armed");
        assertNull(emu.execute("SYST:WDOG 0"));
        assertNull(emu.execute("SYST:WDOG -1"));
        assertEquals("-222,\"Data out of range\"", emu.execute("SYST:ERR?"));
        assertNull(emu.execute("SYST:WDOG 2.5"));
        assertEquals("-222,\"Data out of range\"", emu.execute("SYST:ERR?"));
        assertEquals("0", emu.execute("SYST:WDOG?"));
    }

    @Test
    void theDriverArmsTheWatchdogAtConnectAndReportsItFiringAsAStatusOfItsOwn() throws Exception {
        try (ScpiServer server = ScpiServer.start(emu, 0)) {
            Transport.Opener opener = () -> TcpTransport.connect(
                    new DeviceAddress.Tcp("127.0.0.1", server.port(), Duration.ofSeconds(2)));
            try (ScpiCycler driver = ScpiCycler.connect(opener, Duration.ofSeconds(2))) {
                assertEquals(String.valueOf(ScpiCycler.HOST_WATCHDOG_S), emu.execute("SYST:WDOG?"));
                silence(Duration.ofSeconds(ScpiCycler.HOST_WATCHDOG_S + 1));
                assertTrue(emu.checkWatchdog());
                Measurements m = new Measurements(CHANNELS);
                driver.read(m);
                assertEquals(ChannelStatus.WATCHDOG, m.status(1));
                assertTrue(ChannelStatus.describe(m.status(2)).contains("watchdog"));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"0".equals(emu.execute("SYST:WDOG?")) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals("0", emu.execute("SYST:WDOG?"), "a clean close disarms it (the line arrives on the server's thread)");
        }
    }
}
