package org.cycler.core.device;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.cycler.core.BadInputException;
import org.cycler.core.TextFiles;
import org.cycler.core.recipe.SafetyLimits;
import org.cycler.hal.Cycler;
import org.cycler.hal.DeviceLimits;
import org.cycler.hal.drivers.Drivers;
import org.cycler.hal.drivers.Reachability;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.DeviceFileException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The lab's cyclers by name, and connecting to one. A devices file ({@value #DEFAULT_FILE} in the
 * working directory, or one named with {@code --devices}) maps names to addresses:
 *
 * <pre>
 * lab-a:
 *   address: "tcp:10.0.0.5:5025"
 *   description: formation rack 1, shelf A
 * bench:
 *   address: "serial:/dev/ttyUSB0?baud=115200"
 * </pre>
 *
 * Names are letters, digits, {@code -}, {@code _} and {@code .}; an argument with a {@code :} is
 * always an address, never a name. Stateless.
 */
public final class Devices {

    /** The devices file looked for in the working directory. */
    public static final String DEFAULT_FILE = "devices.yaml";
    /** Largest devices file read, bytes. */
    public static final long MAX_FILE_BYTES = 1 << 20;
    /** Deepest nesting of YAML collections accepted in a devices file. */
    private static final int MAX_NESTING = 10;
    private static final String NAME_FORM = "[A-Za-z0-9][A-Za-z0-9._-]*";

    private Devices() {
    }

    /**
     * One configured device.
     *
     * @param address canonical address text ({@link DeviceAddress#toString()})
     */
    public record Device(String name, String address, String description) {
        public Device {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * Reads a devices file.
     *
     * @throws BadInputException naming the file (and the device) when it cannot be read, is not a
     *                           map of names to {@code address:} entries, or holds a bad address
     */
    public static List<Device> read(Path file) throws BadInputException {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(0);
            options.setNestingDepthLimit(MAX_NESTING);
            options.setCodePointLimit((int) MAX_FILE_BYTES);
            root = new Yaml(new SafeConstructor(options)).load(TextFiles.read(file, MAX_FILE_BYTES));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such devices file");
        } catch (FileSystemException e) {
            throw new BadInputException(file + ": cannot read devices file (" + e.getReason() + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new BadInputException(file + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new BadInputException(file + ": expected a map of device names, e.g. 'lab-a: {address: \"tcp:10.0.0.5:5025\"}'");
        }
        List<Device> devices = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!name.matches(NAME_FORM)) {
                throw new BadInputException(file + ": device name '" + name
                        + "' (expected letters, digits, '-', '_' or '.', and no ':')");
            }
            if (!(entry.getValue() instanceof Map<?, ?> fields) || !(fields.get("address") instanceof String address)) {
                throw new BadInputException(file + ": device '" + name + "' has no address (expected address: \"tcp:HOST:PORT\" or \"serial:PATH\")");
            }
            for (Object key : fields.keySet()) {
                if (!"address".equals(key) && !"description".equals(key)) {
                    throw new BadInputException(file + ": device '" + name + "': unknown key '" + key
                            + "' (expected address, description)");
                }
            }
            String canonical;
            try {
                canonical = DeviceAddress.parse(address).toString();
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file + ": device '" + name + "': " + e.getMessage(), e);
            }
            Object description = fields.get("description");
            devices.add(new Device(name, canonical, description == null ? "" : String.valueOf(description)));
        }
        return List.copyOf(devices);
    }

    /**
     * The address {@code nameOrAddress} stands for: itself when it is an address, else the
     * address of that name in {@code devicesFile} (null: {@value #DEFAULT_FILE} in the working
     * directory).
     *
     * @throws BadInputException for a malformed address, a missing devices file or an unknown name
     */
    public static String resolve(String nameOrAddress, Path devicesFile) throws BadInputException {
        String text = nameOrAddress.strip();
        if (text.contains(":")) {
            try {
                return DeviceAddress.parse(text).toString();
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--device: " + e.getMessage(), e);
            }
        }
        Path file = devicesFile != null ? devicesFile : Path.of(DEFAULT_FILE);
        if (devicesFile == null && !Files.exists(file)) {
            throw new BadInputException("--device " + text + ": not an address, and there is no " + DEFAULT_FILE
                    + " here to name it (expected tcp:HOST:PORT, serial:PATH, or a name from --devices FILE)");
        }
        List<Device> devices = read(file);
        for (Device device : devices) {
            if (device.name().equals(text)) {
                return device.address();
            }
        }
        throw new BadInputException("--device " + text + ": no such device in " + file + " (known: "
                + (devices.isEmpty() ? "none" : String.join(", ", devices.stream().map(Device::name).toList())) + ")");
    }

    /**
     * Connects to the device at {@code address} and checks who it is.
     *
     * @throws BadInputException for a malformed address, or a file it names (a register map) that
     *                           cannot be used
     * @throws IOException       with a one-line message naming the address when the device cannot
     *                           be reached or does not identify itself
     */
    public static Cycler connect(String address) throws BadInputException, IOException {
        return connect(address, SafetyLimits.NONE);
    }

    /**
     * As {@link #connect(String)}, for a run under {@code limits}: a device that can enforce channel
     * safety limits itself (MacNet) is given the recipe's voltage window and current magnitude, so
     * it stops a channel even while this process is not looking.
     */
    public static Cycler connect(String address, SafetyLimits limits) throws BadInputException, IOException {
        return open(address, limits, false);
    }

    /**
     * Connects as {@link #connect(String)} does, leaving the device's channels as they are found
     * where its driver can ({@link Drivers#attach}): for continuing a run after its controller died.
     */
    public static Cycler attach(String address) throws BadInputException, IOException {
        return open(address, SafetyLimits.NONE, true);
    }

    private static Cycler open(String address, SafetyLimits limits, boolean attach) throws BadInputException, IOException {
        DeviceAddress parsed;
        try {
            parsed = DeviceAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--device: " + e.getMessage(), e);
        }
        try {
            return attach ? Drivers.attach(parsed)
                    : Drivers.connect(parsed, DeviceLimits.of(limits.minVoltageV(), limits.maxVoltageV(), limits.maxCurrentA()));
        } catch (DeviceFileException e) {
            throw new BadInputException("--device " + parsed + ": " + e.getMessage(), e);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(why.contains(parsed.toString()) ? why : "cannot connect to " + parsed + ": " + why, e);
        }
    }

    /** The longest wait for each port of a device when checking whether it can be reached. */
    public static final Duration REACH_TIMEOUT = Duration.ofSeconds(1);

    /**
     * Why {@code device} cannot be reached, or empty when every port it uses accepts a connection
     * (or its serial port is present). Nothing is sent to it, so a device in use is not disturbed.
     */
    public static Optional<String> unreachable(Device device) {
        DeviceAddress parsed;
        try {
            parsed = DeviceAddress.parse(device.address());
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Reachability.problem(parsed, REACH_TIMEOUT);
    }
}
