package org.cycler.station.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.cycler.core.BadInputException;
import org.cycler.core.calibration.CalibrationInUse;
import org.cycler.core.device.Devices;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.Quantities;
import org.cycler.core.recipe.io.YamlNodes;
import org.cycler.core.run.AccuracyClasses;
import org.cycler.core.run.Speed;
import org.cycler.core.schedule.Scheduler;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.transport.DeviceAddress;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a station config file through {@link YamlNodes}, so every mistake is one line
 * {@code file:line:col: what was expected}. Stateless.
 */
public final class StationConfigParser {

    /** Largest config file read, bytes. */
    public static final long MAX_FILE_BYTES = 1 << 20;
    private static final int MAX_NESTING = 10;
    private static final int MAX_CHANNELS = 100_000;
    private static final String NAME_FORM = "[A-Za-z0-9][A-Za-z0-9._-]*";
    private static final List<String> TOP_KEYS = List.of("data", "http", "tokens", "devices", "recipes", "webhooks");
    private static final List<String> HTTP_KEYS = List.of("bind", "port");
    private static final List<String> SIM_KEYS = List.of("name", "sim", "seed", "chemistry", "accuracy", "speed",
            "tick", "calibration");
    private static final List<String> DEVICE_KEYS = List.of("name", "address", "speed", "tick", "calibration");
    private static final List<String> ANY_DEVICE_KEYS = List.of("name", "sim", "seed", "chemistry", "accuracy",
            "address", "speed", "tick", "calibration");
    private static final String TOO_LARGE = "config too large (expected at most " + MAX_FILE_BYTES + " bytes)";

    private StationConfigParser() {
    }

    /** Reads {@code file}; relative paths in it are taken from its folder. */
    public static StationConfig read(Path file) throws RecipeException {
        String name = file.toString();
        YamlNodes nodes = new YamlNodes(name);
        Node root = YamlNodes.document(YamlNodes.readFile(file, MAX_FILE_BYTES, TOO_LARGE), name, MAX_FILE_BYTES,
                MAX_NESTING, TOO_LARGE, "a station config with 'data:', 'tokens:' and 'devices:'");
        Path base = file.toAbsolutePath().getParent();
        YamlNodes.Fields top = nodes.fields(root, "the station config", TOP_KEYS);
        Path data = path(nodes, top.required("data", "the folder for run directories and the station's state"),
                "'data'", base);
        Path tokens = path(nodes, top.required("tokens", "a tokens file of 'TOKEN ROLE NAME' lines"), "'tokens'", base);
        String bind = StationConfig.DEFAULT_BIND;
        int port = StationConfig.DEFAULT_PORT;
        if (top.has("http")) {
            YamlNodes.Fields http = nodes.fields(top.value("http"), "'http'", HTTP_KEYS);
            if (http.has("bind")) {
                bind = nodes.scalar(http.value("bind"), "'bind'", "an address such as 127.0.0.1").getValue().strip();
            }
            if (http.has("port")) {
                port = (int) whole(nodes, http.value("port"), "'port'", 0, 65_535);
            }
        }
        Node devicesNode = top.required("devices", "a list of devices, e.g. '- {name: rack-1, sim: 8}'");
        List<StationConfig.DeviceSpec> devices = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node item : nodes.list(devicesNode, "'devices'", "devices such as {name: rack-1, sim: 8}")) {
            StationConfig.DeviceSpec device = device(nodes, item, base);
            if (!names.add(device.name())) {
                throw nodes.error(item, "device '" + device.name() + "' named twice (expected one entry per name)");
            }
            devices.add(device);
        }
        if (devices.isEmpty()) {
            throw nodes.error(devicesNode, "'devices' is empty (expected at least one device)");
        }
        Optional<Path> recipes = top.has("recipes")
                ? Optional.of(path(nodes, top.value("recipes"), "'recipes'", base)) : Optional.empty();
        List<URI> webhooks = new ArrayList<>();
        if (top.has("webhooks")) {
            for (Node item : nodes.list(top.value("webhooks"), "'webhooks'", "URLs such as http://10.0.0.9/hook")) {
                webhooks.add(webhook(nodes, item));
            }
        }
        return new StationConfig(file, data, bind, port, tokens, devices, recipes, webhooks);
    }

    private static URI webhook(YamlNodes nodes, Node item) throws RecipeException {
        ScalarNode s = nodes.scalar(item, "a webhook", "a URL such as http://10.0.0.9/hook");
        String text = s.getValue().strip();
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw nodes.error(s, "webhook '" + text + "' (expected an http:// or https:// URL with a host)");
    }

    private static StationConfig.DeviceSpec device(YamlNodes nodes, Node item, Path base) throws RecipeException {
        YamlNodes.Fields any = nodes.fields(item, "a device", ANY_DEVICE_KEYS);
        ScalarNode nameNode = nodes.scalar(any.required("name", "a name such as rack-1"), "'name'", "a device name");
        String name = nameNode.getValue().strip();
        if (!name.matches(NAME_FORM)) {
            throw nodes.error(nameNode, "device name '" + name + "' (expected letters, digits, '-', '_' or '.')");
        }
        if (any.has("sim") == any.has("address")) {
            throw nodes.error(item, "device '" + name + "' needs exactly one of 'sim: N' (a simulated cycler) and "
                    + "'address: tcp:HOST:PORT|serial:PATH'");
        }
        String what = "device '" + name + "'";
        if (any.has("sim")) {
            YamlNodes.Fields f = nodes.fields(item, what, SIM_KEYS);
            int channels = (int) whole(nodes, f.value("sim"), "'sim'", 1, MAX_CHANNELS);
            long seed = f.has("seed") ? whole(nodes, f.value("seed"), "'seed'", Long.MIN_VALUE, Long.MAX_VALUE) : 1;
            Chemistry chemistry = Chemistry.NMC;
            if (f.has("chemistry")) {
                ScalarNode c = nodes.scalar(f.value("chemistry"), "'chemistry'", "NMC or LFP");
                try {
                    chemistry = Chemistry.valueOf(c.getValue().strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw nodes.error(c, "chemistry '" + c.getValue() + "' (expected NMC or LFP)");
                }
            }
            return new StationConfig.Simulated(name, channels, seed, chemistry, speed(nodes, f), tick(nodes, f),
                    accuracy(nodes, f, base), calibration(nodes, f, base));
        }
        YamlNodes.Fields f = nodes.fields(item, what, DEVICE_KEYS);
        ScalarNode a = nodes.scalar(f.value("address"), "'address'", "tcp:HOST:PORT or serial:PATH");
        String address;
        try {
            address = DeviceAddress.parse(a.getValue().strip()).toString();
        } catch (IllegalArgumentException e) {
            throw nodes.error(a, e.getMessage());
        }
        Speed.Factor speed = speed(nodes, f);
        Duration tick = tick(nodes, f);
        try {
            Speed.forDevice(speed, tick);
        } catch (BadInputException e) {
            throw nodes.error(f.has("tick") ? f.value("tick") : item, e.getMessage().replaceFirst("^--tick: ", "tick: "));
        }
        return new StationConfig.Connected(name, address, speed, tick, calibration(nodes, f, base));
    }

    /**
     * A device's {@code calibration:}: a calibration file relative to the config's folder, read now
     * so that a mistake in it stops the station before it starts (docs/calibration.md).
     */
    private static Optional<CalibrationInUse> calibration(YamlNodes nodes, YamlNodes.Fields f, Path base)
            throws RecipeException {
        if (!f.has("calibration")) {
            return Optional.empty();
        }
        ScalarNode c = nodes.scalar(f.value("calibration"), "'calibration'", "a calibration file");
        String value = c.getValue().strip();
        Path file = base.resolve(value).normalize();
        if (value.isEmpty() || !Files.isRegularFile(file)) {
            throw nodes.error(c, "calibration '" + value + "' (expected a calibration file; no such file " + file + ")");
        }
        try {
            return Optional.of(CalibrationInUse.read(file));
        } catch (BadInputException e) {
            throw nodes.error(c, e.getMessage());
        }
    }

    /**
     * A simulated device's {@code accuracy:} as {@code --accuracy} takes it: a shipped class, or an
     * accuracy file relative to the config's folder; {@value AccuracyClasses#DEFAULT} when left out.
     */
    private static AccuracyClass accuracy(YamlNodes nodes, YamlNodes.Fields f, Path base) throws RecipeException {
        if (!f.has("accuracy")) {
            return AccuracyClasses.resolve(AccuracyClasses.DEFAULT);
        }
        ScalarNode a = nodes.scalar(f.value("accuracy"), "'accuracy'", "ideal, cabinet, smu or an accuracy file");
        String value = a.getValue().strip();
        AccuracyClass named = AccuracyClass.named(value.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        Path file = base.resolve(value).normalize();
        if (value.isEmpty() || !Files.isRegularFile(file)) {
            throw nodes.error(a, "accuracy '" + value + "' (expected ideal, cabinet, smu or an accuracy file; no such "
                    + "file " + file + ")");
        }
        return AccuracyClasses.parse(file);
    }

    private static Speed.Factor speed(YamlNodes nodes, YamlNodes.Fields f) throws RecipeException {
        if (!f.has("speed")) {
            return new Speed.Factor(1);
        }
        ScalarNode s = nodes.scalar(f.value("speed"), "'speed'", "realtime or a factor such as 60");
        try {
            if (Speed.parse(s.getValue()) instanceof Speed.Factor factor) {
                return factor;
            }
        } catch (BadInputException e) {
            // reported below
        }
        throw nodes.error(s, "speed '" + s.getValue() + "' (expected realtime or a positive factor such as 60; "
                + "a station's devices run against the wall clock)");
    }

    private static Duration tick(YamlNodes nodes, YamlNodes.Fields f) throws RecipeException {
        if (!f.has("tick")) {
            return Scheduler.DEFAULT_TICK;
        }
        Node node = f.value("tick");
        double seconds = nodes.quantity(node, "'tick'", EnumSet.of(Quantities.Kind.DURATION)).value();
        Duration tick = Duration.ofNanos(Math.round(seconds * 1e9));
        if (tick.compareTo(Scheduler.MIN_TICK) < 0) {
            throw nodes.error(node, "tick " + YamlNodes.describe(node) + " (expected at least "
                    + Scheduler.MIN_TICK.toMillis() + " ms)");
        }
        return tick;
    }

    private static Path path(YamlNodes nodes, Node node, String what, Path base) throws RecipeException {
        return base.resolve(nodes.scalar(node, what, "a path").getValue().strip()).normalize();
    }

    private static long whole(YamlNodes nodes, Node node, String what, long min, long max) throws RecipeException {
        ScalarNode s = nodes.scalar(node, what, "a whole number");
        try {
            long value = Long.parseLong(s.getValue().strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw nodes.error(s, what + " " + YamlNodes.describe(s) + " (expected a whole number"
                + (min == Long.MIN_VALUE ? "" : " from " + min + " to " + max) + ")");
    }
}
