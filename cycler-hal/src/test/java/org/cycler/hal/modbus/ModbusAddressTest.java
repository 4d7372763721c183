package org.cycler.hal.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.cycler.hal.transport.DeviceAddress;
import org.junit.jupiter.api.Test;

/** The {@code modbus:} address forms of {@link DeviceAddress}. */
class ModbusAddressTest {

    @Test
    void tcpTakesPort502UnlessToldAndNamesItsRegisterMap() {
        DeviceAddress a = DeviceAddress.parse("modbus:tcp:10.0.0.7?profile=cabinet.yaml");
        assertEquals(new DeviceAddress.Modbus(new DeviceAddress.Tcp("10.0.0.7", 502, Duration.ofSeconds(1)), "cabinet.yaml"), a);
        assertEquals("modbus:tcp:10.0.0.7:502?profile=cabinet.yaml", a.toString());
        DeviceAddress b = DeviceAddress.parse("modbus:tcp:[::1]:1502?profile=m.yaml&timeout=250ms");
        assertEquals(new DeviceAddress.Modbus(new DeviceAddress.Tcp("::1", 1502, Duration.ofMillis(250)), "m.yaml"), b);
        assertEquals("modbus:tcp:[::1]:1502?timeout=250ms&profile=m.yaml", b.toString());
        assertEquals(b, DeviceAddress.parse(b.toString()));
    }

    @Test
    void rtuNamesAPortAndItsBaudRate() {
        DeviceAddress a = DeviceAddress.parse("modbus:rtu:/dev/ttyUSB0?baud=19200&profile=/etc/cycler/cabinet.yaml");
        assertEquals(new DeviceAddress.Modbus(new DeviceAddress.Serial("/dev/ttyUSB0", 19_200, Duration.ofSeconds(1)),
                "/etc/cycler/cabinet.yaml"), a);
        assertEquals("modbus:rtu:/dev/ttyUSB0?baud=19200&profile=/etc/cycler/cabinet.yaml", a.toString());
        assertEquals(a, DeviceAddress.parse(a.toString()));
    }

    @Test
    void anAddressWithoutARegisterMapOrLinkIsRefused() {
        IllegalArgumentException noMap = assertThrows(IllegalArgumentException.class,
                () -> DeviceAddress.parse("modbus:tcp:10.0.0.7:502"));
        assertTrue(noMap.getMessage().contains("no register map (expected modbus:tcp:HOST[:PORT]?profile=FILE"), noMap.getMessage());
        IllegalArgumentException noLink = assertThrows(IllegalArgumentException.class,
                () -> DeviceAddress.parse("modbus:udp:10.0.0.7?profile=m.yaml"));
        assertTrue(noLink.getMessage().contains("expected modbus:tcp:HOST[:PORT] or modbus:rtu:PATH"), noLink.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceAddress.parse("modbus:tcp:h?profile=m.yaml&speed=2"));
    }
}
