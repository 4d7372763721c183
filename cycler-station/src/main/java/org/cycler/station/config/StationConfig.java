package org.cycler.station.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.cycler.core.calibration.CalibrationInUse;
import org.cycler.core.run.Speed;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.Chemistry;

/**
 * What a station runs with (docs/station.md): its data folder, where it listens, its tokens file,
 * its devices and the folder of recipes it offers. Paths are resolved against the config file's
 * folder. Immutable.
 *
 * @param recipes  the recipes folder; empty when the config names none
 * @param webhooks the URLs every alarm is POSTed to as JSON; empty when the config names none
 */
public record StationConfig(Path file, Path data, String bind, int port, Path tokens, List<DeviceSpec> devices,
                            Optional<Path> recipes, List<URI> webhooks) {

    /** Where the station listens when {@code http:} does not say: this machine only. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** The port when {@code http:} does not say. */
    public static final int DEFAULT_PORT = 8090;

    public StationConfig {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(tokens, "tokens");
        devices = List.copyOf(devices);
        webhooks = List.copyOf(webhooks);
        Set<String> names = new HashSet<>();
        for (DeviceSpec device : devices) {
            if (!names.add(device.name())) {
                throw new IllegalArgumentException("device '" + device.name() + "' named twice");
            }
        }
    }

    /** A config without webhooks. */
    public StationConfig(Path file, Path data, String bind, int port, Path tokens, List<DeviceSpec> devices,
                         Optional<Path> recipes) {
        this(file, data, bind, port, tokens, devices, recipes, List.of());
    }

    /** The device called {@code name}. */
    public Optional<DeviceSpec> device(String name) {
        return devices.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** One device the station owns: a simulated cycler or a device at an address. */
    public sealed interface DeviceSpec {
        String name();

        /** How fast the device's clock runs against the wall: {@code realtime}, or a factor for simulators and emulators. */
        Speed.Factor speed();

        /** The device loop's tick, in test time. */
        Duration tick();

        /** The calibration its readings and setpoints go through (docs/calibration.md), if the config names one. */
        Optional<CalibrationInUse> calibration();
    }

    /**
     * A simulated cycler of {@code channels} cells made from {@code seed}, as {@code cycler run
     * --sim} makes them, measuring through {@code accuracy}: the seed draws each channel's fixed
     * errors and is the seed of the device's per-reading noise.
     */
    public record Simulated(String name, int channels, long seed, Chemistry chemistry, Speed.Factor speed,
                            Duration tick, AccuracyClass accuracy, Optional<CalibrationInUse> calibration)
            implements DeviceSpec {

        public Simulated {
            Objects.requireNonNull(accuracy, "accuracy");
            Objects.requireNonNull(calibration, "calibration");
        }

        /** Uncalibrated. */
        public Simulated(String name, int channels, long seed, Chemistry chemistry, Speed.Factor speed, Duration tick,
                         AccuracyClass accuracy) {
            this(name, channels, seed, chemistry, speed, tick, accuracy, Optional.empty());
        }
    }

    /** A device at {@code address} ({@code tcp:HOST:PORT} or {@code serial:PATH}, canonical form). */
    public record Connected(String name, String address, Speed.Factor speed, Duration tick,
                            Optional<CalibrationInUse> calibration) implements DeviceSpec {

        public Connected {
            Objects.requireNonNull(calibration, "calibration");
        }

        /** Uncalibrated. */
        public Connected(String name, String address, Speed.Factor speed, Duration tick) {
            this(name, address, speed, tick, Optional.empty());
        }
    }
}
