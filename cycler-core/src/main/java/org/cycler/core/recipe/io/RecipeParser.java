package org.cycler.core.recipe.io;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.cycler.core.recipe.CellSpec;
import org.cycler.core.recipe.ChemistryLimits;
import org.cycler.core.recipe.LoggingRule;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.SafetyLimits;
import org.cycler.core.recipe.io.Quantities.Kind;
import org.cycler.core.recipe.io.Quantities.Quantity;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a recipe file (DESIGN section 4) into a validated {@link Recipe}.
 *
 * <p>The only exception that leaves this class is {@link RecipeException}, whose message is one
 * line, {@code file:line:col: problem (what was expected)}, with 1-based line and column; line
 * and column 0 mean the file as a whole (it could not be read). Only the first problem is
 * reported. Duplicate keys, unknown keys, YAML anchors and aliases are rejected.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecipeParser {

    /** Largest recipe file read, in bytes; recipes are a few kilobytes. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    /** Deepest nesting of YAML collections accepted (loops within loops within the file). */
    private static final int MAX_NESTING = 40;

    private static final List<String> TOP_KEYS = List.of("recipe", "cell", "safety", "logging", "steps");
    private static final List<String> CELL_KEYS = List.of("nominal_capacity", "chemistry");
    private static final List<String> SAFETY_KEYS = List.of("voltage", "current", "temperature", "charge_capacity");
    private static final List<String> LOGGING_KEYS = List.of("period", "delta_voltage", "delta_current");
    private static final List<String> CHEMISTRIES = List.of("NMC", "LFP");
    private static final String TOO_LARGE = "recipe too large (expected at most " + MAX_FILE_BYTES + " bytes)";

    private RecipeParser() {
    }

    /**
     * Reads and parses a UTF-8 recipe file; messages name it as {@code file.toString()}.
     *
     * @throws RecipeException when the file cannot be read or is not a recipe that can run as written
     */
    public static Recipe parse(Path file) throws RecipeException {
        return parse(YamlNodes.readFile(file, MAX_FILE_BYTES, TOO_LARGE), file.toString());
    }

    /**
     * Parses recipe text.
     *
     * @param fileName how messages name the text's origin
     * @throws RecipeException when the text is not a recipe that can run as written
     */
    public static Recipe parse(String yaml, String fileName) throws RecipeException {
        YamlNodes nodes = new YamlNodes(fileName);
        Node root = YamlNodes.document(yaml, fileName, MAX_FILE_BYTES, MAX_NESTING, TOO_LARGE,
                "a recipe with 'recipe:' and 'steps:'");
        return read(root, nodes);
    }

    private static Recipe read(Node root, YamlNodes nodes) throws RecipeException {
        YamlNodes.Fields top = nodes.fields(root, "the recipe", TOP_KEYS);
        String name = nodes.scalar(top.required("recipe", "the recipe's name"), "'recipe'", "the recipe's name")
                .getValue().strip();
        CellSpec cell = top.has("cell") ? cell(top.value("cell"), nodes)
                : new CellSpec(Double.NaN, Optional.empty());
        Optional<SafetyLimits> defaults = ChemistryLimits.of(cell);
        Recipe.SafetyOrigin origin = top.has("safety") ? Recipe.SafetyOrigin.RECIPE
                : defaults.isPresent() ? Recipe.SafetyOrigin.CHEMISTRY_DEFAULTS : Recipe.SafetyOrigin.NONE;
        SafetyLimits safety = top.has("safety")
                ? safety(top.value("safety"), cell, nodes) : defaults.orElse(SafetyLimits.NONE);
        LoggingRule logging = top.has("logging")
                ? logging(top.value("logging"), "'logging'", LoggingRule.DEFAULT, cell, nodes)
                : LoggingRule.DEFAULT;
        Node steps = top.required("steps", "a list of steps");
        return new Recipe(name, cell, safety, logging, new StepsReader(nodes, cell, safety, logging).read(steps), origin);
    }

    private static CellSpec cell(Node node, YamlNodes nodes) throws RecipeException {
        YamlNodes.Fields fields = nodes.fields(node, "'cell'", CELL_KEYS);
        double capacity = Double.NaN;
        if (fields.has("nominal_capacity")) {
            capacity = positive(fields.value("nominal_capacity"), "cell.nominal_capacity", Kind.CAPACITY, nodes);
        }
        Optional<String> chemistry = Optional.empty();
        if (fields.has("chemistry")) {
            Node value = fields.value("chemistry");
            String expected = String.join(" or ", CHEMISTRIES);
            String text = nodes.scalar(value, "cell.chemistry", expected).getValue().strip().toUpperCase(Locale.ROOT);
            if (!CHEMISTRIES.contains(text)) {
                throw nodes.error(value, "unknown chemistry " + YamlNodes.describe(value) + " (expected " + expected + ")");
            }
            chemistry = Optional.of(text);
        }
        return new CellSpec(capacity, chemistry);
    }

    private static SafetyLimits safety(Node node, CellSpec cell, YamlNodes nodes) throws RecipeException {
        YamlNodes.Fields fields = nodes.fields(node, "'safety'", SAFETY_KEYS);
        double[] voltage = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] temperature = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        double current = Double.POSITIVE_INFINITY;
        double chargeCapacity = Double.POSITIVE_INFINITY;
        if (fields.has("voltage")) {
            voltage = range(fields.value("voltage"), "safety.voltage", Kind.VOLTAGE, nodes);
        }
        if (fields.has("temperature")) {
            temperature = range(fields.value("temperature"), "safety.temperature", Kind.TEMPERATURE, nodes);
        }
        if (fields.has("current")) {
            current = current(fields.value("current"), "safety.current", cell, nodes);
        }
        if (fields.has("charge_capacity")) {
            chargeCapacity = positive(fields.value("charge_capacity"), "safety.charge_capacity",
                    Kind.CAPACITY, nodes);
        }
        return new SafetyLimits(voltage[0], voltage[1], current, temperature[0], temperature[1], chargeCapacity);
    }

    /** {@code [low, high]} with {@code low < high}. */
    private static double[] range(Node node, String what, Kind kind, YamlNodes nodes) throws RecipeException {
        String expected = "[low, high] (" + kind.spellings() + ")";
        List<Node> items = nodes.list(node, what, "two values " + expected);
        if (items.size() != 2) {
            throw nodes.error(node, what + " must be " + expected + ", got " + items.size()
                    + (items.size() == 1 ? " item" : " items"));
        }
        double low = nodes.quantity(items.get(0), what, EnumSet.of(kind)).value();
        double high = nodes.quantity(items.get(1), what, EnumSet.of(kind)).value();
        if (!(low < high)) {
            throw nodes.error(node, what + " must be [low, high] with low < high, got ["
                    + Text.withUnit(low, kind.siUnit()) + ", " + Text.withUnit(high, kind.siUnit()) + "]");
        }
        return new double[] {low, high};
    }

    /**
     * A logging block over {@code base}: keys it leaves out keep {@code base}'s values.
     *
     * @param what how the block is called in messages
     */
    static LoggingRule logging(Node node, String what, LoggingRule base, CellSpec cell, YamlNodes nodes)
            throws RecipeException {
        YamlNodes.Fields fields = nodes.fields(node, what, LOGGING_KEYS);
        double period = base.periodS();
        double deltaVoltage = base.deltaVoltageV();
        double deltaCurrent = base.deltaCurrentA();
        if (fields.has("period")) {
            period = positive(fields.value("period"), "logging.period", Kind.DURATION, nodes);
        }
        if (fields.has("delta_voltage")) {
            deltaVoltage = positive(fields.value("delta_voltage"), "logging.delta_voltage", Kind.VOLTAGE, nodes);
        }
        if (fields.has("delta_current")) {
            deltaCurrent = current(fields.value("delta_current"), "logging.delta_current", cell, nodes);
        }
        return new LoggingRule(period, deltaVoltage, deltaCurrent);
    }

    private static double positive(Node node, String what, Kind kind, YamlNodes nodes) throws RecipeException {
        Quantity q = nodes.quantity(node, what, EnumSet.of(kind));
        if (!(q.value() > 0)) {
            throw nodes.error(node, what + " must be greater than zero, got " + Text.quote(q.text()));
        }
        return q.value();
    }

    /** A current magnitude in A, mA or a C-rate of {@code cell}. */
    static double current(Node node, String what, CellSpec cell, YamlNodes nodes) throws RecipeException {
        Set<Kind> kinds = EnumSet.of(Kind.CURRENT, Kind.C_RATE);
        Quantity q = nodes.quantity(node, what, kinds);
        if (!(q.value() > 0)) {
            throw nodes.error(node, what + " must be greater than zero, got " + Text.quote(q.text()));
        }
        if (q.kind() == Kind.CURRENT) {
            return q.value();
        }
        if (!cell.hasNominalCapacity()) {
            throw nodes.error(node, "C-rate " + Text.quote(q.text())
                    + " needs cell.nominal_capacity (expected it, or a current in A or mA)");
        }
        double amps = q.value() * cell.nominalCapacityAh();
        if (!Double.isFinite(amps)) {
            throw nodes.error(node, "number out of range in " + Text.quote(q.text()));
        }
        return amps;
    }
}
