package org.cycler.core.recipe.io;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import org.cycler.core.recipe.CellSpec;
import org.cycler.core.recipe.Control;
import org.cycler.core.recipe.Direction;
import org.cycler.core.recipe.EndCondition;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.SafetyLimits;
import org.cycler.core.recipe.SourceLocation;
import org.cycler.core.recipe.io.Quantities.Kind;
import org.cycler.core.recipe.io.Quantities.Quantity;

/**
 * The plain-English step language of PyBaMM's {@code Experiment}, as extended for cyclers
 * (DESIGN section 4). Case-insensitive; units with or without a space.
 *
 * <pre>
 * step    := head [clause {"or" clause}] ["(" duration "period" ")"]
 * head    := ("Charge" | "Discharge") "at" (current | C-rate | power | resistance)
 *          | "Hold" "at" voltage
 *          | "Rest"
 * clause  := "for" duration | "until" value ["over" duration] | value ["over" duration]
 *                                                          (a bare value only after "or")
 * CC-CV   := ("Charge" | "Discharge") "at" current "until" voltage "then" "hold" "until" value ["over" duration]
 *            {"or" clause}
 * </pre>
 *
 * <p>{@code over <duration>} follows only a current or dV/dt end: how long the current must stay
 * at or below the cut-off, or the window the voltage slope is fitted over (see {@link EndCondition}).
 *
 * <p>Results are in SI units with the project's sign convention: current and power positive when
 * charging, negative when discharging. A C-rate is converted with the cell's nominal capacity.
 * A {@code Hold} is limited to the safety current when the recipe gives one, else to 1C.
 * Setpoints and cut-offs are checked against the safety limits, and end conditions that could
 * never fire (or would fire at once) on the step's control mode are rejected.
 *
 * <p>An instance holds only the recipe's cell and safety limits; it is immutable and thread-safe.
 */
public final class StepTextParser {

    private static final Set<Kind> SETPOINT_KINDS = EnumSet.of(Kind.CURRENT, Kind.C_RATE, Kind.POWER, Kind.RESISTANCE);
    private static final Set<Kind> UNTIL_KINDS = EnumSet.of(Kind.VOLTAGE, Kind.CURRENT, Kind.C_RATE, Kind.CAPACITY,
            Kind.TEMPERATURE, Kind.VOLTAGE_RATE);
    private static final Set<Kind> BARE_KINDS = EnumSet.of(Kind.VOLTAGE, Kind.CURRENT, Kind.C_RATE, Kind.CAPACITY,
            Kind.TEMPERATURE, Kind.DURATION, Kind.VOLTAGE_RATE);
    private static final Set<String> KEYWORDS = Set.of("at", "for", "until", "or", "then", "hold", "over", "period",
            "(", ")");
    private static final String CLAUSE = "'for <duration>' or 'until <value>'";

    /**
     * A parsed step text.
     *
     * @param control         SI units, signed (positive = charge)
     * @param ends            never empty, in the order written
     * @param loggingPeriodS  seconds, from a {@code (2 minute period)} suffix, if there is one
     */
    public record Parsed(Control control, List<EndCondition> ends, OptionalDouble loggingPeriodS) {
        public Parsed {
            Objects.requireNonNull(control, "control");
            ends = List.copyOf(ends);
            Objects.requireNonNull(loggingPeriodS, "loggingPeriodS");
        }
    }

    private final CellSpec cell;
    private final SafetyLimits safety;

    /**
     * @param cell   basis of C-rates and of the default hold current limit
     * @param safety limits every setpoint and cut-off must lie within
     */
    public StepTextParser(CellSpec cell, SafetyLimits safety) {
        this.cell = Objects.requireNonNull(cell, "cell");
        this.safety = Objects.requireNonNull(safety, "safety");
    }

    /**
     * Parses one step.
     *
     * @param at where {@code text} starts in its file; errors point at the offending token
     * @throws RecipeException for text that is not a step that can run as written
     */
    public Parsed parse(String text, SourceLocation at) throws RecipeException {
        return parse(text, Locator.inLine(at, text));
    }

    Parsed parse(String text, Locator locator) throws RecipeException {
        return new Run(text, locator).step();
    }

    private record Token(String text, int start, int end) {
        String lower() {
            return text.toLowerCase(Locale.ROOT);
        }
    }

    private record Span(int start, int end) {
    }

    /**
     * A value after {@code for}/{@code until} with where it was written, and its {@code over} window
     * (null when none is written); checked once the control is known.
     */
    private record RawEnd(Quantity quantity, int offset, Quantity window, int windowAt) {
        RawEnd(Quantity quantity, int offset) {
            this(quantity, offset, null, -1);
        }
    }

    /** One parse: the tokens of one text and what has been read so far. */
    private final class Run {
        private final String text;
        private final Locator locator;
        private final List<Token> tokens;
        private int next;

        private Token verb;
        private Quantity setpoint;
        private int setpointAt;
        private Quantity cvVoltage;
        private int cvVoltageAt;
        private final List<RawEnd> ends = new ArrayList<>();
        private OptionalDouble period = OptionalDouble.empty();

        Run(String text, Locator locator) {
            this.text = text;
            this.locator = locator;
            this.tokens = tokenize(text);
        }

        Parsed step() throws RecipeException {
            head();
            clauses();
            periodSuffix();
            if (hasNext()) {
                throw unexpected(peek(), "the end of the step");
            }
            Control control = control();
            List<EndCondition> out = new ArrayList<>();
            for (RawEnd end : ends) {
                out.add(end(end, control));
            }
            if (out.isEmpty()) {
                throw error(text.stripTrailing().length(), "step has no end condition (expected " + CLAUSE + ")");
            }
            return new Parsed(control, out, period);
        }

        private void head() throws RecipeException {
            if (!hasNext()) {
                throw error(0, "empty step (expected Charge, Discharge, Hold or Rest)");
            }
            verb = next();
            switch (verb.lower()) {
                case "charge", "discharge" -> setpoint(SETPOINT_KINDS);
                case "hold" -> setpoint(EnumSet.of(Kind.VOLTAGE));
                case "rest" -> { }
                default -> throw error(verb.start(),
                        "unknown step " + Text.quote(verb.text()) + " (expected Charge, Discharge, Hold or Rest)");
            }
        }

        private void setpoint(Set<Kind> kinds) throws RecipeException {
            Token at = expectWord("at", verb);
            Span span = valueSpan(at, kinds);
            setpoint = Quantities.parse(text, span.start(), span.end(), kinds, locator);
            setpointAt = span.start();
        }

        private void clauses() throws RecipeException {
            boolean first = true;
            while (hasNext() && !peekIs("(")) {
                if (!first) {
                    if (!peekIs("or")) {
                        throw unexpected(peek(), "'or', a '(<duration> period)' suffix or the end of the step");
                    }
                    next();
                }
                if (peekIs("for")) {
                    Token keyword = next();
                    Span span = valueSpan(keyword, EnumSet.of(Kind.DURATION));
                    ends.add(new RawEnd(Quantities.parse(text, span.start(), span.end(), EnumSet.of(Kind.DURATION), locator),
                            span.start()));
                } else if (peekIs("until")) {
                    until(next(), first);
                } else if (!first) {
                    bareValue();
                } else {
                    throw unexpected(peek(), CLAUSE);
                }
                first = false;
            }
        }

        private void until(Token keyword, boolean first) throws RecipeException {
            Span span = valueSpan(keyword, UNTIL_KINDS);
            if (Quantities.kindOf(text, span.start(), span.end()).orElse(null) == Kind.DURATION) {
                String value = text.substring(span.start(), span.end());
                throw error(span.start(), "a duration needs 'for' (expected 'for " + value + "', not 'until " + value + "')");
            }
            Quantity value = Quantities.parse(text, span.start(), span.end(), UNTIL_KINDS, locator);
            if (peekIs("then")) {
                thenHold(next(), value, span.start(), first);
            } else {
                ends.add(windowed(value, span.start()));
            }
        }

        /** The end just read, with the {@code over <duration>} that may follow it. */
        private RawEnd windowed(Quantity value, int at) throws RecipeException {
            if (!peekIs("over")) {
                return new RawEnd(value, at);
            }
            Token over = next();
            Set<Kind> duration = EnumSet.of(Kind.DURATION);
            Span span = valueSpan(over, duration);
            Quantity window = Quantities.parse(text, span.start(), span.end(), duration, locator);
            if (value.kind() != Kind.CURRENT && value.kind() != Kind.C_RATE && value.kind() != Kind.VOLTAGE_RATE) {
                throw error(over.start(), "'over <duration>' follows only a current or dV/dt end (expected 'or', "
                        + "a '(<duration> period)' suffix or the end of the step)");
            }
            return new RawEnd(value, at, window, span.start());
        }

        /** {@code ... until <V> then hold until <end>}: the voltage is the CV setpoint, not an end. */
        private void thenHold(Token then, Quantity voltage, int voltageAt, boolean first) throws RecipeException {
            boolean currentSetpoint = setpoint != null
                    && (setpoint.kind() == Kind.CURRENT || setpoint.kind() == Kind.C_RATE);
            if (!first || !currentSetpoint || voltage.kind() != Kind.VOLTAGE) {
                throw error(then.start(),
                        "'then hold until' must follow the first 'until <voltage>' of a Charge or Discharge at a current");
            }
            Token hold = expectWord("hold", then);
            Token until = expectWord("until", hold);
            cvVoltage = voltage;
            cvVoltageAt = voltageAt;
            until(until, false);
        }

        private void bareValue() throws RecipeException {
            Span span = valueSpan(tokens.get(next - 1), BARE_KINDS);
            Quantity value = Quantities.parse(text, span.start(), span.end(), BARE_KINDS, locator);
            ends.add(windowed(value, span.start()));
        }

        private void periodSuffix() throws RecipeException {
            if (!peekIs("(")) {
                return;
            }
            Token open = next();
            Set<Kind> duration = EnumSet.of(Kind.DURATION);
            Span span = valueSpan(open, duration);
            Quantity value = Quantities.parse(text, span.start(), span.end(), duration, locator);
            requirePositive(value, span.start(), "logging period");
            Token word = expectWord("period", tokens.get(next - 1));
            expectWord(")", word);
            period = OptionalDouble.of(value.value());
        }

        private Control control() throws RecipeException {
            return switch (verb.lower()) {
                case "rest" -> new Control.Rest();
                case "hold" -> new Control.HoldVoltage(voltage(setpoint, setpointAt, "hold voltage"), holdLimit());
                default -> chargeOrDischarge(verb.lower().equals("charge") ? 1 : -1);
            };
        }

        private Control chargeOrDischarge(int sign) throws RecipeException {
            requirePositive(setpoint, setpointAt, setpoint.kind().noun());
            return switch (setpoint.kind()) {
                case POWER -> new Control.ConstantPower(sign * setpoint.value());
                case RESISTANCE -> {
                    if (sign > 0) {
                        throw error(setpointAt, "a resistive load can only discharge (expected 'Discharge at "
                                + setpoint.text() + "', or a current or power to charge)");
                    }
                    yield new Control.ConstantResistance(setpoint.value());
                }
                default -> {
                    double amps = current(setpoint, setpointAt, "current");
                    yield cvVoltage == null ? new Control.ConstantCurrent(sign * amps)
                            : new Control.CcCv(sign * amps, voltage(cvVoltage, cvVoltageAt, "CV voltage"));
                }
            };
        }

        private double holdLimit() throws RecipeException {
            if (Double.isFinite(safety.maxCurrentA())) {
                return safety.maxCurrentA();
            }
            if (cell.hasNominalCapacity()) {
                return cell.nominalCapacityAh();
            }
            throw error(verb.start(), "a hold needs a current limit (expected safety.current or cell.nominal_capacity)");
        }

        private EndCondition end(RawEnd end, Control control) throws RecipeException {
            Quantity q = end.quantity();
            int at = end.offset();
            return switch (q.kind()) {
                case DURATION -> new EndCondition.Elapsed(requirePositive(q, at, "duration"));
                case VOLTAGE -> voltageEnd(q, at, control);
                case CURRENT, C_RATE -> new EndCondition.CurrentFallsTo(currentEnd(q, at, control),
                        end.window() == null ? EndCondition.CurrentFallsTo.DEFAULT_HOLD_S
                                : nonNegative(end.window(), end.windowAt(), "hold window"));
                case CAPACITY -> new EndCondition.CapacityReaches(capacityEnd(q, at, control));
                case VOLTAGE_RATE -> new EndCondition.VoltageRateFallsTo(rateEnd(q, at, control),
                        end.window() == null ? EndCondition.VoltageRateFallsTo.DEFAULT_WINDOW_S
                                : rateWindow(end.window(), end.windowAt()));
                case TEMPERATURE -> new EndCondition.TemperatureReaches(
                        insideSafety(q.value(), safety.minTemperatureC(), safety.maxTemperatureC(), at,
                                "end temperature", "safety.temperature", "degC"), Direction.EITHER);
                default -> throw new IllegalStateException("not an end kind: " + q.kind());
            };
        }

        private EndCondition voltageEnd(Quantity q, int at, Control control) throws RecipeException {
            if (control instanceof Control.CcCv cccv) {
                throw error(at, "a voltage cannot end a CC-CV step (the hold keeps it at "
                        + Text.withUnit(cccv.voltageV(), "V") + "; expected a current, capacity, duration, dV/dt or temperature)");
            }
            Direction direction = control.charges() ? Direction.RISING
                    : control.discharges() ? Direction.FALLING : Direction.EITHER;
            return new EndCondition.VoltageReaches(voltage(q, at, "end voltage"), direction);
        }

        private double currentEnd(Quantity q, int at, Control control) throws RecipeException {
            String mode = switch (control) {
                case Control.ConstantCurrent c -> "a constant-current step";
                case Control.Rest r -> "a rest";
                default -> null;
            };
            if (mode != null) {
                throw error(at, "current end " + Text.quote(q.text()) + " can never fire on " + mode
                        + " (expected it on a Hold, after 'then hold until', or on a power or resistance step)");
            }
            double amps = current(q, at, "end current");
            double ceiling = switch (control) {
                case Control.CcCv c -> Math.abs(c.currentA());
                case Control.HoldVoltage h -> h.currentLimitA();
                default -> Double.POSITIVE_INFINITY;
            };
            if (amps >= ceiling) {
                throw error(at, "end current " + Text.withUnit(amps, "A") + " is not below the step's current "
                        + Text.withUnit(ceiling, "A") + ", so the step would end at once");
            }
            return amps;
        }

        private double capacityEnd(Quantity q, int at, Control control) throws RecipeException {
            double ah = requirePositive(q, at, "end capacity");
            if (control instanceof Control.Rest) {
                throw error(at, "capacity end " + Text.quote(q.text()) + " can never fire on a rest (no current flows)");
            }
            if (control.charges() && ah > safety.maxChargeCapacityAh()) {
                throw error(at, "end capacity " + Text.withUnit(ah, "Ah") + " exceeds safety.charge_capacity "
                        + Text.withUnit(safety.maxChargeCapacityAh(), "Ah"));
            }
            return ah;
        }

        private double rateEnd(Quantity q, int at, Control control) throws RecipeException {
            double rate = requirePositive(q, at, "end dV/dt");
            if (control instanceof Control.HoldVoltage || control instanceof Control.CcCv) {
                throw error(at, "dV/dt end " + Text.quote(q.text())
                        + " would fire as soon as the voltage is held (expected it on a rest or a current, power or resistance step)");
            }
            return rate;
        }

        private double voltage(Quantity q, int at, String what) throws RecipeException {
            double volts = requirePositive(q, at, what);
            return insideSafety(volts, safety.minVoltageV(), safety.maxVoltageV(), at, what, "safety.voltage", "V");
        }

        private double current(Quantity q, int at, String what) throws RecipeException {
            double amps = requirePositive(q, at, what);
            if (q.kind() == Kind.C_RATE) {
                if (!cell.hasNominalCapacity()) {
                    throw error(at, "C-rate " + Text.quote(q.text())
                            + " needs cell.nominal_capacity (expected it, or a current in A or mA)");
                }
                amps *= cell.nominalCapacityAh();
            }
            if (!Double.isFinite(amps)) {
                throw error(at, "number out of range in " + Text.quote(q.text()));
            }
            if (amps > safety.maxCurrentA()) {
                throw error(at, what + " " + Text.withUnit(amps, "A") + " exceeds safety.current "
                        + Text.withUnit(safety.maxCurrentA(), "A"));
            }
            return amps;
        }

        private double insideSafety(double value, double min, double max, int at, String what, String limit,
                                    String unit) throws RecipeException {
            if (value < min || value > max) {
                throw error(at, what + " " + Text.withUnit(value, unit) + " is outside " + limit + " ["
                        + Text.withUnit(min, unit) + ", " + Text.withUnit(max, unit) + "]");
            }
            return value;
        }

        private double nonNegative(Quantity q, int at, String what) throws RecipeException {
            if (q.value() < 0) {
                throw error(at, what + " must not be negative, got " + Text.quote(q.text()));
            }
            return q.value();
        }

        private double rateWindow(Quantity q, int at) throws RecipeException {
            if (!(q.value() >= EndCondition.VoltageRateFallsTo.MIN_WINDOW_S)) {
                throw error(at, "dV/dt window must be at least 2 seconds (a slope needs two one-second means), got "
                        + Text.quote(q.text()));
            }
            return q.value();
        }

        private double requirePositive(Quantity q, int at, String what) throws RecipeException {
            if (!(q.value() > 0)) {
                String hint = q.value() < 0 && q == setpoint ? " (Charge or Discharge sets the sign)" : "";
                throw error(at, what + " must be greater than zero" + hint + ", got " + Text.quote(q.text()));
            }
            return q.value();
        }

        /** The span of the value after {@code before}: one token, or a bare number and its unit word. */
        private Span valueSpan(Token before, Set<Kind> kinds) throws RecipeException {
            if (!hasNext() || KEYWORDS.contains(peek().lower())) {
                throw error(before.end(), "missing value after " + Text.quote(before.text())
                        + " (expected " + Quantities.describe(kinds) + ")");
            }
            Token value = next();
            if (Quantities.isBareNumber(value.text()) && hasNext() && !KEYWORDS.contains(peek().lower())) {
                return new Span(value.start(), next().end());
            }
            return new Span(value.start(), value.end());
        }

        private Token expectWord(String word, Token before) throws RecipeException {
            if (!hasNext()) {
                throw error(before.end(), "expected '" + word + "' after " + Text.quote(before.text())
                        + ", got the end of the step");
            }
            if (!peekIs(word)) {
                throw error(peek().start(), "expected '" + word + "' after " + Text.quote(before.text())
                        + ", got " + Text.quote(peek().text()));
            }
            return next();
        }

        private RecipeException unexpected(Token token, String expected) {
            return error(token.start(), "unexpected " + Text.quote(token.text()) + " (expected " + expected + ")");
        }

        private RecipeException error(int offset, String problem) {
            return new RecipeException(locator.at(offset), problem);
        }

        private boolean hasNext() {
            return next < tokens.size();
        }

        private Token peek() {
            return tokens.get(next);
        }

        private boolean peekIs(String word) {
            return hasNext() && peek().lower().equals(word);
        }

        private Token next() {
            return tokens.get(next++);
        }
    }

    /** Words split at white space; each parenthesis is a word of its own. */
    private static List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(new Token(String.valueOf(c), i, i + 1));
                i++;
            } else {
                int start = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))
                        && text.charAt(i) != '(' && text.charAt(i) != ')') {
                    i++;
                }
                out.add(new Token(text.substring(start, i), start, i));
            }
        }
        return out;
    }
}
