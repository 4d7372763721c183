package org.cycler.emulator.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Measurements;
import org.cycler.hal.VirtualTicker;
import org.cycler.hal.modbus.ModbusCycler;
import org.cycler.hal.modbus.RegisterMapParser;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.transport.DeviceAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How many requests a tick costs: as few as the register map allows, counted on the wire by the
 * proxy between the driver and the emulator. The shipped map puts 12 channels in one read of
 * function code 4 and, its setpoint blocks touching, 12 in one write of function code 16.
 */
class ModbusBatchingTest {

    static final int CHANNELS = 64;
    static final int READ_INPUT = 4;
    static final int WRITE_MULTIPLE = 16;

    private final VirtualTicker ticker = new VirtualTicker();
    private ModbusEmulator emulator;
    private ModbusServer server;
    private FaultyLink link;
    private ModbusCycler driver;

    private void start(String profile) throws Exception {
        SimulatedCycler sim = new SimulatedCycler(ticker, CellLot.generate(Chemistry.NMC, 5.0, CHANNELS, 1, 0), 25.0, "b");
        emulator = new ModbusEmulator(sim, profile == null ? ModbusEmulator.defaultMap()
                : RegisterMapParser.parse(profile, "gapped.yaml"));
        server = ModbusServer.start(emulator, 0, false);
        link = FaultyLink.to(server.port());
        driver = ModbusCycler.connect(emulator.map(), new DeviceAddress.Tcp("127.0.0.1", link.port(), Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        driver.close();
        link.close();
        server.close();
        emulator.close();
    }

    private static List<ChannelCommand> everyChannel(double currentA) {
        List<ChannelCommand> all = new ArrayList<>();
        for (int ch = 1; ch <= CHANNELS; ch++) {
            all.add(new ChannelCommand.ConstantCurrent(ch, currentA + ch * 1e-3));
        }
        return all;
    }

    @Test
    void aReadOf64ChannelsIsSixRequestsAndSetpointsOnEveryChannelSixWrites() throws Exception {
        start(null);
        long readsAtConnect = link.replies(READ_INPUT);
        long writesAtConnect = link.replies(WRITE_MULTIPLE);
        assertEquals(6, writesAtConnect, "REST on every channel at connect");
        Measurements m = new Measurements(CHANNELS);
        driver.read(m);
        assertEquals(6, link.replies(READ_INPUT) - readsAtConnect);
        driver.apply(everyChannel(1.0));
        assertEquals(6, link.replies(WRITE_MULTIPLE) - writesAtConnect, "12 channels per write");
        driver.apply(List.of(new ChannelCommand.Rest(40)));
        assertEquals(7, link.replies(WRITE_MULTIPLE) - writesAtConnect, "one changed channel, one write");
        ticker.advance(Duration.ofSeconds(1));
        driver.read(m);
        for (int ch = 1; ch <= CHANNELS; ch++) {
            assertEquals(ch == 40 ? 0.0 : 1.0 + ch * 1e-3, m.current(ch), 1.5e-6, "channel " + ch);
        }
    }

    @Test
    void setpointBlocksThatDoNotTouchAreWrittenOneChannelAtATime() throws Exception {
        String shipped = new String(ModbusEmulator.class.getResourceAsStream(ModbusEmulator.DEFAULT_PROFILE).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        start(shipped.replace("channels: {base: 100, stride: 10}", "channels: {base: 100, stride: 16}"));
        long writes = link.replies(WRITE_MULTIPLE);
        assertEquals(CHANNELS, writes, "REST on every channel at connect, one write each");
        driver.apply(everyChannel(-0.5));
        assertEquals(2 * CHANNELS, link.replies(WRITE_MULTIPLE));
        Measurements m = new Measurements(CHANNELS);
        long reads = link.replies(READ_INPUT);
        driver.read(m);
        assertEquals(8, link.replies(READ_INPUT) - reads, "(125 - 7) / 16 + 1 = 8 channels per read");
        assertEquals(-0.5 + 64e-3, m.current(64), 1.5e-6);
    }
}
