package org.cycler.hal.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Mode;
import org.cycler.hal.transport.DeviceFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegisterMapParserTest {

    static final Path SHIPPED = Path.of("..", "protocols", "modbus-cabinet.yaml");

    static final String MAP = """
            manufacturer: Acme
            model: F-16
            unit-id: 3
            channel-count: 16
            channels: {base: 0, stride: 12}
            setpoints:
              mode: {offset: 0, type: uint16}
              current: {offset: 1, type: int16, scale: 100}
              voltage: {offset: 2, type: uint16, scale: 1000}
              power: {offset: 3, type: float32}
              resistance: {offset: 5, type: float32, word-order: low-first}
            measured:
              table: holding
              voltage: {offset: 7, type: uint16, scale: 1000}
              current: {offset: 8, type: int16, scale: -100}
              temperature: {offset: 9, type: int16, scale: 10}
              status: {offset: 10, type: uint16}
            modes: {rest: 0, cc: 1, cv: 2, cccv: 3, cp: 4, cr: 5}
            status-bits: {over-voltage: 4, hardware-fault: 7}
            """;

    @Test
    void theShippedMapReadsAsDocumented() throws Exception {
        RegisterMap map = RegisterMapParser.read(SHIPPED);
        assertEquals(1, map.unitId());
        assertEquals(100, map.base());
        assertEquals(10, map.stride());
        assertEquals(RegisterMap.Table.INPUT, map.measuredTable());
        assertEquals(10, map.setpointSpan(), "setpoint blocks touch, so consecutive channels share one write");
        assertEquals(7, map.measuredSpan());
        assertEquals(Register.WordOrder.LOW_FIRST, map.temperature().wordOrder());
        assertEquals(Register.WordOrder.HIGH_FIRST, map.current().wordOrder());
        assertEquals(0, map.channelCount().offset());
    }

    @Test
    void aMapWithAFixedCountHoldingReadingsAndItsOwnStatusBitsReads() throws Exception {
        RegisterMap map = RegisterMapParser.parse(MAP, "f16.yaml");
        assertEquals(16, map.fixedChannels().getAsInt());
        assertEquals(RegisterMap.Table.HOLDING, map.measuredTable());
        assertEquals(3, map.modeCodes().get(Mode.CCCV));
        assertEquals(ChannelStatus.OVER_VOLTAGE, map.statusOf(1 << 4));
        assertEquals(ChannelStatus.HARDWARE_FAULT, map.statusOf(1 << 7));
        assertEquals(ChannelStatus.HARDWARE_FAULT, map.statusOf(1), "a bit the map does not name is a hardware fault");
        assertEquals(1 << 4, map.rawStatus(ChannelStatus.OVER_VOLTAGE));
    }

    @Test
    void scaledValuesRoundTripThroughTheirRegisters() throws Exception {
        RegisterMap map = RegisterMapParser.parse(MAP, "f16.yaml");
        int[] w = new int[12];
        map.measuredCurrent().encode(-2.5, w, 8);
        assertEquals(250, w[8], "scale -100: a discharge of 2.5 A counts +250");
        assertEquals(-2.5, map.measuredCurrent().decode(w, 8));
        map.resistance().encode(0.125, w, 5);
        assertEquals(0.125, map.resistance().decode(w, 5));
        assertArrayEquals(new int[] {0x0000, 0x3E00}, new int[] {w[5], w[6]}, "low word first");
        map.voltage().encode(99.0, w, 2);
        assertEquals(0xFFFF, w[2], "beyond the type's range the value is clamped");
    }

    static Stream<Arguments> badMaps() {
        return Stream.of(
                Arguments.of(MAP.replace("unit-id: 3", "unit: 3"),
                        "m.yaml:3:1: unknown key 'unit' in the register map (expected manufacturer, model, unit-id, word-order, channel-count, channels, setpoints, measured, modes, status-bits)"),
                Arguments.of(MAP.replace("type: int16, scale: 100}", "type: int24, scale: 100}"),
                        "m.yaml:8:30: unknown type 'int24' (expected int16, uint16, int32, uint32, float32)"),
                Arguments.of(MAP.replace("power: {offset: 3,", "power: {offset: 2,"),
                        "m.yaml:10:19: power at offset 2 overlaps voltage at 2 (expected registers apart)"),
                Arguments.of(MAP.replace("status: {offset: 10,", "status: {offset: 12,"),
                        "m.yaml:17:20: status at offset 12 runs past the channel's block of 12 registers (expected offset + width <= stride)"),
                Arguments.of(MAP.replace("voltage: {offset: 7,", "voltage: {offset: 6,"),
                        "m.yaml:14:21: voltage at offset 6 overlaps resistance at 5 (expected registers apart)"),
                Arguments.of(MAP.replace("cr: 5}", "cr: 4}"), "m.yaml:18:52: code 4 is already cp (expected one code per mode)"),
                Arguments.of(MAP.replace(", cr: 5", ""), "m.yaml:18:8: missing key 'cr' (expected the mode register's code for cr)"),
                Arguments.of(MAP.replace("scale: 1000}\n  power", "scale: 0}\n  power"),
                        "m.yaml:9:45: scale 0.0 (expected counts per SI unit, not zero, e.g. 1000 for milli-units)"),
                Arguments.of(MAP.replace("channel-count: 16", "channel-count: [16]"),
                        "m.yaml:4:16: channel-count is a list (expected a mapping of table, address, type, word-order)"),
                Arguments.of("manufacturer: [", "m.yaml:1:16: not valid YAML (expected the node content, but found '<stream end>')"),
                Arguments.of("", "m.yaml: empty (expected a register map)"));
    }

    @ParameterizedTest
    @MethodSource("badMaps")
    void aBadMapIsRefusedNamingTheLineAndColumn(String yaml, String message) {
        DeviceFileException e = assertThrows(DeviceFileException.class, () -> RegisterMapParser.parse(yaml, "m.yaml"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path nowhere = Path.of("no-such-map.yaml");
        assertEquals("no-such-map.yaml: no such register map file",
                assertThrows(DeviceFileException.class, () -> RegisterMapParser.read(nowhere)).getMessage());
        assertEquals(false, Files.exists(nowhere));
    }
}
