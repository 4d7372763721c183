package org.cycler.core.recipe.io;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.cycler.core.recipe.CellSpec;
import org.cycler.core.recipe.Control;
import org.cycler.core.recipe.Goto;
import org.cycler.core.recipe.LoggingRule;
import org.cycler.core.recipe.Loop;
import org.cycler.core.recipe.Measure;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.RecipeNode;
import org.cycler.core.recipe.SafetyLimits;
import org.cycler.core.recipe.Step;
import org.cycler.core.recipe.io.StepTextParser.Parsed;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a recipe's {@code steps:} list: text steps, map steps ({@code step:} with
 * {@code measure:}, {@code logging:}, {@code goto:}) and {@code cycle:} loops. Gives step IDs
 * depth first, 1-based, and checks what needs the whole list: goto targets and the order of
 * DCIR steps. One instance per recipe; not thread-safe.
 */
final class StepsReader {

    /** Most iterations one loop may ask for. */
    static final int MAX_CYCLES = 1_000_000;

    private static final List<String> LOOP_KEYS = List.of("cycle", "steps");
    private static final List<String> STEP_KEYS = List.of("step", "measure", "logging", "goto");
    private static final List<String> GOTO_KEYS = List.of("if", "step");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d{1,9}");
    private static final Pattern STEP_ID = Pattern.compile("\\d{1,9}");
    private static final String STEP_TEXT = "step text such as 'Rest for 1 hour'";
    private static final String MEASURES = "capacity, ocv, dcir-base, dcir-pulse";

    private final YamlNodes nodes;
    private final CellSpec cell;
    private final LoggingRule logging;
    private final StepTextParser parser;

    private int nextLoopSerial;
    private final Deque<Integer> openLoops = new ArrayDeque<>();
    /** For each step, index ID - 1: the serials of the loops around it. */
    private final List<List<Integer>> loopsAround = new ArrayList<>();
    private final List<PendingGoto> pendingGotos = new ArrayList<>();
    private Step lastDcirBase;

    private record PendingGoto(int fromStepId, int targetStepId, Node target) {
    }

    StepsReader(YamlNodes nodes, CellSpec cell, SafetyLimits safety, LoggingRule logging) {
        this.nodes = nodes;
        this.cell = cell;
        this.logging = logging;
        this.parser = new StepTextParser(cell, safety);
    }

    /** The recipe body, IDs assigned and gotos checked. */
    List<RecipeNode> read(Node steps) throws RecipeException {
        List<RecipeNode> body = body(steps, "'steps'");
        checkGotos();
        return body;
    }

    private List<RecipeNode> body(Node node, String what) throws RecipeException {
        List<Node> items = nodes.list(node, what, "steps");
        if (items.isEmpty()) {
            throw nodes.error(node, what + " must list at least one step, got an empty list");
        }
        List<RecipeNode> out = new ArrayList<>();
        for (Node item : items) {
            out.add(entry(item));
        }
        return out;
    }

    private RecipeNode entry(Node item) throws RecipeException {
        if (item instanceof MappingNode map) {
            if (hasKey(map, "cycle")) {
                return loop(map);
            }
            if (hasKey(map, "step")) {
                return mapStep(map);
            }
            throw nodes.error(item, "expected a step ('step: ...') or a loop ('cycle: N' with 'steps:'), got "
                    + (map.getValue().isEmpty() ? "an empty map" : "a map with keys " + keys(map)));
        }
        if (item instanceof SequenceNode) {
            throw nodes.error(item, "expected a step or a loop, got a list");
        }
        ScalarNode text = nodes.scalar(item, "a step", STEP_TEXT);
        return step(text, item, parse(text), Optional.empty());
    }

    private Loop loop(MappingNode map) throws RecipeException {
        YamlNodes.Fields fields = nodes.fields(map, "a loop", LOOP_KEYS);
        int count = cycleCount(fields.required("cycle", "a number of cycles"));
        Node steps = fields.required("steps", "the steps to repeat");
        openLoops.push(nextLoopSerial++);
        List<RecipeNode> body = body(steps, "the loop's 'steps'");
        openLoops.pop();
        return new Loop(count, body, nodes.at(map));
    }

    private int cycleCount(Node node) throws RecipeException {
        String expected = "a whole number from 1 to " + MAX_CYCLES;
        ScalarNode scalar = nodes.scalar(node, "'cycle'", expected);
        String text = scalar.getValue().strip();
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw nodes.error(node, "'cycle' must be " + expected + ", got " + Text.quote(text));
        }
        int count = Integer.parseInt(text);
        if (count < 1 || count > MAX_CYCLES) {
            throw nodes.error(node, "'cycle' must be " + expected + ", got " + Text.quote(text));
        }
        return count;
    }

    private Step mapStep(MappingNode map) throws RecipeException {
        YamlNodes.Fields fields = nodes.fields(map, "a step", STEP_KEYS);
        ScalarNode text = nodes.scalar(fields.required("step", STEP_TEXT), "'step'", STEP_TEXT);
        Parsed parsed = parse(text);
        Optional<LoggingRule> rule = fields.has("logging") ? Optional.of(stepLogging(fields.value("logging"), parsed))
                : Optional.empty();
        Step step = step(text, map, parsed, rule);
        Optional<Measure> measure = Optional.empty();
        if (fields.has("measure")) {
            measure = Optional.of(measure(fields.value("measure"), step));
        }
        List<Goto> gotos = new ArrayList<>();
        if (fields.has("goto")) {
            gotos = gotos(fields.value("goto"), step.id());
        }
        return new Step(step.id(), step.text(), step.control(), step.ends(), measure, step.logging(), gotos,
                step.location());
    }

    /** A new step with the next ID; {@code logging} overrides the period suffix's rule when given. */
    private Step step(ScalarNode text, Node at, Parsed parsed, Optional<LoggingRule> logging) {
        loopsAround.add(List.copyOf(openLoops));
        int id = loopsAround.size();
        Optional<LoggingRule> rule = logging.isPresent() ? logging
                : parsed.loggingPeriodS().isPresent()
                        ? Optional.of(this.logging.withPeriod(parsed.loggingPeriodS().getAsDouble())) : Optional.empty();
        return new Step(id, text.getValue().strip(), parsed.control(), parsed.ends(), Optional.empty(), rule,
                List.of(), nodes.at(at));
    }

    private Parsed parse(ScalarNode text) throws RecipeException {
        return parser.parse(text.getValue(), nodes.locator(text));
    }

    private LoggingRule stepLogging(Node node, Parsed parsed) throws RecipeException {
        if (parsed.loggingPeriodS().isPresent() && node instanceof MappingNode map && hasKey(map, "period")) {
            throw nodes.error(keyNode(map, "period"),
                    "logging period given twice (expected either the '(<duration> period)' suffix or logging.period)");
        }
        LoggingRule base = parsed.loggingPeriodS().isPresent()
                ? logging.withPeriod(parsed.loggingPeriodS().getAsDouble()) : logging;
        return RecipeParser.logging(node, "the step's 'logging'", base, cell, nodes);
    }

    private Measure measure(Node node, Step step) throws RecipeException {
        ScalarNode scalar = nodes.scalar(node, "'measure'", "one of " + MEASURES);
        Measure measure = Measure.ofTag(scalar.getValue())
                .orElseThrow(() -> nodes.error(node, "unknown measure " + Text.quote(scalar.getValue().strip())
                        + " (expected " + MEASURES + ")"));
        Control control = step.control();
        switch (measure) {
            case OCV -> require(control instanceof Control.Rest, node, "measure 'ocv' needs a rest step "
                    + "(expected 'Rest ...'; the voltage is open-circuit only at rest)");
            case CAPACITY -> require(control.discharges(), node, "measure 'capacity' needs a discharging step "
                    + "(expected 'Discharge at ...')");
            case DCIR_BASE -> {
                requireConstantCurrent(measure, control, node);
                lastDcirBase = step;
            }
            case DCIR_PULSE -> dcirPulse(control, node);
        }
        return measure;
    }

    private void dcirPulse(Control control, Node node) throws RecipeException {
        requireConstantCurrent(Measure.DCIR_PULSE, control, node);
        require(lastDcirBase != null, node, "measure 'dcir-pulse' needs a 'dcir-base' step before it");
        double base = ((Control.ConstantCurrent) lastDcirBase.control()).currentA();
        double pulse = ((Control.ConstantCurrent) control).currentA();
        require(base != pulse, node, "measure 'dcir-pulse' needs a current other than the "
                + Text.withUnit(base, "A") + " of dcir-base step " + lastDcirBase.id()
                + " (the resistance divides by their difference)");
    }

    private void requireConstantCurrent(Measure measure, Control control, Node node) throws RecipeException {
        require(control instanceof Control.ConstantCurrent, node, "measure '" + measure.tag()
                + "' needs a constant-current step (expected 'Charge at <current>' or 'Discharge at <current>' "
                + "without 'then hold')");
    }

    private void require(boolean condition, Node node, String problem) throws RecipeException {
        if (!condition) {
            throw nodes.error(node, problem);
        }
    }

    private List<Goto> gotos(Node node, int fromStepId) throws RecipeException {
        List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
        if (items.isEmpty()) {
            throw nodes.error(node, "'goto' must be {if: <condition>, step: <ID or end>} or a list of them, "
                    + "got an empty list");
        }
        List<Goto> out = new ArrayList<>();
        for (Node item : items) {
            YamlNodes.Fields fields = nodes.fields(item, "a goto", GOTO_KEYS);
            String example = "a condition such as 'voltage < 3.0 V'";
            ScalarNode condition = nodes.scalar(fields.required("if", example), "goto 'if'", example);
            Goto.Condition parsed = GotoConditions.parse(condition.getValue(), nodes.locator(condition), cell);
            Node target = fields.required("step", "a step ID or 'end'");
            int targetId = target(target);
            pendingGotos.add(new PendingGoto(fromStepId, targetId, target));
            out.add(new Goto(parsed, targetId, nodes.at(item)));
        }
        return out;
    }

    private int target(Node node) throws RecipeException {
        String expected = "a step ID (1, 2, ...) or 'end'";
        String text = nodes.scalar(node, "goto 'step'", expected).getValue().strip();
        if (text.toLowerCase(Locale.ROOT).equals("end")) {
            return Goto.END;
        }
        if (!STEP_ID.matcher(text).matches() || Integer.parseInt(text) < 1) {
            throw nodes.error(node, "goto 'step' must be " + expected + ", got " + Text.quote(text));
        }
        return Integer.parseInt(text);
    }

    /** Targets exist, and no goto enters a loop from outside it (its cycle count would be skipped). */
    private void checkGotos() throws RecipeException {
        int stepCount = loopsAround.size();
        for (PendingGoto g : pendingGotos) {
            if (g.targetStepId() == Goto.END) {
                continue;
            }
            if (g.targetStepId() > stepCount) {
                throw nodes.error(g.target(), "goto target step " + g.targetStepId()
                        + " does not exist (expected a step ID from 1 to " + stepCount + ", or 'end')");
            }
            List<Integer> from = loopsAround.get(g.fromStepId() - 1);
            if (!from.containsAll(loopsAround.get(g.targetStepId() - 1))) {
                throw nodes.error(g.target(), "goto target step " + g.targetStepId() + " is inside a loop that step "
                        + g.fromStepId() + " is not in (expected a step outside that loop, or 'end': a goto may leave "
                        + "a loop but not enter one)");
            }
        }
    }

    private static boolean hasKey(MappingNode map, String key) {
        return keyNode(map, key) != null;
    }

    private static Node keyNode(MappingNode map, String key) {
        for (NodeTuple tuple : map.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return scalar;
            }
        }
        return null;
    }

    private static String keys(MappingNode map) {
        List<String> names = new ArrayList<>();
        for (NodeTuple tuple : map.getValue()) {
            names.add(YamlNodes.describe(tuple.getKeyNode()));
        }
        return String.join(", ", names);
    }
}
