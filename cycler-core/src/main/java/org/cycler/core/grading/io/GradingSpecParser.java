package org.cycler.core.grading.io;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cycler.core.grading.Figure;
import org.cycler.core.grading.GradingSpec;
import org.cycler.core.grading.GradingSpec.Bin;
import org.cycler.core.recipe.Comparison;
import org.cycler.core.grading.GradingSpec.Range;
import org.cycler.core.grading.GradingSpec.RejectRule;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.Locator;
import org.cycler.core.recipe.io.Quantities;
import org.cycler.core.recipe.io.Text;
import org.cycler.core.recipe.io.YamlNodes;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a grading spec file into a validated {@link GradingSpec}:
 *
 * <pre>
 * grading: NMC 21700 5 Ah
 * optional: [k]                       # judged only where known
 * reject:
 *   - {if: "capacity &lt; 4.75 Ah", reason: low capacity}
 *   - {if: "dcir &gt; 25 mOhm", reason: high DCIR}
 * bins:
 *   - {name: A, capacity: [4.95 Ah, 5.5 Ah], dcir: [0 mOhm, 19.5 mOhm]}
 *   - {name: B}
 * </pre>
 *
 * Every figure carries a unit, as in recipes ({@code Ah, mAh}, {@code Wh}, {@code Ohm, mOhm},
 * {@code V, mV}, {@code mV/day}; efficiencies in {@code %}). The only exception that leaves this
 * class is {@link RecipeException}, one line, {@code file:line:col: problem (what was expected)}.
 * Stateless and thread-safe.
 */
public final class GradingSpecParser {

    /** Largest spec file read, in bytes. */
    public static final long MAX_FILE_BYTES = 1 << 20;
    /** Longest bin name: it is printed in narrow table columns and on pack-line screens. */
    public static final int MAX_BIN_NAME = 32;
    /** Longest reject reason. */
    public static final int MAX_REASON = 120;

    private static final int MAX_NESTING = 20;
    private static final List<String> TOP_KEYS = List.of("grading", "optional", "reject", "bins");
    private static final List<String> RULE_KEYS = List.of("if", "reason");
    private static final List<String> BIN_KEYS = binKeys();
    private static final String TOO_LARGE = "grading spec too large (expected at most " + MAX_FILE_BYTES + " bytes)";
    private static final Pattern PERCENT = Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*(.*)");

    private GradingSpecParser() {
    }

    /** Reads and parses a UTF-8 spec file; messages name it as {@code file.toString()}. */
    public static GradingSpec parse(Path file) throws RecipeException {
        return parse(YamlNodes.readFile(file, MAX_FILE_BYTES, TOO_LARGE), file.toString());
    }

    /**
     * Parses spec text.
     *
     * @param fileName how messages name the text's origin
     */
    public static GradingSpec parse(String yaml, String fileName) throws RecipeException {
        YamlNodes nodes = new YamlNodes(fileName);
        Node root = YamlNodes.document(yaml, fileName, MAX_FILE_BYTES, MAX_NESTING, TOO_LARGE,
                "a grading spec with 'grading:' and 'bins:'");
        YamlNodes.Fields top = nodes.fields(root, "the grading spec", TOP_KEYS);
        String name = nodes.scalar(top.required("grading", "the spec's name"), "'grading'", "the spec's name")
                .getValue().strip();
        Set<Figure> optional = top.has("optional") ? optional(top.value("optional"), nodes) : EnumSet.noneOf(Figure.class);
        List<RejectRule> rules = new ArrayList<>();
        if (top.has("reject")) {
            for (Node item : nodes.list(top.value("reject"), "'reject'", "rules {if: ..., reason: ...}")) {
                rules.add(rule(item, nodes));
            }
        }
        Node binsNode = top.required("bins", "a list of bins, e.g. [{name: A, capacity: [4.9 Ah, 5.2 Ah]}]");
        List<Node> binItems = nodes.list(binsNode, "'bins'", "bins {name: ..., <figure>: [low, high]}");
        if (binItems.isEmpty()) {
            throw nodes.error(binsNode, "'bins' must list at least one bin, got an empty list");
        }
        List<Bin> bins = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        String catchAll = null;
        for (Node item : binItems) {
            Bin bin = bin(item, nodes, names);
            if (catchAll != null) {
                throw nodes.error(item, "bin '" + bin.name() + "' can never be reached (expected it before bin '"
                        + catchAll + "', which has no ranges and takes every cell)");
            }
            if (bin.ranges().isEmpty()) {
                catchAll = bin.name();
            }
            bins.add(bin);
        }
        return new GradingSpec(name, optional, rules, bins);
    }

    private static Set<Figure> optional(Node node, YamlNodes nodes) throws RecipeException {
        Set<Figure> out = EnumSet.noneOf(Figure.class);
        for (Node item : nodes.list(node, "'optional'", "figures (" + Figure.keys() + ")")) {
            ScalarNode scalar = nodes.scalar(item, "an optional figure", "a figure (" + Figure.keys() + ")");
            out.add(figure(scalar.getValue(), item, nodes));
        }
        return out;
    }

    private static Figure figure(String key, Node at, YamlNodes nodes) throws RecipeException {
        return Figure.ofKey(key).orElseThrow(() -> nodes.error(at, "unknown figure " + Text.quote(key.strip())
                + " (expected " + Figure.keys() + ")"));
    }

    private static RejectRule rule(Node node, YamlNodes nodes) throws RecipeException {
        YamlNodes.Fields fields = nodes.fields(node, "a reject rule", RULE_KEYS);
        Node condition = fields.required("if", "a condition such as \"capacity < 4.75 Ah\"");
        ScalarNode scalar = nodes.scalar(condition, "'if'", "a condition such as \"capacity < 4.75 Ah\"");
        String reason = text(fields.required("reason", "why the cell is rejected, e.g. low capacity"),
                "'reason'", "why the cell is rejected, e.g. low capacity", MAX_REASON, nodes);
        return condition(scalar.getValue(), nodes.locator(scalar), reason);
    }

    /** {@code <figure> <comparison> <value>}, each error pointing at the offending token. */
    private static RejectRule condition(String text, Locator at, String reason) throws RecipeException {
        int i = skipSpace(text, 0);
        int start = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        String key = text.substring(start, i);
        if (key.isEmpty()) {
            throw new RecipeException(at.at(start), "expected a figure (" + Figure.keys() + ") to start the condition, got "
                    + Text.quote(text.substring(start).strip()));
        }
        Figure figure = Figure.ofKey(key).orElseThrow(() -> new RecipeException(at.at(start),
                "unknown figure " + Text.quote(key) + " (expected " + Figure.keys() + ")"));
        i = skipSpace(text, i);
        Comparison comparison = null;
        for (Comparison c : List.of(Comparison.LESS_OR_EQUAL, Comparison.GREATER_OR_EQUAL, Comparison.LESS,
                Comparison.GREATER)) {
            if (text.startsWith(c.symbol(), i)) {
                comparison = c;
                break;
            }
        }
        if (comparison == null) {
            String rest = text.substring(i).strip();
            throw new RecipeException(at.at(i), "expected a comparison (<, <=, >, >=) after '" + key + "', got "
                    + (rest.isEmpty() ? "nothing" : Text.quote(rest)));
        }
        i += comparison.symbol().length();
        double threshold = value(figure, text, i, text.length(), at);
        return new RejectRule(figure, comparison, threshold, text.strip(), reason);
    }

    /** {@code source[from, to)} as a value of {@code figure}, in SI units. */
    private static double value(Figure figure, String source, int from, int to, Locator at) throws RecipeException {
        Optional<Quantities.Kind> kind = figure.kind();
        if (kind.isPresent()) {
            return Quantities.parse(source, from, to, EnumSet.of(kind.get()), at).value();
        }
        int start = skipSpace(source, from);
        String text = source.substring(start, to).strip();
        Matcher m = PERCENT.matcher(text);
        if (!m.matches()) {
            throw new RecipeException(at.at(start), "expected a percentage for " + figure.key() + " (%), got "
                    + (text.isEmpty() ? "nothing" : Text.quote(text)));
        }
        if (m.group(2).isEmpty()) {
            throw new RecipeException(at.at(start + m.end(1)), "missing unit after " + Text.quote(m.group(1))
                    + " (expected %)");
        }
        if (!m.group(2).equals("%")) {
            throw new RecipeException(at.at(start + m.start(2)), "unknown unit " + Text.quote(m.group(2))
                    + " (expected % for " + figure.key() + ")");
        }
        double v = Double.parseDouble(m.group(1)) / 100;
        if (!Double.isFinite(v)) {
            throw new RecipeException(at.at(start), "number out of range in " + Text.quote(text));
        }
        return v;
    }

    private static Bin bin(Node node, YamlNodes nodes, Map<String, Node> names) throws RecipeException {
        YamlNodes.Fields fields = nodes.fields(node, "a bin", BIN_KEYS);
        Node nameNode = fields.required("name", "the bin's name, e.g. A");
        String name = text(nameNode, "a bin's name", "a name such as A", MAX_BIN_NAME, nodes);
        if (name.equalsIgnoreCase(GradingSpec.REJECT)) {
            throw nodes.error(nameNode, "bin name " + Text.quote(name) + " is reserved for rejected cells (expected another name)");
        }
        Node first = names.putIfAbsent(name.toUpperCase(Locale.ROOT), nameNode);
        if (first != null) {
            throw nodes.error(nameNode, "duplicate bin " + Text.quote(name) + " (first at line "
                    + nodes.at(first).line() + ")");
        }
        Map<Figure, Range> ranges = new EnumMap<>(Figure.class);
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            if (!key.equals("name")) {
                Figure figure = Figure.ofKey(key).orElseThrow();
                ranges.put(figure, range(tuple.getValueNode(), "bin " + name + " " + figure.key(), figure, nodes));
            }
        }
        return new Bin(name, ranges);
    }

    private static Range range(Node node, String what, Figure figure, YamlNodes nodes) throws RecipeException {
        String units = figure.kind().map(Quantities.Kind::spellings).orElse("%");
        String expected = "[low, high] (" + units + ")";
        List<Node> items = nodes.list(node, what, "two values " + expected);
        if (items.size() != 2) {
            throw nodes.error(node, what + " must be " + expected + ", got " + items.size()
                    + (items.size() == 1 ? " item" : " items"));
        }
        double low = bound(items.get(0), what, figure, nodes);
        double high = bound(items.get(1), what, figure, nodes);
        if (!(low <= high)) {
            throw nodes.error(node, what + " must be [low, high] with low <= high, got ["
                    + ((ScalarNode) items.get(0)).getValue().strip() + ", " + ((ScalarNode) items.get(1)).getValue().strip() + "]");
        }
        return new Range(low, high);
    }

    private static double bound(Node node, String what, Figure figure, YamlNodes nodes) throws RecipeException {
        String expected = figure.kind().map(k -> Quantities.describe(EnumSet.of(k))).orElse("a percentage (%)");
        ScalarNode scalar = nodes.scalar(node, what, expected);
        String value = scalar.getValue();
        return value(figure, value, 0, value.length(), nodes.locator(scalar));
    }

    /** A one-line name or reason: no control characters, at most {@code max} code points. */
    private static String text(Node node, String what, String expected, int max, YamlNodes nodes) throws RecipeException {
        String value = nodes.scalar(node, what, expected).getValue().strip();
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw nodes.error(node, what + " must be one line of text without control characters, got " + Text.quote(value));
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw nodes.error(node, what + " must be at most " + max + " characters, got " + Text.quote(value));
        }
        return value;
    }

    private static int skipSpace(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static List<String> binKeys() {
        List<String> keys = new ArrayList<>();
        keys.add("name");
        for (Figure f : Figure.values()) {
            keys.add(f.key());
        }
        return List.copyOf(keys);
    }
}
