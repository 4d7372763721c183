package org.cycler.emulator.smu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cycler.emulator.scpi.ScpiServer;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.Measurements;
import org.cycler.hal.scpi.ScpiError;
import org.cycler.hal.scpi.ScpiException;
import org.cycler.hal.scpi.ScpiNumbers;
import org.cycler.hal.sim.SimulatedCycler;

/**
 * One emulated source-measure unit of a {@link SmuRack}, speaking the Keithley 2400-series
 * commands of DESIGN section 12 over one simulated cell; {@link ScpiServer} serves it on a TCP
 * port. docs/devices.md lists the commands and replies.
 *
 * <p><b>Program messages.</b> One line holds commands separated by {@code ;}; every header is
 * from the root (the leading {@code :} may be left out), in short or long form, case-insensitive,
 * with the 2400's optional nodes ({@code [:LEVel][:IMMediate][:AMPLitude]}, {@code :VOLTage[:DC]},
 * {@code :FUNCtion[:MODE]}, {@code :OUTPut[:STATe]}, {@code :PROTection[:LEVel]},
 * {@code :ERRor[:NEXT]}). The answers to the queries of one line form one reply line joined by
 * {@code ;}; a line without a query gets no reply. Errors never produce a reply: the command is
 * skipped and queued for {@code :SYST:ERR?}.
 *
 * <p><b>Regulation.</b> Settings take effect together at the end of the line (or before a
 * {@code :READ?} in it). Sourcing current {@code I} with voltage compliance {@code Vc}: 0 A is a
 * rest with the voltage still measured; otherwise CC into CV at {@code Vc} (for a negative
 * current the compliance, when below the cell's voltage, is the voltage the discharge holds at), and
 * a compliance at or above the simulator's {@value SimulatedCycler#MAX_VOLTAGE_V} V, or above the
 * cell while discharging, never acts, so the current stays constant.
 * Sourcing voltage {@code V} with current compliance {@code Ic}: CV within {@code +-Ic}. The
 * ranges are the simulator's ({@code +-}{@value SimulatedCycler#MAX_CURRENT_A} A, 0..5 V), a
 * bigger unit than a 2400; a voltage compliance may be set up to {@value #MAX_COMPLIANCE_V} V as
 * on a 2400.
 *
 * <p><b>{@code :READ?}</b> measures the elements {@code :FORM:ELEM} selects ({@code VOLT},
 * {@code CURR}, in the order given) as decimals to 1 uV and 1 uA, also with the output off (the
 * terminal voltage at 0 A); there is no temperature.
 *
 * <p><b>Fault injection</b>, for tests: a silent instrument, replies that go missing, arrive
 * garbled or short, and (through the rack) a hardware fault that turns the output off.
 *
 * <p><b>Threads.</b> Thread-safe: every command runs under the rack's lock.
 */
public final class SmuInstrument implements ScpiServer.Device {

    /** Model name in {@code *IDN?}. */
    public static final String MODEL = "EMU-2400";
    /** Highest voltage compliance accepted, volts (a 2400's range). */
    public static final double MAX_COMPLIANCE_V = 210;
    /** Current compliance after {@code *RST}, amperes (a 2400's default). */
    public static final double DEFAULT_CURRENT_COMPLIANCE_A = 105e-6;
    static final int DECIMALS = 6;
    static final int ERROR_QUEUE_SIZE = 32;
    /** What a garbled reply looks like: not numbers, not an error entry. */
    static final String GARBAGE = "#\u007f?GARBLED?";

    private static final Map<String, String> SHORT_FORMS = Map.ofEntries(
            Map.entry("SOURCE", "SOUR"), Map.entry("SOURCE1", "SOUR"), Map.entry("SOUR1", "SOUR"),
            Map.entry("SENSE", "SENS"), Map.entry("SENSE1", "SENS"), Map.entry("SENS1", "SENS"),
            Map.entry("FUNCTION", "FUNC"), Map.entry("CURRENT", "CURR"), Map.entry("VOLTAGE", "VOLT"),
            Map.entry("LEVEL", "LEV"), Map.entry("IMMEDIATE", "IMM"), Map.entry("AMPLITUDE", "AMPL"),
            Map.entry("PROTECTION", "PROT"), Map.entry("FORMAT", "FORM"), Map.entry("ELEMENTS", "ELEM"),
            Map.entry("OUTPUT", "OUTP"), Map.entry("STATE", "STAT"), Map.entry("SYSTEM", "SYST"),
            Map.entry("ERROR", "ERR"));

    private enum Function { CURR, VOLT }

    private enum Element { VOLT, CURR }

    private final SmuRack rack;
    private final int channel;
    private final CyclerIdentity identity;
    private final ArrayDeque<ScpiError> errors = new ArrayDeque<>();
    private final StringBuilder reply = new StringBuilder();

    private Function function;
    private double currentLevelA;
    private double voltageLevelV;
    private double voltageComplianceV;
    private double currentComplianceA;
    private boolean output;
    private List<Element> elements;
    private boolean touched;

    private boolean silent;
    private int dropReplies;
    private int garbleReplies;
    private int truncateReplies;

    SmuInstrument(SmuRack rack, int channel, String serial, String firmware) {
        this.rack = rack;
        this.channel = channel;
        this.identity = new CyclerIdentity(SimulatedCycler.MANUFACTURER, MODEL, serial, firmware);
        reset();
        touched = false;
    }

    /** What {@code *IDN?} answers. */
    public CyclerIdentity identity() {
        return identity;
    }

    @Override
    public String execute(String line) {
        synchronized (rack) {
            if (silent || rack.closed()) {
                return null;
            }
            reply.setLength(0);
            int queries = 0;
            for (String unit : line.split(";", -1)) {
                String u = unit.strip();
                if (u.isEmpty()) {
                    continue;
                }
                int before = reply.length();
                try {
                    if (queries > 0) {
                        reply.append(';');
                    }
                    if (run(u)) {
                        queries++;
                    } else {
                        reply.setLength(before);
                    }
                } catch (ScpiException e) {
                    reply.setLength(before);
                    pushError(e.error());
                }
            }
            flush();
            return queries == 0 ? null : shape(reply.toString());
        }
    }

    private String shape(String text) {
        if (dropReplies > 0) {
            dropReplies--;
            return null;
        }
        if (garbleReplies > 0) {
            garbleReplies--;
            return GARBAGE;
        }
        if (truncateReplies > 0) {
            truncateReplies--;
            return text.substring(0, text.length() / 2);
        }
        return text;
    }

    /** Runs one command; true when it was a query that appended its answer. */
    private boolean run(String unit) throws ScpiException {
        int space = 0;
        while (space < unit.length() && unit.charAt(space) > ' ') {
            space++;
        }
        String header = unit.substring(0, space).toUpperCase(Locale.ROOT);
        String param = unit.substring(space).strip();
        boolean query = header.endsWith("?");
        if (query) {
            header = header.substring(0, header.length() - 1);
        }
        if (header.isEmpty() || header.indexOf('?') >= 0) {
            throw new ScpiException(ScpiError.SYNTAX);
        }
        if (query && !param.isEmpty()) {
            throw new ScpiException(ScpiError.PARAMETER_NOT_ALLOWED);
        }
        String key = canonical(header);
        if (query) {
            return query(key);
        }
        if (param.isEmpty() && !key.equals("*RST") && !key.equals("*CLS")) {
            throw new ScpiException(ScpiError.MISSING_PARAMETER);
        }
        set(key, param);
        return false;
    }

    /** The header with short forms and without optional nodes, e.g. {@code SOUR:CURR}. */
    private static String canonical(String header) {
        if (header.startsWith("*")) {
            return header;
        }
        String h = header.startsWith(":") ? header.substring(1) : header;
        List<String> nodes = new ArrayList<>();
        for (String node : h.split(":", -1)) {
            String n = SHORT_FORMS.getOrDefault(node, node);
            String parent = nodes.isEmpty() ? "" : nodes.get(nodes.size() - 1);
            boolean optional = n.equals("LEV") || n.equals("IMM") || n.equals("AMPL")
                    || (n.equals("DC") && parent.equals("VOLT")) || (n.equals("MODE") && parent.equals("FUNC"))
                    || (n.equals("STAT") && parent.equals("OUTP")) || (n.equals("NEXT") && parent.equals("ERR"));
            if (!optional) {
                nodes.add(n);
            }
        }
        return String.join(":", nodes);
    }

    private boolean query(String key) throws ScpiException {
        switch (key) {
            case "*IDN" -> reply.append(identity);
            case "*OPC" -> reply.append('1');
            case "SYST:ERR" -> {
                ScpiError next = errors.pollFirst();
                reply.append(next == null ? ScpiError.NONE : next);
            }
            case "SOUR:FUNC" -> reply.append(function.name());
            case "SOUR:CURR" -> ScpiNumbers.appendExact(reply, currentLevelA);
            case "SOUR:VOLT" -> ScpiNumbers.appendExact(reply, voltageLevelV);
            case "SENS:VOLT:PROT" -> ScpiNumbers.appendExact(reply, voltageComplianceV);
            case "SENS:CURR:PROT" -> ScpiNumbers.appendExact(reply, currentComplianceA);
            case "FORM:ELEM" -> {
                for (int k = 0; k < elements.size(); k++) {
                    reply.append(k == 0 ? "" : ",").append(elements.get(k).name());
                }
            }
            case "OUTP" -> reply.append(output ? '1' : '0');
            case "READ" -> read();
            default -> throw new ScpiException(ScpiError.UNDEFINED_HEADER);
        }
        return true;
    }

    private void set(String key, String param) throws ScpiException {
        switch (key) {
            case "*RST" -> reset();
            case "*CLS" -> errors.clear();
            case "SOUR:FUNC" -> function = switch (word(param)) {
                case "CURR", "CURRENT" -> Function.CURR;
                case "VOLT", "VOLTAGE" -> Function.VOLT;
                default -> throw new ScpiException(ScpiError.ILLEGAL_VALUE);
            };
            case "SOUR:CURR" -> currentLevelA = number(param, -SimulatedCycler.MAX_CURRENT_A, SimulatedCycler.MAX_CURRENT_A);
            case "SOUR:VOLT" -> voltageLevelV = number(param, 0, SimulatedCycler.MAX_VOLTAGE_V);
            case "SENS:VOLT:PROT" -> voltageComplianceV = positive(number(param, 0, MAX_COMPLIANCE_V));
            case "SENS:CURR:PROT" -> currentComplianceA = positive(number(param, 0, SimulatedCycler.MAX_CURRENT_A));
            case "FORM:ELEM" -> elements = elements(param);
            case "OUTP" -> output = switch (word(param)) {
                case "ON", "1" -> true;
                case "OFF", "0" -> false;
                default -> throw new ScpiException(ScpiError.ILLEGAL_VALUE);
            };
            default -> throw new ScpiException(ScpiError.UNDEFINED_HEADER);
        }
        if (!key.equals("*CLS") && !key.equals("FORM:ELEM")) {
            touched = true;
        }
    }

    private static String word(String param) {
        return param.strip().toUpperCase(Locale.ROOT);
    }

    private static double number(String text, double min, double max) throws ScpiException {
        double value;
        try {
            value = ScpiNumbers.parse(text);
        } catch (NumberFormatException e) {
            throw new ScpiException(ScpiError.DATA_TYPE);
        }
        if (!(value >= min && value <= max)) {
            throw new ScpiException(ScpiError.OUT_OF_RANGE);
        }
        return value;
    }

    private static double positive(double value) throws ScpiException {
        if (!(value > 0)) {
            throw new ScpiException(ScpiError.OUT_OF_RANGE);
        }
        return value;
    }

    private static List<Element> elements(String param) throws ScpiException {
        List<Element> list = new ArrayList<>();
        for (String part : param.split(",", -1)) {
            Element e = switch (word(part)) {
                case "VOLT", "VOLTAGE" -> Element.VOLT;
                case "CURR", "CURRENT" -> Element.CURR;
                default -> throw new ScpiException(ScpiError.ILLEGAL_VALUE);
            };
            if (list.contains(e)) {
                throw new ScpiException(ScpiError.ILLEGAL_VALUE);
            }
            list.add(e);
        }
        return List.copyOf(list);
    }

    private void read() {
        flush();
        Measurements m = rack.measure();
        for (int k = 0; k < elements.size(); k++) {
            if (k > 0) {
                reply.append(',');
            }
            double value = elements.get(k) == Element.VOLT ? m.voltage(channel) : m.current(channel);
            ScpiNumbers.appendFixed(reply, value, DECIMALS);
        }
    }

    /** Hands the settings to the cell if the line changed any. */
    private void flush() {
        if (!touched) {
            return;
        }
        touched = false;
        ChannelCommand command = command();
        if (command == null) {
            pushError(ScpiError.SETTINGS_CONFLICT);
            command = new ChannelCommand.Rest(channel);
        }
        rack.command(command);
    }

    /** What the settings ask of the cell; null when the output is on without a voltage to source. */
    private ChannelCommand command() {
        if (!output) {
            return new ChannelCommand.Rest(channel);
        }
        if (function == Function.VOLT) {
            return voltageLevelV > 0 ? new ChannelCommand.ConstantVoltage(channel, voltageLevelV, currentComplianceA) : null;
        }
        if (currentLevelA == 0) {
            return new ChannelCommand.Rest(channel);
        }
        if (voltageComplianceV >= SimulatedCycler.MAX_VOLTAGE_V
                || (currentLevelA < 0 && voltageComplianceV >= rack.measure().voltage(channel))) {
            return new ChannelCommand.ConstantCurrent(channel, currentLevelA);
        }
        return new ChannelCommand.CcCv(channel, currentLevelA, voltageComplianceV);
    }

    private void reset() {
        function = Function.VOLT;
        currentLevelA = 0;
        voltageLevelV = 0;
        voltageComplianceV = SimulatedCycler.MAX_VOLTAGE_V;
        currentComplianceA = DEFAULT_CURRENT_COMPLIANCE_A;
        output = false;
        elements = List.of(Element.VOLT, Element.CURR);
        touched = true;
    }

    private void pushError(ScpiError error) {
        if (errors.size() >= ERROR_QUEUE_SIZE) {
            errors.pollLast();
            errors.addLast(ScpiError.QUEUE_OVERFLOW);
            return;
        }
        errors.addLast(error);
    }

    @Override
    public void reportError(ScpiError error) {
        synchronized (rack) {
            pushError(error);
        }
    }

    /** The rack turned the output off (hardware fault). Caller holds the rack's lock. */
    void outputTurnedOff() {
        output = false;
    }

    /** Fault injection: while silent the instrument neither executes nor answers anything. */
    public void setSilent(boolean silent) {
        synchronized (rack) {
            this.silent = silent;
        }
    }

    /** Fault injection: the next {@code n} replies are lost (the commands still run). */
    public void dropReplies(int n) {
        synchronized (rack) {
            dropReplies = count(n);
        }
    }

    /** Fault injection: the next {@code n} replies are replaced by a line of garbage. */
    public void garbleReplies(int n) {
        synchronized (rack) {
            garbleReplies = count(n);
        }
    }

    /** Fault injection: the next {@code n} replies are cut to half their length. */
    public void truncateReplies(int n) {
        synchronized (rack) {
            truncateReplies = count(n);
        }
    }

    private static int count(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a count of replies cannot be negative: " + n);
        }
        return n;
    }
}
