package org.cycler.station.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.cycler.core.recipe.RecipeException;
import org.cycler.hal.sim.AccuracyClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StationConfigParserTest {

    @TempDir
    Path temp;

    private Path file(String text) throws Exception {
        Path f = temp.resolve("station.yaml");
        Files.writeString(f, text);
        return f;
    }

    private String error(String text) throws Exception {
        Path f = file(text);
        return assertThrows(RecipeException.class, () -> StationConfigParser.read(f)).getMessage()
                .replace(f.toString(), "station.yaml");
    }

    @Test
    void aConfigNamesItsFolderItsListenerAndItsDevices() throws Exception {
        StationConfig c = StationConfigParser.read(file("""
                data: lab
                http: {port: 0}
                tokens: tokens.txt
                devices:
                  - {name: rack-1, sim: 8, seed: 3, speed: 60}
                  - {name: bench, address: "tcp:10.0.0.5:5025", tick: 500 ms}
                """));
        assertEquals(temp.resolve("lab"), c.data());
        assertEquals("127.0.0.1", c.bind());
        assertEquals(0, c.port());
        StationConfig.Simulated sim = (StationConfig.Simulated) c.devices().get(0);
        assertEquals(8, sim.channels());
        assertEquals(60, sim.speed().factor());
        StationConfig.Connected bench = (StationConfig.Connected) c.devices().get(1);
        assertEquals(Duration.ofMillis(500), bench.tick());
        assertEquals(1, bench.speed().factor());
    }

    @Test
    void aBadConfigIsOneLineNamingTheLineAndColumnAndWhatWasExpected() throws Exception {
        assertEquals("station.yaml:1:1: missing key 'tokens' in the station config (expected a tokens file of "
                + "'TOKEN ROLE NAME' lines)", error("data: lab\ndevices: [{name: a, sim: 2}]\n"));
        assertEquals("station.yaml:3:11: device 'a' needs exactly one of 'sim: N' (a simulated cycler) and "
                + "'address: tcp:HOST:PORT|serial:PATH'", error("data: lab\ntokens: t\ndevices: [{name: a}]\n"));
        assertEquals("station.yaml:3:26: 'sim' 'eight' (expected a whole number from 1 to 100000)",
                error("data: lab\ntokens: t\ndevices: [{name: a, sim: eight}]\n"));
        assertEquals("station.yaml:3:36: speed 'max' (expected realtime or a positive factor such as 60; a station's "
                + "devices run against the wall clock)",
                error("data: lab\ntokens: t\ndevices: [{name: a, sim: 2, speed: max}]\n"));
        assertEquals("station.yaml:2:14: 'port' '70000' (expected a whole number from 0 to 65535)",
                error("data: lab\nhttp: {port: 70000}\ntokens: t\ndevices: [{name: a, sim: 2}]\n"));
        assertEquals("station.yaml:5:5: device 'a' named twice (expected one entry per name)",
                error("data: lab\ntokens: t\ndevices:\n  - {name: a, sim: 2}\n  - {name: a, sim: 2}\n"));
        assertEquals("station.yaml:1:1: unknown key 'colour' in the station config (expected data, http, tokens, "
                + "devices, recipes, webhooks)", error("colour: red\n"));
    }

    @Test
    void webhooksAreHttpUrlsAndABadOneNamesItsLine() throws Exception {
        StationConfig c = StationConfigParser.read(file("""
                data: lab
                tokens: t
                devices: [{name: a, sim: 2}]
                webhooks: [http://10.0.0.9/hook, "https://alerts.example/cycler"]
                """));
        assertEquals(java.util.List.of(java.net.URI.create("http://10.0.0.9/hook"),
                java.net.URI.create("https://alerts.example/cycler")), c.webhooks());
        assertEquals("station.yaml:4:12: webhook 'ftp://x/y' (expected an http:// or https:// URL with a host)",
                error("data: lab\ntokens: t\ndevices: [{name: a, sim: 2}]\nwebhooks: [ftp://x/y]\n"));
    }

    @Test
    void aSimulatedDeviceMeasuresLikeACabinetUnlessItsAccuracySaysOtherwise() throws Exception {
        Files.writeString(temp.resolve("precise.yaml"), """
                accuracy: precise
                current_gain: 0.01 %
                current_offset: 0.1 mA
                voltage_gain: 0.005 %
                voltage_offset: 0.1 mV
                current_noise: 0.1 mA
                voltage_noise: 0.05 mV
                current_resolution: 0 A
                voltage_resolution: 0 V
                temperature_noise: 0.1 degC
                sample_jitter: 1 ms
                """);
        StationConfig c = StationConfigParser.read(file("""
                data: lab
                tokens: t
                devices:
                  - {name: a, sim: 2}
                  - {name: b, sim: 2, accuracy: ideal}
                  - {name: c, sim: 2, accuracy: SMU}
                  - {name: d, sim: 2, accuracy: precise.yaml}
                """));
        assertEquals(List.of(AccuracyClass.CABINET, AccuracyClass.IDEAL, AccuracyClass.SMU),
                c.devices().subList(0, 3).stream().map(d -> ((StationConfig.Simulated) d).accuracy()).toList());
        AccuracyClass precise = ((StationConfig.Simulated) c.devices().get(3)).accuracy();
        assertEquals("precise", precise.name());
        assertEquals(0.0001, precise.currentOffsetA(), 1e-12);
    }

    @Test
    void aBadAccuracyIsOneLineNamingWhereItIs() throws Exception {
        assertEquals("station.yaml:3:39: accuracy 'precise' (expected ideal, cabinet, smu or an accuracy file; no "
                        + "such file precise)",
                error("data: lab\ntokens: t\ndevices: [{name: a, sim: 2, accuracy: precise}]\n")
                        .replace(temp.toString() + java.io.File.separator, ""));
        assertEquals("station.yaml:3:41: unknown key 'accuracy' in device 'a' (expected name, address, speed, tick, "
                        + "calibration)",
                error("data: lab\ntokens: t\ndevices: [{name: a, address: \"tcp:h:1\", accuracy: ideal}]\n"));
        Files.writeString(temp.resolve("bad.yaml"), "accuracy: bad\n");
        String message = error("data: lab\ntokens: t\ndevices: [{name: a, sim: 2, accuracy: bad.yaml}]\n");
        assertTrue(message.startsWith(temp.resolve("bad.yaml") + ":1:1: missing key 'current_gain'"), message);
    }

    @Test
    void aDeviceTakesACalibrationFileReadWhenTheConfigIs() throws Exception {
        Files.writeString(temp.resolve("rack.cal.yaml"), """
                device: rack
                serial: "SIM-1"
                channels:
                  2:
                    voltage: {gain: 1.0002, offset: 0.0003 V}
                    current: {gain: 0.9995, offset: -0.0004 A}
                    date: 2026-11-30
                    by: "J. Smith"
                    reference: "bench DMM"
                """);
        StationConfig c = StationConfigParser.read(file("""
                data: lab
                tokens: t
                devices:
                  - {name: a, sim: 2, calibration: rack.cal.yaml}
                  - {name: b, address: "tcp:h:1", calibration: rack.cal.yaml}
                  - {name: c, sim: 2}
                """));
        for (int d = 0; d < 2; d++) {
            var applied = c.devices().get(d).calibration().orElseThrow();
            assertEquals(temp.resolve("rack.cal.yaml"), applied.file());
            assertEquals(64, applied.sha256().length());
        }
        assertTrue(c.devices().get(2).calibration().isEmpty());

        assertEquals("station.yaml:3:42: calibration 'none.yaml' (expected a calibration file; no such file none.yaml)",
                error("data: lab\ntokens: t\ndevices: [{name: a, sim: 2, calibration: none.yaml}]\n")
                        .replace(temp.toString() + java.io.File.separator, ""));
        Files.writeString(temp.resolve("broken.yaml"), "device: rack\nchannels: {1: {voltage: {gain: x}}}\n");
        String message = error("data: lab\ntokens: t\ndevices: [{name: a, sim: 2, calibration: broken.yaml}]\n");
        assertTrue(message.startsWith(temp.resolve("broken.yaml") + ":"), "names the calibration file: " + message);
        assertEquals(1, message.lines().count(), message);
    }
}
