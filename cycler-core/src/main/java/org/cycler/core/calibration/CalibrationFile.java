package org.cycler.core.calibration;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.Quantities.Kind;
import org.cycler.core.recipe.io.YamlNodes;
import org.cycler.hal.calibration.ChannelCalibration;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The calibration file of one device (docs/calibration.md): YAML, every figure with its unit,
 * one entry per calibrated channel.
 *
 * <pre>
 * device: lab-a                  # the device it calibrates
 * serial: "MY5400123"            # as the device identified itself when calibrated
 * channels:
 *   1:
 *     voltage: {gain: 1.000100000, offset: 0.000230000 V}    # raw = gain * true + offset
 *     current: {gain: 0.999600000, offset: -0.000300000 A}
 *     date: 2026-03-01T10:00:00Z
 *     by: "J. Smith"
 *     reference: "Keysight 34465A"
 * </pre>
 *
 * Reading errors are one line naming {@code file:line:col} ({@link RecipeException}). Writing is
 * atomic: the new text goes to a temporary file beside the old one, which is then renamed over
 * it, so a crash or a refused input never leaves a half-written or lost file. Stateless.
 */
public final class CalibrationFile {

    /** Largest calibration file read, bytes. */
    public static final long MAX_FILE_BYTES = 4L << 20;
    /** Where a named device's calibration lives, beside the devices file. */
    public static final String DIRECTORY = "calibration";
    private static final int MAX_NESTING = 5;
    private static final String TOO_LARGE = "calibration file too large (expected at most " + MAX_FILE_BYTES + " bytes)";
    private static final List<String> TOP = List.of("device", "serial", "channels");
    private static final List<String> CHANNEL = List.of("voltage", "current", "date", "by", "reference");
    private static final List<String> PAIR = List.of("gain", "offset");

    private CalibrationFile() {
    }

    /** Where a device named {@code name} in {@code devicesFile} keeps its calibration. */
    public static Path besideDevices(Path devicesFile, String name) {
        Path parent = devicesFile.toAbsolutePath().getParent();
        return parent.resolve(DIRECTORY).resolve(name + ".yaml");
    }

    /** Reads a calibration file; messages name it as {@code file.toString()}. */
    public static Calibration read(Path file) throws RecipeException {
        return parse(YamlNodes.readFile(file, MAX_FILE_BYTES, TOO_LARGE), file.toString());
    }

    /** Parses calibration-file text; {@code fileName} is how messages name it. */
    public static Calibration parse(String yaml, String fileName) throws RecipeException {
        YamlNodes nodes = new YamlNodes(fileName);
        Node root = YamlNodes.document(yaml, fileName, MAX_FILE_BYTES, MAX_NESTING, TOO_LARGE,
                "a calibration with " + String.join(", ", TOP));
        YamlNodes.Fields top = nodes.fields(root, "the calibration", TOP);
        String device = text(nodes, top.required("device", "the device's name"), "'device'");
        String serial = top.has("serial") ? optionalText(nodes, top.value("serial"), "'serial'") : "";
        Node channelsNode = top.required("channels", "a map of channel numbers");
        if (!(channelsNode instanceof MappingNode map)) {
            throw nodes.error(channelsNode, "'channels' must be a map of channel numbers to calibrations, got "
                    + YamlNodes.describe(channelsNode));
        }
        List<Calibration.Channel> channels = new ArrayList<>();
        Map<Integer, Integer> seenAtLine = new HashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            int channel = channelNumber(nodes, tuple.getKeyNode());
            Integer first = seenAtLine.putIfAbsent(channel, tuple.getKeyNode().getStartMark().getLine() + 1);
            if (first != null) {
                throw nodes.error(tuple.getKeyNode(), "channel " + channel + " calibrated twice (first at line "
                        + first + ")");
            }
            channels.add(channel(nodes, channel, tuple.getValueNode()));
        }
        return new Calibration(device, serial, channels);
    }

    private static int channelNumber(YamlNodes nodes, Node key) throws RecipeException {
        if (key instanceof ScalarNode scalar && scalar.getValue().strip().matches("[0-9]{1,6}")) {
            int channel = Integer.parseInt(scalar.getValue().strip());
            if (channel >= 1) {
                return channel;
            }
        }
        throw nodes.error(key, "expected a channel number (1, 2, ...) in 'channels', got " + YamlNodes.describe(key));
    }

    private static Calibration.Channel channel(YamlNodes nodes, int channel, Node node) throws RecipeException {
        String what = "channel " + channel;
        YamlNodes.Fields f = nodes.fields(node, what, CHANNEL);
        Node voltage = f.required("voltage", "{gain: 1.0001, offset: 0.2 mV}");
        Node current = f.required("current", "{gain: 0.9996, offset: -0.3 mA}");
        YamlNodes.Fields v = nodes.fields(voltage, what + " voltage", PAIR);
        YamlNodes.Fields i = nodes.fields(current, what + " current", PAIR);
        double voltageGain = gain(nodes, v.required("gain", "raw volts per true volt, e.g. 1.0001"), what + " voltage gain");
        double voltageOffset = nodes.quantity(v.required("offset", "a voltage (V, mV)"), what + " voltage offset",
                EnumSet.of(Kind.VOLTAGE)).value();
        double currentGain = gain(nodes, i.required("gain", "raw amperes per true ampere, e.g. 0.9996"),
                what + " current gain");
        double currentOffset = nodes.quantity(i.required("offset", "a current (A, mA)"), what + " current offset",
                EnumSet.of(Kind.CURRENT)).value();
        Node dateNode = f.required("date", "when it was calibrated, e.g. 2026-03-01T10:00:00Z");
        String date = text(nodes, dateNode, what + " date");
        if (!isDate(date)) {
            throw nodes.error(dateNode, what + " date " + YamlNodes.describe(dateNode)
                    + " (expected an ISO-8601 date or time, e.g. 2026-03-01 or 2026-03-01T10:00:00Z)");
        }
        String by = text(nodes, f.required("by", "who calibrated it"), what + " 'by'");
        String reference = f.has("reference") ? optionalText(nodes, f.value("reference"), what + " reference") : "";
        return new Calibration.Channel(channel, new ChannelCalibration(voltageGain, voltageOffset, currentGain,
                currentOffset), date, by, reference);
    }

    private static double gain(YamlNodes nodes, Node node, String what) throws RecipeException {
        ScalarNode scalar = nodes.scalar(node, what, "a number near 1, e.g. 1.0001");
        double gain;
        try {
            gain = Double.parseDouble(scalar.getValue().strip());
        } catch (NumberFormatException e) {
            throw nodes.error(node, what + " must be a plain number near 1, e.g. 1.0001, got " + YamlNodes.describe(node));
        }
        if (!(Math.abs(gain - 1) <= ChannelCalibration.MAX_GAIN_DEVIATION)) {
            throw nodes.error(node, what + " of " + YamlNodes.describe(node) + " is beyond any working channel "
                    + "(expected within " + ChannelCalibration.MAX_GAIN_DEVIATION + " of 1)");
        }
        return gain;
    }

    /** A text value that may be empty (or left out as nothing). */
    private static String optionalText(YamlNodes nodes, Node node, String what) throws RecipeException {
        if (YamlNodes.isNull(node)) {
            return "";
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw nodes.error(node, what + " must be text, got " + YamlNodes.describe(node));
        }
        return scalar.getValue().strip();
    }

    private static String text(YamlNodes nodes, Node node, String what) throws RecipeException {
        return nodes.scalar(node, what, "text").getValue().strip();
    }

    /** True for an ISO-8601 date ({@code 2026-03-01}) or date and time with offset. */
    public static boolean isDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException notDate) {
            try {
                OffsetDateTime.parse(text);
                return true;
            } catch (DateTimeParseException notTime) {
                return false;
            }
        }
    }

    /** The file's text for {@code calibration}; {@link #parse} reads it back to the same figures. */
    public static String format(Calibration calibration) {
        StringBuilder out = new StringBuilder();
        out.append("# Channel calibration: a channel reads raw = gain * true + offset; readings are corrected as\n")
                .append("# (raw - offset) / gain, setpoints sent as gain * wanted + offset (docs/calibration.md).\n");
        out.append("device: ").append(quoted(calibration.device())).append('\n');
        out.append("serial: ").append(quoted(calibration.serial())).append('\n');
        out.append(calibration.channels().isEmpty() ? "channels: {}\n" : "channels:\n");
        for (Calibration.Channel c : calibration.channels()) {
            ChannelCalibration k = c.calibration();
            out.append("  ").append(c.channel()).append(":\n");
            out.append(String.format(Locale.ROOT, "    voltage: {gain: %.9f, offset: %.9f V}%n", k.voltageGain(),
                    k.voltageOffsetV()));
            out.append(String.format(Locale.ROOT, "    current: {gain: %.9f, offset: %.9f A}%n", k.currentGain(),
                    k.currentOffsetA()));
            out.append("    date: ").append(quoted(c.date())).append('\n');
            out.append("    by: ").append(quoted(c.by())).append('\n');
            out.append("    reference: ").append(quoted(c.reference())).append('\n');
        }
        return out.toString();
    }

    /** Writes {@code calibration} to {@code file} atomically (temporary file, then rename). */
    public static void write(Path file, Calibration calibration) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, format(calibration), StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < ' ' ? String.format(Locale.ROOT, "\\x%02X", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
