package org.cycler.core.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.SourceLocation;
import org.cycler.core.recipe.io.Quantities.Kind;
import org.cycler.core.recipe.io.YamlNodes;
import org.cycler.hal.sim.AccuracyClass;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * What {@code --accuracy} names: a shipped class ({@code ideal}, {@code cabinet}, {@code smu}) or a
 * YAML file that writes one out, every key required, each with its unit:
 *
 * <pre>
 * accuracy: my cabinet          # the class's name in run.json
 * current_gain: 0.04 %          # bound of a channel's gain error, % of the reading
 * current_offset: 0.5 mA        # bound of a channel's offset
 * voltage_gain: 0.01 %
 * voltage_offset: 0.5 mV
 * current_noise: 0.5 mA         # one standard deviation, every reading
 * voltage_noise: 0.1 mV
 * current_resolution: 0.1 mA    # ADC step; 0 A for none
 * voltage_resolution: 0.1 mV
 * temperature_noise: 0.1 degC
 * sample_jitter: 2 ms           # one standard deviation of the sampling instant
 * </pre>
 *
 * Mistakes are one line naming the file, line and column ({@link RecipeException}).
 */
public final class AccuracyClasses {

    /** The class {@code cycler run --sim} and {@code cycler emulate} use unless told otherwise. */
    public static final String DEFAULT = "cabinet";

    private static final long MAX_FILE_BYTES = 64 * 1024;
    private static final int MAX_NESTING = 4;
    private static final String TOO_LARGE = "accuracy file too large (expected at most " + MAX_FILE_BYTES + " bytes)";
    private static final List<String> KEYS = List.of("accuracy", "current_gain", "current_offset", "voltage_gain",
            "voltage_offset", "current_noise", "voltage_noise", "current_resolution", "voltage_resolution",
            "temperature_noise", "sample_jitter");
    private static final Pattern PERCENT = Pattern.compile("((?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*%");

    private AccuracyClasses() {
    }

    /** {@code ideal}, {@code cabinet}, {@code smu}, or else the path of an accuracy file. */
    public static AccuracyClass resolve(String nameOrFile) throws RecipeException {
        AccuracyClass named = AccuracyClass.named(nameOrFile.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        Path file = Path.of(nameOrFile);
        if (!Files.exists(file)) {
            throw new RecipeException(new SourceLocation(nameOrFile, 0, 0),
                    "no such file (expected ideal, cabinet, smu or an accuracy file)");
        }
        return parse(file);
    }

    /** Reads an accuracy file; messages name it as {@code file.toString()}. */
    public static AccuracyClass parse(Path file) throws RecipeException {
        return parse(YamlNodes.readFile(file, MAX_FILE_BYTES, TOO_LARGE), file.toString());
    }

    /** Parses accuracy-file text; {@code fileName} is how messages name it. */
    public static AccuracyClass parse(String yaml, String fileName) throws RecipeException {
        YamlNodes nodes = new YamlNodes(fileName);
        Node root = YamlNodes.document(yaml, fileName, MAX_FILE_BYTES, MAX_NESTING, TOO_LARGE,
                "an accuracy class with " + String.join(", ", KEYS));
        YamlNodes.Fields f = nodes.fields(root, "the accuracy class", KEYS);
        String name = nodes.scalar(f.required("accuracy", "the class's name"), "'accuracy'", "the class's name")
                .getValue().strip();
        double currentGain = gain(f.required("current_gain", "a percentage of the reading, e.g. 0.04 %"),
                "'current_gain'", nodes);
        double currentOffset = value(f, "current_offset", Kind.CURRENT, nodes);
        double voltageGain = gain(f.required("voltage_gain", "a percentage of the reading, e.g. 0.01 %"),
                "'voltage_gain'", nodes);
        double voltageOffset = value(f, "voltage_offset", Kind.VOLTAGE, nodes);
        double currentNoise = value(f, "current_noise", Kind.CURRENT, nodes);
        double voltageNoise = value(f, "voltage_noise", Kind.VOLTAGE, nodes);
        double currentResolution = value(f, "current_resolution", Kind.CURRENT, nodes);
        double voltageResolution = value(f, "voltage_resolution", Kind.VOLTAGE, nodes);
        double temperatureNoise = value(f, "temperature_noise", Kind.TEMPERATURE, nodes);
        Node jitterNode = f.required("sample_jitter", "a duration, e.g. 2 ms");
        double jitter = nodes.quantity(jitterNode, "'sample_jitter'", EnumSet.of(Kind.DURATION)).value();
        if (jitter > AccuracyClass.MAX_JITTER_S) {
            throw nodes.error(jitterNode, "'sample_jitter' of " + YamlNodes.describe(jitterNode)
                    + " is longer than a reading may stray (expected at most 10 ms)");
        }
        return new AccuracyClass(name, currentGain, currentOffset, voltageGain, voltageOffset, currentNoise,
                voltageNoise, currentResolution, voltageResolution, temperatureNoise, jitter);
    }

    private static double value(YamlNodes.Fields f, String key, Kind kind, YamlNodes nodes) throws RecipeException {
        Node node = f.required(key, "a " + kind.noun() + " (" + kind.spellings() + ")");
        double v = nodes.quantity(node, "'" + key + "'", EnumSet.of(kind)).value();
        if (v < 0) {
            throw nodes.error(node, "'" + key + "' must not be negative, got " + YamlNodes.describe(node)
                    + " (expected a bound or a standard deviation, zero or more)");
        }
        return v;
    }

    private static double gain(Node node, String what, YamlNodes nodes) throws RecipeException {
        ScalarNode scalar = nodes.scalar(node, what, "a percentage of the reading, e.g. 0.04 %");
        Matcher m = PERCENT.matcher(scalar.getValue().strip());
        if (!m.matches()) {
            throw nodes.error(node, what + " must be a percentage of the reading, e.g. 0.04 %, got "
                    + YamlNodes.describe(node));
        }
        double fraction = Double.parseDouble(m.group(1)) / 100;
        if (!(fraction <= AccuracyClass.MAX_GAIN_ERROR)) {
            throw nodes.error(node, what + " of " + YamlNodes.describe(node) + " is beyond any working instrument "
                    + "(expected at most 1 %)");
        }
        return fraction;
    }
}
