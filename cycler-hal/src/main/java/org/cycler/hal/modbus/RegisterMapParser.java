package org.cycler.hal.modbus;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Mode;
import org.cycler.hal.transport.DeviceFileException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a {@link RegisterMap} from a YAML profile (docs/devices.md, "Modbus"), strictly: unknown
 * keys, missing keys, wrong types, overlapping registers and registers outside their channel's
 * block are errors that name the file, line and column, e.g.
 * {@code cabinet.yaml:12:20: unknown type 'int24' (expected int16, uint16, int32, uint32, float32)}.
 *
 * <p>The recipe parser's YAML walker lives in core, which the HAL may not reach; this is the same
 * idea kept small: SnakeYAML composes the node tree (no object construction, no aliases), and
 * every value is taken from its node with the node's position at hand. Stateless.
 */
public final class RegisterMapParser {

    /** Profiles are small; a bigger file is a mistake, not a map. */
    static final long MAX_BYTES = 256 * 1024;

    private static final List<String> TOP = List.of("manufacturer", "model", "unit-id", "word-order", "channel-count",
            "channels", "setpoints", "measured", "modes", "status-bits");
    private static final List<String> REGISTER = List.of("offset", "type", "scale", "word-order");
    private static final List<String> COUNT_REGISTER = List.of("table", "address", "type", "word-order");
    private static final Map<String, Integer> STATUS_NAMES = Map.of("over-voltage", ChannelStatus.OVER_VOLTAGE,
            "over-current", ChannelStatus.OVER_CURRENT, "over-temperature", ChannelStatus.OVER_TEMPERATURE,
            "hardware-fault", ChannelStatus.HARDWARE_FAULT);

    private final String file;

    private RegisterMapParser(String file) {
        this.file = file;
    }

    /**
     * Reads the profile at {@code path}.
     *
     * @throws DeviceFileException with one line naming the file (and line and column) and what was
     *                             expected, when it cannot be read or is not a valid register map
     */
    public static RegisterMap read(Path path) throws DeviceFileException {
        String text;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new DeviceFileException(path + ": larger than " + MAX_BYTES / 1024 + " KiB (expected a register map)");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (NoSuchFileException e) {
            throw new DeviceFileException(path + ": no such register map file");
        } catch (CharacterCodingException e) {
            throw new DeviceFileException(path + ": not UTF-8 text (expected a YAML register map)");
        } catch (IOException e) {
            throw new DeviceFileException(path + ": " + e.getMessage());
        }
        return parse(text, path.toString());
    }

    /** Reads a profile from {@code yaml}; messages name it {@code file}. */
    public static RegisterMap parse(String yaml, String file) throws DeviceFileException {
        return new RegisterMapParser(file).map(compose(yaml, file));
    }

    private static Node compose(String yaml, String file) throws DeviceFileException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(0);
        try {
            Node root = new Yaml(options).compose(new StringReader(yaml));
            if (root == null) {
                throw new DeviceFileException(file + ": empty (expected a register map)");
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new DeviceFileException(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1)
                    + ": not valid YAML (" + e.getProblem() + ")");
        } catch (YAMLException e) {
            throw new DeviceFileException(file + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private RegisterMap map(Node root) throws DeviceFileException {
        Map<String, NodeTuple> top = fields(root, "the register map", TOP);
        String manufacturer = text(required(root, top, "manufacturer", "the maker's name"), "manufacturer");
        String model = text(required(root, top, "model", "the model name"), "model");
        int unitId = top.containsKey("unit-id") ? integer(value(top, "unit-id"), "unit-id", 0, 247) : 1;
        Register.WordOrder order = top.containsKey("word-order") ? wordOrder(value(top, "word-order"))
                : Register.WordOrder.HIGH_FIRST;

        Node channelsNode = required(root, top, "channels", "{base: ADDRESS, stride: REGISTERS}");
        Map<String, NodeTuple> channels = fields(channelsNode, "channels", List.of("base", "stride"));
        int base = integer(required(channelsNode, channels, "base", "the first register of channel 1"), "base", 0, 0xFFFF);
        Node strideNode = required(channelsNode, channels, "stride", "registers from one channel's block to the next");
        int stride = integer(strideNode, "stride", 1, 0xFFFF);

        Node countNode = required(root, top, "channel-count", "a number, or {table, address, type} of the register holding it");
        OptionalInt fixed = OptionalInt.empty();
        Register countRegister = null;
        RegisterMap.Table countTable = null;
        if (countNode instanceof ScalarNode) {
            fixed = OptionalInt.of(integer(countNode, "channel-count", 1, 0xFFFF));
        } else {
            Map<String, NodeTuple> c = fields(countNode, "channel-count", COUNT_REGISTER);
            countTable = table(required(countNode, c, "table", "holding or input"));
            Register.Type type = type(required(countNode, c, "type", "uint16 or uint32"));
            if (type != Register.Type.UINT16 && type != Register.Type.UINT32) {
                throw error(value(c, "type"), "channel-count type " + type.label() + " (expected uint16 or uint32)");
            }
            Node address = required(countNode, c, "address", "the register's address");
            countRegister = new Register(integer(address, "address", 0, 0xFFFF), type, 1,
                    c.containsKey("word-order") ? wordOrder(value(c, "word-order")) : order);
            if (countRegister.offset() + countRegister.width() > base) {
                throw error(address, "the channel-count register must lie below channel 1's block at " + base);
            }
        }

        Node setNode = required(root, top, "setpoints", "mode, current, voltage, power and resistance registers");
        Map<String, NodeTuple> set = fields(setNode, "setpoints", List.of("mode", "current", "voltage", "power", "resistance"));
        List<Placed> holding = new ArrayList<>();
        Register mode = register(setNode, set, "mode", order, stride, holding);
        if (mode.type() == Register.Type.FLOAT32) {
            throw error(value(set, "mode"), "the mode register holds a code (expected an integer type)");
        }
        Register current = register(setNode, set, "current", order, stride, holding);
        Register voltage = register(setNode, set, "voltage", order, stride, holding);
        Register power = register(setNode, set, "power", order, stride, holding);
        Register resistance = register(setNode, set, "resistance", order, stride, holding);

        Node measNode = required(root, top, "measured", "table, voltage, current, temperature and status registers");
        Map<String, NodeTuple> meas = fields(measNode, "measured", List.of("table", "voltage", "current", "temperature", "status"));
        RegisterMap.Table table = meas.containsKey("table") ? table(value(meas, "table")) : RegisterMap.Table.INPUT;
        List<Placed> measured = table == RegisterMap.Table.HOLDING ? holding : new ArrayList<>();
        Register mv = register(measNode, meas, "voltage", order, stride, measured);
        Register mi = register(measNode, meas, "current", order, stride, measured);
        Register mt = register(measNode, meas, "temperature", order, stride, measured);
        Register ms = register(measNode, meas, "status", order, stride, measured);
        if (ms.type() == Register.Type.FLOAT32 || ms.type() == Register.Type.INT16 || ms.type() == Register.Type.INT32) {
            throw error(value(meas, "status"), "the status register holds bits (expected uint16 or uint32)");
        }

        Node modesNode = required(root, top, "modes", "the mode register's code for rest, cc, cv, cccv, cp and cr");
        Map<String, NodeTuple> modes = fields(modesNode, "modes", List.of("rest", "cc", "cv", "cccv", "cp", "cr"));
        Map<Mode, Integer> codes = new EnumMap<>(Mode.class);
        Map<Integer, String> seen = new LinkedHashMap<>();
        for (Mode m : Mode.values()) {
            String key = m.name().toLowerCase(Locale.ROOT);
            Node n = required(modesNode, modes, key, "the mode register's code for " + key);
            int code = integer(n, "mode code", 0, mode.type() == Register.Type.INT16 ? Short.MAX_VALUE : 0xFFFF);
            String other = seen.put(code, key);
            if (other != null) {
                throw error(n, "code " + code + " is already " + other + " (expected one code per mode)");
            }
            codes.put(m, code);
        }

        int bits = ms.width() * 16;
        int[] statusBits = new int[bits];
        if (top.containsKey("status-bits")) {
            Node bitsNode = value(top, "status-bits");
            Map<String, NodeTuple> named = fields(bitsNode, "status-bits", List.copyOf(STATUS_NAMES.keySet()));
            for (Map.Entry<String, NodeTuple> e : named.entrySet()) {
                Node n = e.getValue().getValueNode();
                int bit = integer(n, "status bit", 0, bits - 1);
                if (statusBits[bit] != 0) {
                    throw error(n, "bit " + bit + " is named twice (expected one meaning per bit)");
                }
                statusBits[bit] = STATUS_NAMES.get(e.getKey());
            }
        }
        try {
            return new RegisterMap(file, unitId, manufacturer, model, fixed, countRegister, countTable, base, stride,
                    mode, current, voltage, power, resistance, table, mv, mi, mt, ms, codes, statusBits);
        } catch (IllegalArgumentException e) {
            throw error(root, e.getMessage());
        }
    }

    /** A register's place in its channel's block, for the overlap check. */
    private record Placed(String name, int from, int to) {
    }

    private Register register(Node parent, Map<String, NodeTuple> fields, String key, Register.WordOrder order,
                              int stride, List<Placed> table) throws DeviceFileException {
        Node node = required(parent, fields, key, "{offset: N, type: TYPE[, scale: COUNTS_PER_UNIT][, word-order: ORDER]}");
        Map<String, NodeTuple> f = fields(node, key, REGISTER);
        Node offsetNode = required(node, f, "offset", "registers from the start of the channel's block");
        int offset = integer(offsetNode, "offset", 0, 0xFFFF);
        Register.Type type = type(required(node, f, "type", "int16, uint16, int32, uint32 or float32"));
        double scale = 1;
        if (f.containsKey("scale")) {
            Node s = value(f, "scale");
            scale = number(s, "scale");
            if (scale == 0 || !Double.isFinite(scale)) {
                throw error(s, "scale " + scale + " (expected counts per SI unit, not zero, e.g. 1000 for milli-units)");
            }
        }
        Register.WordOrder wo = f.containsKey("word-order") ? wordOrder(value(f, "word-order")) : order;
        Register r = new Register(offset, type, scale, wo);
        if (offset + r.width() > stride) {
            throw error(offsetNode, key + " at offset " + offset + " runs past the channel's block of " + stride
                    + " registers (expected offset + width <= stride)");
        }
        for (Placed p : table) {
            if (offset < p.to() && p.from() < offset + r.width()) {
                throw error(offsetNode, key + " at offset " + offset + " overlaps " + p.name() + " at "
                        + p.from() + " (expected registers apart)");
            }
        }
        table.add(new Placed(key, offset, offset + r.width()));
        return r;
    }

    private Map<String, NodeTuple> fields(Node node, String what, List<String> allowed) throws DeviceFileException {
        if (!(node instanceof MappingNode map)) {
            throw error(node, what + " is " + describe(node) + " (expected a mapping of " + String.join(", ", allowed) + ")");
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (key == null || !allowed.contains(key)) {
                throw error(t.getKeyNode(), "unknown key " + (key == null ? describe(t.getKeyNode()) : "'" + key + "'")
                        + " in " + what + " (expected " + String.join(", ", allowed) + ")");
            }
            entries.put(key, t);
        }
        return entries;
    }

    private Node required(Node parent, Map<String, NodeTuple> fields, String key, String expected) throws DeviceFileException {
        NodeTuple t = fields.get(key);
        if (t == null) {
            throw error(parent, "missing key '" + key + "' (expected " + expected + ")");
        }
        return t.getValueNode();
    }

    private static Node value(Map<String, NodeTuple> fields, String key) {
        return fields.get(key).getValueNode();
    }

    private String text(Node node, String what) throws DeviceFileException {
        String s = scalar(node, what, "text").strip();
        if (s.isEmpty() || s.contains(",")) {
            throw error(node, what + " '" + s + "' (expected a name without commas)");
        }
        return s;
    }

    private String scalar(Node node, String what, String expected) throws DeviceFileException {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, what + " is " + describe(node) + " (expected " + expected + ")");
        }
        return s.getValue();
    }

    private int integer(Node node, String what, int min, int max) throws DeviceFileException {
        String s = scalar(node, what, "a whole number").strip();
        long v;
        try {
            v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error(node, what + " '" + s + "' (expected a whole number within " + min + ".." + max + ")");
        }
        if (v < min || v > max) {
            throw error(node, what + " " + v + " (expected " + min + ".." + max + ")");
        }
        return (int) v;
    }

    private double number(Node node, String what) throws DeviceFileException {
        String s = scalar(node, what, "a number").strip();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw error(node, what + " '" + s + "' (expected a number, e.g. 1000)");
        }
    }

    private Register.Type type(Node node) throws DeviceFileException {
        String s = scalar(node, "type", "a register type").strip();
        for (Register.Type t : Register.Type.values()) {
            if (t.label().equals(s)) {
                return t;
            }
        }
        throw error(node, "unknown type '" + s + "' (expected int16, uint16, int32, uint32, float32)");
    }

    private Register.WordOrder wordOrder(Node node) throws DeviceFileException {
        String s = scalar(node, "word-order", "high-first or low-first").strip();
        for (Register.WordOrder o : Register.WordOrder.values()) {
            if (o.label().equals(s)) {
                return o;
            }
        }
        throw error(node, "unknown word-order '" + s + "' (expected high-first or low-first)");
    }

    private RegisterMap.Table table(Node node) throws DeviceFileException {
        String s = scalar(node, "table", "holding or input").strip();
        return switch (s) {
            case "holding" -> RegisterMap.Table.HOLDING;
            case "input" -> RegisterMap.Table.INPUT;
            default -> throw error(node, "unknown table '" + s + "' (expected holding or input)");
        };
    }

    private static String describe(Node node) {
        return switch (node) {
            case ScalarNode s -> "'" + s.getValue() + "'";
            case MappingNode m -> "a mapping";
            default -> "a list";
        };
    }

    private DeviceFileException error(Node node, String problem) {
        Mark mark = node.getStartMark();
        return new DeviceFileException(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": " + problem);
    }
}
