package org.cycler.emulator.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;

import org.cycler.hal.Mode;
import org.cycler.hal.VirtualTicker;
import org.cycler.hal.modbus.Register;
import org.cycler.hal.modbus.RegisterMap;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulator's registers by the shipped map, without a network: what a client writes and reads. */
class ModbusEmulatorTest {

    private final VirtualTicker ticker = new VirtualTicker();
    private final ModbusEmulator emulator = new ModbusEmulator(
            new SimulatedCycler(ticker, CellLot.generate(Chemistry.NMC, 5.0, 3, 1, 0), 25.0, "t"), ModbusEmulator.defaultMap());
    private final RegisterMap map = emulator.map();

    @AfterEach
    void close() {
        emulator.close();
    }

    private int[] block(Mode mode, double current, double voltage) {
        int[] w = new int[map.setpointSpan()];
        map.mode().encode(map.modeCodes().get(mode), w, map.mode().offset());
        map.current().encode(current, w, map.current().offset());
        map.voltage().encode(voltage, w, map.voltage().offset());
        return w;
    }

    private double current(int channel) {
        Register r = map.measuredCurrent();
        return r.decode(emulator.registers(map.measuredTable(), map.blockStart(channel) + r.offset(), r.width()), 0);
    }

    @Test
    void aSetpointBlockActsWhenItsWriteEndsAndReadsBackAsWritten() {
        int[] cc = block(Mode.CC, 2.0, 0);
        emulator.write(map.blockStart(2), cc);
        ticker.advance(Duration.ofSeconds(10));
        assertEquals(2.0, current(2), 1e-6);
        assertEquals(0.0, current(1));
        int[] back = emulator.registers(RegisterMap.Table.HOLDING, map.blockStart(2), cc.length);
        for (int k = 0; k < cc.length; k++) {
            assertEquals(cc[k], back[k], "register " + k);
        }
        assertEquals(3, emulator.registers(RegisterMap.Table.INPUT, 0, 1)[0], "the channel-count register");
    }

    @Test
    void aBlockItCannotUsePutsTheChannelAtRest() {
        emulator.write(map.blockStart(1), block(Mode.CC, 1.0, 0));
        ticker.advance(Duration.ofSeconds(1));
        assertEquals(1.0, current(1), 1e-6);
        emulator.write(map.blockStart(1), block(Mode.CV, 1.0, 0));
        ticker.advance(Duration.ofSeconds(1));
        assertEquals(0.0, current(1), "CV at 0 V is no setpoint");
        int[] unknown = block(Mode.CC, 1.0, 0);
        unknown[map.mode().offset()] = 99;
        emulator.write(map.blockStart(1), unknown);
        ticker.advance(Duration.ofSeconds(1));
        assertEquals(0.0, current(1), "mode code 99 is no mode of the map");
    }

    @Test
    void writesToReadingsAreIgnoredAndAddressesBeyondTheTableRefused() {
        emulator.write(0, new int[] {77});
        assertEquals(77, emulator.registers(RegisterMap.Table.HOLDING, 0, 1)[0], "a holding register keeps what is written");
        assertEquals(3, emulator.registers(RegisterMap.Table.INPUT, 0, 1)[0], "the input table is computed");
        assertThrows(IllegalAddressException.class, () -> emulator.registers(RegisterMap.Table.INPUT, 0xFFF0, 100));
    }
}
