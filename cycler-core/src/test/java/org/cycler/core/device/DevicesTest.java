package org.cycler.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cycler.core.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicesTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path file = dir.resolve("devices.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aDevicesFileNamesAddressesInCanonicalForm() throws Exception {
        Path file = file("""
                lab-a:
                  address: "tcp:10.0.0.5:5025"
                  description: formation rack 1
                bench: {address: "serial:/dev/ttyUSB0?baud=115200"}
                """);
        assertEquals(List.of(new Devices.Device("lab-a", "tcp:10.0.0.5:5025", "formation rack 1"),
                new Devices.Device("bench", "serial:/dev/ttyUSB0", "")), Devices.read(file));
        assertEquals("tcp:10.0.0.5:5025", Devices.resolve("lab-a", file));
        assertEquals("serial:/dev/ttyUSB0", Devices.resolve(" bench ", file));
    }

    @Test
    void anAddressIsItselfAndNeedsNoFile() throws Exception {
        assertEquals("tcp:127.0.0.1:5025", Devices.resolve("tcp:127.0.0.1:5025", dir.resolve("missing.yaml")));
        assertEquals("serial:/dev/pts/3?timeout=2000ms", Devices.resolve("serial:/dev/pts/3?timeout=2s", null));
    }

    @Test
    void mistakesNameTheFileTheDeviceAndWhatWasExpected() throws Exception {
        BadInputException unknown = assertThrows(BadInputException.class,
                () -> Devices.resolve("lab-z", file("lab-a: {address: \"tcp:h:1\"}\n")));
        assertTrue(unknown.getMessage().contains("no such device") && unknown.getMessage().contains("known: lab-a"),
                unknown.getMessage());
        assertMessage(file("lab-a: {description: x}\n"), "device 'lab-a' has no address");
        assertMessage(file("lab-a: {address: \"usb:1\"}\n"), "device 'lab-a': device address 'usb:1': unknown scheme");
        assertMessage(file("lab-a: {address: \"tcp:h:1\", speed: fast}\n"), "unknown key 'speed'");
        assertMessage(file("- tcp:h:1\n"), "expected a map of device names");
        assertMessage(file("lab-a: [\n"), "not valid YAML");
        BadInputException address = assertThrows(BadInputException.class, () -> Devices.resolve("tcp:h", null));
        assertTrue(address.getMessage().startsWith("--device: device address 'tcp:h': no port"), address.getMessage());
    }

    private static void assertMessage(Path file, String part) {
        BadInputException e = assertThrows(BadInputException.class, () -> Devices.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void aDeviceThatRefusesTheConnectionIsAnIoErrorNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String address = "tcp:127.0.0.1:" + port;
        IOException e = assertThrows(IOException.class, () -> Devices.connect(address));
        assertTrue(e.getMessage().startsWith("cannot connect to " + address), e.getMessage());
    }
}
