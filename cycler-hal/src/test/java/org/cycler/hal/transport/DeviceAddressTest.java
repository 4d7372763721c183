package org.cycler.hal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DeviceAddressTest {

    @Test
    void tcpAddressesNameHostAndPort() {
        assertEquals(new DeviceAddress.Tcp("127.0.0.1", 5025, Duration.ofSeconds(1)), DeviceAddress.parse("tcp:127.0.0.1:5025"));
        assertEquals(new DeviceAddress.Tcp("lab-cycler.local", 5025, Duration.ofMillis(250)),
                DeviceAddress.parse("tcp://lab-cycler.local:5025?timeout=250ms"));
        assertEquals(new DeviceAddress.Tcp("::1", 5025, Duration.ofSeconds(2)), DeviceAddress.parse("tcp:[::1]:5025?timeout=2s"));
        assertEquals("tcp:[::1]:5025?timeout=2000ms", DeviceAddress.parse("tcp:[::1]:5025?timeout=2s").toString());
        assertEquals("tcp:127.0.0.1:5025", DeviceAddress.parse(" TCP:127.0.0.1:5025 ").toString());
    }

    @Test
    void serialAddressesNameAPathAndOptionallyTheBaudRate() {
        assertEquals(new DeviceAddress.Serial("/dev/ttyUSB0", 115_200, Duration.ofSeconds(1)),
                DeviceAddress.parse("serial:/dev/ttyUSB0?baud=115200"));
        assertEquals(new DeviceAddress.Serial("/dev/pts/3", 115_200, Duration.ofSeconds(1)), DeviceAddress.parse("serial:/dev/pts/3"));
        assertEquals(new DeviceAddress.Serial("COM3", 9600, Duration.ofSeconds(3)),
                DeviceAddress.parse("serial:COM3?baud=9600&timeout=3s"));
        assertEquals("serial:COM3?baud=9600&timeout=3000ms", DeviceAddress.parse("serial:COM3?baud=9600&timeout=3s").toString());
    }

    @Test
    void smuAddressesListOneInstrumentPerChannel() {
        DeviceAddress rack = DeviceAddress.parse("smu:tcp:127.0.0.1:5025,serial:/dev/ttyUSB0?baud=9600&timeout=2s");
        assertEquals(new DeviceAddress.Smu(java.util.List.of(new DeviceAddress.Tcp("127.0.0.1", 5025, Duration.ofSeconds(1)),
                new DeviceAddress.Serial("/dev/ttyUSB0", 9600, Duration.ofSeconds(2)))), rack);
        assertEquals(Duration.ofSeconds(2), rack.timeout());
        assertEquals("smu:tcp:127.0.0.1:5025,serial:/dev/ttyUSB0?baud=9600&timeout=2000ms", rack.toString());
        assertEquals(rack, DeviceAddress.parse(rack.toString()));
    }

    @Test
    void macnetAddressesNameAHostAndOptionallyTheJsonPort() {
        DeviceAddress.MacNet plain = (DeviceAddress.MacNet) DeviceAddress.parse("macnet:10.0.0.7");
        assertEquals(new DeviceAddress.MacNet("10.0.0.7", 57_570, Duration.ofSeconds(1)), plain);
        assertEquals(57_560, plain.binaryPort());
        assertEquals("macnet:10.0.0.7", plain.toString());
        assertEquals(new DeviceAddress.MacNet("::1", 6000, Duration.ofMillis(500)),
                DeviceAddress.parse("macnet:[::1]:6000?timeout=500ms"));
        assertEquals("macnet:cycler.local:6000", DeviceAddress.parse("MACNET:cycler.local:6000").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"macnet:", "macnet:h:5", "macnet:h:port", "macnet:[::1", "macnet:h?baud=9600"})
    void malformedMacnetAddressesAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceAddress.parse(text));
        assertTrue(e.getMessage().startsWith("device address '" + text + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lab-a", "tcp:127.0.0.1", "tcp:127.0.0.1:http", "tcp:127.0.0.1:70000", "tcp::5025",
        "serial:", "serial:/dev/ttyS0?baud=fast", "serial:/dev/ttyS0?parity=even", "usb:/dev/x", "tcp:h:1?timeout=soon",
        "tcp:h:1?timeout=0ms", "tcp:[::1:5025", "smu:", "smu:tcp:h:1,", "smu:smu:tcp:h:1", "smu:tcp:h"})
    void malformedAddressesSayWhatIsExpected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceAddress.parse(text));
        assertTrue(e.getMessage().startsWith("device address '" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("tcp:HOST:PORT or serial:PATH"), e.getMessage());
    }
}
