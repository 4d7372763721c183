package org.cycler.core.recipe.io;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cycler.core.TextFiles;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.SourceLocation;
import org.cycler.core.recipe.io.Quantities.Kind;
import org.cycler.core.recipe.io.Quantities.Quantity;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Typed access to a composed YAML node tree with errors that name the file, line and column of
 * the offending node and what was expected there. Shared by the recipe and grading-spec parsers
 * so both read files, units and mistakes the same way. One instance per file; not thread-safe.
 *
 * <p>Why ours and not a library's: binding YAML to objects (Jackson's YAML module, SnakeYAML's
 * constructors) reports a mistake by property path at best and loses the node's position, while
 * DESIGN section 4 asks every error to name {@code file:line:col} and what was expected there
 * ({@code recipe.yaml:12:5: unknown unit 'mAh/s' (expected A, mA, C, W, mW, Ohm)}). SnakeYAML
 * still does the parsing and composes the node tree with its marks; this class only walks the
 * nodes and reads units, so the part that is ours is the part no library does.
 */
public final class YamlNodes {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final String file;

    /** @param file how messages name the file */
    public YamlNodes(String file) {
        this.file = file;
    }

    /** The keys of one mapping, checked for duplicates and for keys outside {@code allowed}. */
    public final class Fields {
        private final MappingNode map;
        private final String what;
        private final Map<String, NodeTuple> entries;

        private Fields(MappingNode map, String what, Map<String, NodeTuple> entries) {
            this.map = map;
            this.what = what;
            this.entries = entries;
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        /** The value of {@code key}, which {@link #has} said is present. */
        public Node value(String key) {
            return entries.get(key).getValueNode();
        }

        /** The value of {@code key}; its absence is an error naming {@code expected}. */
        public Node required(String key, String expected) throws RecipeException {
            NodeTuple entry = entries.get(key);
            if (entry == null) {
                throw error(map, "missing key '" + key + "' in " + what + " (expected " + expected + ")");
            }
            return entry.getValueNode();
        }
    }

    /** Where {@code node} starts in the file. */
    public SourceLocation at(Node node) {
        Mark mark = node.getStartMark();
        return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** An error located at {@code node}. */
    public RecipeException error(Node node, String problem) {
        return new RecipeException(at(node), problem);
    }

    /**
     * A locator for a scalar's value. It points at the exact column when the value is written out
     * character for character on one line (plain, or quoted without escapes); otherwise at the
     * scalar's start.
     */
    public Locator locator(ScalarNode scalar) {
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
    public Fields fields(Node node, String what, List<String> allowed) throws RecipeException {
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
    public List<Node> list(Node node, String what, String expected) throws RecipeException {
        if (!(node instanceof SequenceNode sequence)) {
            throw error(node, what + " must be a list of " + expected + ", got " + describe(node));
        }
        return sequence.getValue();
    }

    /** {@code node} as a non-empty text value, trimmed. */
    public ScalarNode scalar(Node node, String what, String expected) throws RecipeException {
        if (!(node instanceof ScalarNode scalar) || isNull(node) || scalar.getValue().isBlank()) {
            throw error(node, what + " must be " + expected + ", got " + describe(node));
        }
        return scalar;
    }

    /** {@code node} as a value with a unit of one of {@code kinds}. */
    public Quantity quantity(Node node, String what, Set<Kind> kinds) throws RecipeException {
        ScalarNode scalar = scalar(node, what, Quantities.describe(kinds));
        String value = scalar.getValue();
        return Quantities.parse(value, 0, value.length(), kinds, locator(scalar));
    }

    /** How a node reads in a message: {@code '4.2 V'}, {@code a list}, {@code a map}, {@code nothing}. */
    public static String describe(Node node) {
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
    public static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag())
                && scalar.getScalarStyle() == ScalarStyle.PLAIN;
    }

    /**
     * Reads a UTF-8 text file of at most {@code maxBytes} ({@link TextFiles#read}: a regular file
     * only); errors name it as {@code file.toString()} at line and column 0 (the file as a whole).
     *
     * @param tooLarge the problem reported for a larger file
     */
    public static String readFile(Path file, long maxBytes, String tooLarge) throws RecipeException {
        SourceLocation whole = new SourceLocation(file.toString(), 0, 0);
        try {
            return TextFiles.read(file, maxBytes);
        } catch (TextFiles.TooLargeException e) {
            throw new RecipeException(whole, tooLarge);
        } catch (CharacterCodingException e) {
            throw new RecipeException(whole, "cannot read file (not UTF-8 text)");
        } catch (NoSuchFileException e) {
            throw new RecipeException(whole, "cannot read file (no such file)");
        } catch (AccessDeniedException e) {
            throw new RecipeException(whole, "cannot read file (permission denied)");
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? "file system error" : e.getReason().toLowerCase(Locale.ROOT);
            throw new RecipeException(whole, "cannot read file (" + reason + ")");
        } catch (IOException e) {
            throw new RecipeException(whole, "cannot read file (I/O error)");
        }
    }

    /**
     * The node tree of a whole file's text: {@link #compose} with the size checked first and an
     * empty document refused.
     *
     * @param tooLarge the problem reported for text longer than {@code maxChars}
     * @param expected what a file of this kind holds, for the empty-file message
     */
    public static Node document(String yaml, String fileName, long maxChars, int maxNesting, String tooLarge,
                                String expected) throws RecipeException {
        if (yaml.length() > maxChars) {
            throw new RecipeException(new SourceLocation(fileName, 0, 0), tooLarge);
        }
        Node root = compose(yaml, fileName, maxChars, maxNesting);
        if (root == null) {
            throw new RecipeException(new SourceLocation(fileName, 1, 1), "empty file (expected " + expected + ")");
        }
        return root;
    }

    /**
     * Composes YAML text (a leading byte-order mark is skipped) into a node tree, or null for an
     * empty document. Anchors and aliases are refused before composing: our files have no use for
     * them and they are the door to exponential expansion ("billion laughs"). Nesting is counted
     * on the event stream, which is read lazily, so a file of deep brackets is refused after
     * {@code maxNesting} of them instead of being scanned whole (the scanner's cost grows with the
     * square of the open brackets).
     *
     * @param maxChars   longest text accepted
     * @param maxNesting deepest nesting of collections accepted
     */
    public static Node compose(String yaml, String fileName, long maxChars, int maxNesting) throws RecipeException {
        String text = !yaml.isEmpty() && yaml.charAt(0) == BYTE_ORDER_MARK ? yaml.substring(1) : yaml;
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(maxNesting);
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxChars + 1));
        Yaml yamlParser = new Yaml(options);
        try {
            int depth = 0;
            for (Event event : yamlParser.parse(new StringReader(text))) {
                refuseAnchors(event, fileName);
                if (event instanceof CollectionStartEvent && ++depth > maxNesting) {
                    throw new RecipeException(location(fileName, event.getStartMark()), "YAML nested deeper than "
                            + maxNesting + " levels (expected at most " + maxNesting + ")");
                } else if (event instanceof CollectionEndEvent) {
                    depth--;
                }
            }
            return yamlParser.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new RecipeException(location(fileName, mark), "invalid YAML: " + oneLine(e.getProblem()));
        } catch (ReaderException e) {
            throw new RecipeException(location(fileName, text, e.getPosition()), String.format(Locale.ROOT,
                    "invalid YAML: character U+%04X is not allowed (expected printable text)", e.getCodePoint()));
        } catch (YAMLException e) {
            throw new RecipeException(new SourceLocation(fileName, 1, 1), "invalid YAML: " + oneLine(e.getMessage()));
        }
    }

    private static void refuseAnchors(Event event, String fileName) throws RecipeException {
        if (event instanceof AliasEvent || event instanceof NodeEvent node && node.getAnchor() != null) {
            throw new RecipeException(location(fileName, event.getStartMark()),
                    "YAML anchors and aliases are not supported (expected each value written out)");
        }
    }

    private static SourceLocation location(String fileName, Mark mark) {
        return mark == null ? new SourceLocation(fileName, 1, 1)
                : new SourceLocation(fileName, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** Line and column of the code point at {@code position}. */
    private static SourceLocation location(String fileName, String text, int position) {
        int line = 1;
        int column = 1;
        int index = 0;
        for (int i = 0; i < position && index < text.length(); i++) {
            int cp = text.codePointAt(index);
            index += Character.charCount(cp);
            boolean lineBreak = cp == '\n' || cp == '\r' && (index >= text.length() || text.charAt(index) != '\n');
            if (lineBreak) {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourceLocation(fileName, line, column);
    }

    private static String oneLine(String text) {
        if (text == null || text.isBlank()) {
            return "malformed document";
        }
        return text.strip().replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?");
    }
}
