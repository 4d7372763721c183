package org.cycler.core.recipe.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.SourceLocation;
import org.cycler.core.recipe.io.Quantities.Kind;
import org.cycler.core.recipe.io.Quantities.Quantity;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed access to a composed YAML node tree with errors that name the file, line and column of
 * the offending node and what was expected there. One instance per file; not thread-safe.
 */
final class YamlNodes {

    private final String file;

    YamlNodes(String file) {
        this.file = file;
    }

    /** The keys of one mapping, checked for duplicates and for keys outside {@code allowed}. */
    final class Fields {
        private final MappingNode map;
        private final String what;
        private final Map<String, NodeTuple> entries;

        private Fields(MappingNode map, String what, Map<String, NodeTuple> entries) {
            this.map = map;
            this.what = what;
            this.entries = entries;
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        /** The value of {@code key}, which {@link #has} said is present. */
        Node value(String key) {
            return entries.get(key).getValueNode();
        }

        /** The value of {@code key}; its absence is an error naming {@code expected}. */
        Node required(String key, String expected) throws RecipeException {
            NodeTuple entry = entries.get(key);
            if (entry == null) {
                throw error(map, "missing key '" + key + "' in " + what + " (expected " + expected + ")");
            }
            return entry.getValueNode();
        }
    }

    SourceLocation at(Node node) {
        Mark mark = node.getStartMark();
        return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    RecipeException error(Node node, String problem) {
        return new RecipeException(at(node), problem);
    }

    /**
     * A locator for a scalar's value. It points at the exact column when the value is written out
     * character for character on one line (plain, or quoted without escapes); otherwise at the
     * scalar's start.
     */
    Locator locator(ScalarNode scalar) {
        SourceLocation start = at(scalar);
        Mark begin = scalar.getStartMark();
        Mark end = scalar.getEndMark();
        String value = scalar.getValue();
        ScalarStyle style = scalar.getScalarStyle();
        boolean quoted = style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED;
        if (!quoted && style != ScalarStyle.PLAIN || begin.getLine() != end.getLine()) {
            return Locator.fixed(start);
        }
        int quotes = quoted ? 1 : 0;
        int written = end.getColumn() - begin.getColumn() - 2 * quotes;
        if (written != value.codePointCount(0, value.length())) {
            return Locator.fixed(start);
        }
        return Locator.inLine(new SourceLocation(file, start.line(), start.column() + quotes), value);
    }

    /**
     * {@code node} as a mapping with string keys among {@code allowed}.
     *
     * @param what how the map is called in messages, e.g. {@code 'safety'}
     */
    Fields fields(Node node, String what, List<String> allowed) throws RecipeException {
        if (!(node instanceof MappingNode map)) {
            throw error(node, what + " must be a map (keys " + String.join(", ", allowed) + "), got " + describe(node));
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || isNull(keyNode)) {
                throw error(keyNode, "expected a plain key in " + what + " (one of " + String.join(", ", allowed)
                        + "), got " + describe(keyNode));
            }
            String name = key.getValue();
            if (!allowed.contains(name)) {
                throw error(keyNode, "unknown key " + Text.quote(name) + " in " + what
                        + " (expected " + String.join(", ", allowed) + ")");
            }
            NodeTuple first = entries.putIfAbsent(name, tuple);
            if (first != null) {
                throw error(keyNode, "duplicate key " + Text.quote(name) + " in " + what + " (first at line "
                        + (first.getKeyNode().getStartMark().getLine() + 1) + ")");
            }
        }
        return new Fields(map, what, entries);
    }

    /** {@code node} as a list; {@code expected} says what its items are. */
    List<Node> list(Node node, String what, String expected) throws RecipeException {
        if (!(node instanceof SequenceNode sequence)) {
            throw error(node, what + " must be a list of " + expected + ", got " + describe(node));
        }
        return sequence.getValue();
    }

    /** {@code node} as a non-empty text value, trimmed. */
    ScalarNode scalar(Node node, String what, String expected) throws RecipeException {
        if (!(node instanceof ScalarNode scalar) || isNull(node) || scalar.getValue().isBlank()) {
            throw error(node, what + " must be " + expected + ", got " + describe(node));
        }
        return scalar;
    }

    /** {@code node} as a value with a unit of one of {@code kinds}. */
    Quantity quantity(Node node, String what, Set<Kind> kinds) throws RecipeException {
        ScalarNode scalar = scalar(node, what, Quantities.describe(kinds));
        String value = scalar.getValue();
        return Quantities.parse(value, 0, value.length(), kinds, locator(scalar));
    }

    /** How a node reads in a message: {@code '4.2 V'}, {@code a list}, {@code a map}, {@code nothing}. */
    static String describe(Node node) {
        if (isNull(node)) {
            return "nothing";
        }
        return switch (node) {
            case ScalarNode scalar -> scalar.getValue().isBlank() ? "nothing" : Text.quote(scalar.getValue());
            case SequenceNode sequence -> sequence.getValue().isEmpty() ? "an empty list" : "a list";
            case MappingNode map -> map.getValue().isEmpty() ? "an empty map" : "a map";
            default -> "a YAML " + node.getNodeId();
        };
    }

    /** An empty value or {@code ~}/{@code null} written plainly. */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag())
                && scalar.getScalarStyle() == ScalarStyle.PLAIN;
    }
}
