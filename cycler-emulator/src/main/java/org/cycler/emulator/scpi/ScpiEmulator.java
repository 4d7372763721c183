package org.cycler.emulator.scpi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.Measurements;
import org.cycler.hal.Mode;
import org.cycler.hal.Ticker;
import org.cycler.hal.scpi.ChannelList;
import org.cycler.hal.scpi.ScpiError;
import org.cycler.hal.scpi.ScpiException;
import org.cycler.hal.scpi.ScpiNumbers;
import org.cycler.hal.sim.SimulatedCycler;

/**
 * A multi-channel cycler that speaks the SCPI dialect of DESIGN section 9, built on a
 * {@link SimulatedCycler}: the instrument side of the wire, for {@link ScpiServer} to serve over
 * TCP (and through a pseudo-terminal), so that the driver, the transports and other people's SCPI
 * clients can be tried without hardware. docs/scpi.md is the user's reference.
 *
 * <p><b>Program messages.</b> {@link #execute} takes one line: one or more commands separated by
 * {@code ;}. Headers are case-insensitive, in short ({@code SOUR:CURR}) or long
 * ({@code SOURce:CURRent}) form, with the optional nodes {@code [SOURce:]}, {@code OUTPut[:STATe]},
 * {@code SYSTem:ERRor[:NEXT]} and {@code SYSTem:CHANnel[:COUNt]}. After a {@code ;} a header is
 * first tried relative to the previous command's path (SCPI-99: {@code SOUR:MODE CC,(@1);CURR 2,(@1)})
 * and then from the root, so full headers work too; a leading {@code :} means the root. The
 * answers to the queries of one line form one reply line, joined by {@code ;}; a line without a
 * query gets no reply.
 *
 * <p><b>Errors</b> never produce a reply: the command is skipped, the rest of the line goes on,
 * and the error is queued for {@code SYST:ERR?} (at most {@value #ERROR_QUEUE_SIZE} entries, then
 * {@code -350,"Queue overflow"}).
 *
 * <p><b>Settings</b> ({@code SOUR:MODE}, {@code SOUR:CURR}, {@code SOUR:VOLT}, {@code SOUR:POW},
 * {@code SOUR:RES}, {@code OUTP}) go into per-channel registers; at the end of the line (or before
 * a measurement query in it) each channel that was touched is handed to the simulator as one
 * {@link ChannelCommand}, so a line's settings take effect together. A channel whose output is on
 * in a mode lacking a setpoint it needs (CV or CC-CV without a current or voltage, CR without a
 * resistance) stays at rest and queues {@code -221,"Settings conflict"}.
 *
 * <p><b>Per connection</b> ({@link #connect()}; {@link #execute(String)} is one more, the in-process
 * caller's): {@code *ESR?}, the standard event status of the errors its own commands caused, and
 * {@code STAT:OPER:EVEN? (@list)}, bit {@value #WRITTEN_ELSEWHERE_BIT} on each channel a setting of
 * which was written from elsewhere (another connection, the host watchdog, a fault) since it last
 * asked. Both clear as read, and {@code *CLS} clears them; a host reads back only the channels they
 * flag instead of every channel's settings every tick.
 *
 * <p><b>Host watchdog.</b> {@code SYST:WDOG <seconds>} arms it (0 disarms, at most
 * {@value #MAX_WATCHDOG_S} s), {@code SYST:WDOG?} reads it. When no program message has arrived for
 * longer than that, {@link #checkWatchdog()} turns every output off and status bit 4 is set on every
 * channel until the watchdog is armed again or {@code *RST} / {@code *CLS}. Silence is measured on
 * the host clock the emulator is given (the wall clock when served), not on the cells' clock, so a
 * host stalled on a loaded machine is not taken for a dead one however fast the cells run.
 *
 * <p><b>Fault injection</b>, for tests and demos: a hardware fault on a channel, a device that
 * stops answering, and replies that go missing, arrive garbled or arrive short.
 *
 * <p><b>Threads.</b> Thread-safe: every method is synchronized, so several connections share one
 * instrument, as on a real one.
 */
public final class ScpiEmulator implements ScpiServer.Device {

    /** Longest error queue; a further error replaces the last entry by -350. */
    public static final int ERROR_QUEUE_SIZE = 32;
    /** Setpoint ranges the emulated hardware accepts; beyond them a setting is -222. */
    public static final double MAX_CURRENT_A = SimulatedCycler.MAX_CURRENT_A;
    public static final double MAX_VOLTAGE_V = SimulatedCycler.MAX_VOLTAGE_V;
    public static final double MAX_POWER_W = SimulatedCycler.MAX_CURRENT_A * SimulatedCycler.MAX_VOLTAGE_V;
    public static final double MIN_RESISTANCE_OHM = 0.001;
    public static final double MAX_RESISTANCE_OHM = 10_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Longest host watchdog {@code SYST:WDOG} accepts, seconds. */
    public static final int MAX_WATCHDOG_S = 3600;
    /** {@code STAT:QUES:COND?} bit of a fired host watchdog. */
    static final int WATCHDOG_BIT = 1 << 4;
    /**
     * {@code STAT:OPER:EVEN?} bit: a setting of the channel was written from elsewhere (another
     * connection, {@code *RST}, the host watchdog, a fault) since this connection last read it.
     */
    public static final int WRITTEN_ELSEWHERE_BIT = 1 << 8;
    /** Model name prefix in {@code *IDN?}: {@code EMU-<channels>}. */
    public static final String MODEL_PREFIX = "EMU-";
    /** Decimals of readings: voltage and current to 1 microvolt and microampere, temperature to 1 mK. */
    static final int VOLTAGE_DECIMALS = 6;
    static final int CURRENT_DECIMALS = 6;
    static final int TEMPERATURE_DECIMALS = 3;
    /** What a garbled reply looks like: not numbers, not an error entry. */
    static final String GARBAGE = "#\u007f?GARBLED?";

    private enum Command {
        IDN("*IDN", false, true),
        RST("*RST", true, false),
        CLS("*CLS", true, false),
        OPC("*OPC", false, true),
        EVENT_STATUS("*ESR", false, true),
        ERROR("SYSTem:ERRor[:NEXT]", false, true),
        CHANNELS("SYSTem:CHANnel[:COUNt]", false, true),
        WATCHDOG("SYSTem:WDOG", true, true),
        MODE("[SOURce]:MODE", true, true),
        CURRENT("[SOURce]:CURRent", true, true),
        VOLTAGE("[SOURce]:VOLTage", true, true),
        POWER("[SOURce]:POWer", true, true),
        RESISTANCE("[SOURce]:RESistance", true, true),
        OUTPUT("OUTPut[:STATe]", true, true),
        SETTINGS("[SOURce]:ALL", false, true),
        MEASURE_ALL("MEASure:ALL", false, true),
        MEASURE_VOLTAGE("MEASure:VOLTage", false, true),
        MEASURE_CURRENT("MEASure:CURRent", false, true),
        MEASURE_TEMPERATURE("MEASure:TEMPerature", false, true),
        STATUS("STATus:QUEStionable:CONDition", false, true),
        OPERATION_EVENT("STATus:OPERation[:EVENt]", false, true);

        final Node[] nodes;
        final boolean settable;
        final boolean queryable;

        Command(String pattern, boolean settable, boolean queryable) {
            this.nodes = Node.parse(pattern);
            this.settable = settable;
            this.queryable = queryable;
        }
    }

    /** One header keyword: long form, short form (its capitals), optional or not. */
    private record Node(String longForm, String shortForm, boolean optional) {
        static Node[] parse(String pattern) {
            if (pattern.startsWith("*")) {
                return new Node[] {new Node(pattern, pattern, false)};
            }
            List<Node> nodes = new ArrayList<>();
            for (String part : pattern.replace("[:", ":[").split(":")) {
                boolean optional = part.startsWith("[");
                String name = part.replace("[", "").replace("]", "");
                StringBuilder shortForm = new StringBuilder();
                for (char c : name.toCharArray()) {
                    if (Character.isUpperCase(c)) {
                        shortForm.append(c);
                    }
                }
                nodes.add(new Node(name.toUpperCase(Locale.ROOT), shortForm.toString(), optional));
            }
            return nodes.toArray(new Node[0]);
        }

        boolean matches(String keyword) {
            return keyword.equals(shortForm) || keyword.equals(longForm);
        }
    }

    private final SimulatedCycler sim;
    private final Ticker hostClock;
    private final CyclerIdentity identity;
    private final int count;
    private final Measurements readings;
    private boolean readingsFresh;
    private final ArrayDeque<ScpiError> errors = new ArrayDeque<>();

    // Registers, index channel - 1.
    private final Mode[] mode;
    private final double[] currentA;
    private final double[] voltageV;
    private final double[] powerW;
    private final double[] resistanceOhm;
    private final boolean[] output;
    private final boolean[] touched;
    private boolean anyTouched;

    // Host watchdog: armed for watchdogNanos (0 = off), fed by every program message.
    private long watchdogNanos;
    private long lastMessageNanos;
    private boolean watchdogFired;

    // Fault injection.
    private boolean silent;
    private int dropReplies;
    private int garbleReplies;
    private int truncateReplies;

    private boolean closed;
    /** Every open connection's registers, {@link #local} first. */
    private final List<Session> sessions = new ArrayList<>();
    /** The registers of {@link #execute(String)}'s caller, the emulator's in-process client. */
    private final Session local;
    /** The connection whose line is running, null when the device acts by itself. */
    private Session current;
    private final StringBuilder reply = new StringBuilder();
    private String[] path = NO_PATH;
    /** {@link #path} joined by {@code :}, the key of {@link #resolved}. */
    private String pathKey = "";
    /** Per path key ("" for the root), per header as written: what {@link #resolve} found. */
    private final Map<String, Map<String, Resolved>> resolved = new HashMap<>();
    /** The last few of {@link #resolved}'s answers, as a tick's line repeats one to three headers. */
    private final Resolved[] recentlyResolved = new Resolved[4];
    private int nextRecent;
    private static final String[] NO_PATH = new String[0];

    /**
     * @param sim the channels; the emulator owns it from now on (it is read and commanded only
     *            under the emulator's lock)
     */
    public ScpiEmulator(SimulatedCycler sim) {
        this(sim, Ticker.system());
    }

    /**
     * @param sim       the channels; the emulator owns it from now on
     * @param hostClock what host silence is measured on (the wall clock, or a test's virtual one)
     */
    public ScpiEmulator(SimulatedCycler sim, Ticker hostClock) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.hostClock = Objects.requireNonNull(hostClock, "hostClock");
        this.lastMessageNanos = hostClock.nanos();
        this.count = sim.channelCount();
        CyclerIdentity simId = sim.identity();
        this.identity = new CyclerIdentity(simId.manufacturer(), MODEL_PREFIX + count, simId.serial(), simId.firmware());
        this.readings = new Measurements(count);
        mode = new Mode[count];
        currentA = new double[count];
        voltageV = new double[count];
        powerW = new double[count];
        resistanceOhm = new double[count];
        output = new boolean[count];
        touched = new boolean[count];
        Arrays.fill(mode, Mode.REST);
        local = new Session(count);
        sessions.add(local);
    }

    /**
     * The registers one connection has of its own: the standard event status register
     * ({@code *ESR?}: the errors its commands caused) and, per channel, the operation event
     * register ({@code STAT:OPER:EVEN?}: settings written from elsewhere). Both clear as read.
     */
    private static final class Session {
        final boolean[] writtenElsewhere;
        int eventStatus;

        Session(int channels) {
            writtenElsewhere = new boolean[channels];
        }
    }

    /**
     * A connection of its own, as the server opens for each client: its lines and errors count
     * for its own {@code *ESR?}, and writes by every other connection (and by the device itself)
     * show in its {@code STAT:OPER:EVEN?}.
     */
    @Override
    public synchronized ScpiServer.Client connect() {
        Session session = new Session(count);
        sessions.add(session);
        return new ScpiServer.Client() {
            @Override
            public String execute(String line) {
                return ScpiEmulator.this.execute(session, line);
            }

            @Override
            public void reportError(ScpiError error) {
                ScpiEmulator.this.reportError(session, error);
            }

            @Override
            public void close() {
                synchronized (ScpiEmulator.this) {
                    sessions.remove(session);
                }
            }
        };
    }

    /** What {@code *IDN?} answers. */
    public CyclerIdentity identity() {
        return identity;
    }

    public int channelCount() {
        return count;
    }

    /**
     * Executes one program message (a line without its terminator).
     *
     * @return the reply line without terminator, or null when the line held no query that
     *         succeeded (or the device is silent or closed, or the reply was dropped)
     */
    @Override
    public synchronized String execute(String line) {
        return execute(local, line);
    }

    private synchronized String execute(Session session, String line) {
        if (silent || closed) {
            return null;
        }
        checkWatchdog();
        current = session;
        try {
            return run(line);
        } finally {
            current = null;
        }
    }

    private String run(String line) {
        lastMessageNanos = hostClock.nanos();
        reply.setLength(0);
        readingsFresh = false;
        path = NO_PATH;
        pathKey = "";
        boolean first = true;
        int queries = 0;
        for (int start = 0, end; start <= line.length(); start = end + 1) {
            end = endOfUnit(line, start);
            int a = start;
            int b = end;
            while (a < b && Character.isWhitespace(line.charAt(a))) {
                a++;
            }
            while (b > a && Character.isWhitespace(line.charAt(b - 1))) {
                b--;
            }
            if (a == b) {
                continue;
            }
            int before = reply.length();
            try {
                if (queries > 0) {
                    reply.append(';');
                }
                if (runUnit(line, a, b, first)) {
                    queries++;
                } else {
                    reply.setLength(before);
                }
            } catch (ScpiException e) {
                reply.setLength(before);
                pushError(e.error());
            }
            first = false;
        }
        flush();
        if (queries == 0) {
            return null;
        }
        return shape(reply.toString());
    }

    /** Applies the reply faults that are armed. */
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

    /**
     * Runs the command in {@code line[from, to)}, read in place: a tick that changes every channel
     * of a large device sends thousands in one line. True when it was a query that appended its
     * answer.
     */
    private boolean runUnit(String line, int from, int to, boolean first) throws ScpiException {
        int space = from;
        while (space < to && line.charAt(space) > ' ' && line.charAt(space) != '(') {
            space++;
        }
        boolean query = space > from && line.charAt(space - 1) == '?';
        int headerEnd = query ? space - 1 : space;
        if (headerEnd == from || line.indexOf('?', from, headerEnd) >= 0) {
            throw new ScpiException(ScpiError.SYNTAX);
        }
        Command command = resolve(line, from, headerEnd, query, first);
        if (!query && isSetting(command) && setInPlace(command, line, space, to)) {
            return false;
        }
        List<String> args = splitParams(line.substring(space, to).strip());
        switch (command) {
            case IDN -> {
                noArgs(args);
                reply.append(identity);
            }
            case RST -> {
                noArgs(args);
                reset();
            }
            case CLS -> {
                noArgs(args);
                errors.clear();
                watchdogFired = false;
                current.eventStatus = 0;
                Arrays.fill(current.writtenElsewhere, false);
            }
            case EVENT_STATUS -> {
                noArgs(args);
                reply.append(current.eventStatus);
                current.eventStatus = 0;
            }
            case OPERATION_EVENT -> operationEvents(channelsOf(args));
            case OPC -> {
                noArgs(args);
                reply.append('1');
            }
            case ERROR -> {
                noArgs(args);
                ScpiError next = errors.poll();
                reply.append(next == null ? ScpiError.NONE : next);
            }
            case CHANNELS -> {
                noArgs(args);
                reply.append(count);
            }
            case WATCHDOG -> {
                if (query) {
                    noArgs(args);
                    reply.append(watchdogNanos / NANOS_PER_SECOND);
                } else {
                    armWatchdog(args);
                }
            }
            case SETTINGS -> settings(channelsOf(args));
            case MODE, CURRENT, VOLTAGE, POWER, RESISTANCE, OUTPUT -> {
                if (query) {
                    querySetting(command, channelsOf(args));
                } else {
                    set(command, args);
                }
            }
            case MEASURE_ALL, MEASURE_VOLTAGE, MEASURE_CURRENT, MEASURE_TEMPERATURE, STATUS ->
                    measure(command, channelsOf(args));
        }
        return query;
    }

    /** {@code text} in capitals; {@code text} itself when it has no small letter, as a host's headers mostly do. */
    private static String upperCase(String text) {
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c >= 'a' && c <= 'z' || c > 0x7f) {
                return text.toUpperCase(Locale.ROOT);
            }
        }
        return text;
    }

    /**
     * Finds the command for the header in {@code line[from, to)} as {@link #resolveUncached} does,
     * remembering each answer by the current path and the header as written: a host sends the same
     * few headers every tick, and a tick that changes every channel of a large device sends
     * thousands. The last few answers are compared in place, without copying the header out.
     */
    private Command resolve(String line, int from, int to, boolean query, boolean first) throws ScpiException {
        boolean relative = !first && path.length > 0;
        String before = relative ? pathKey : "";
        int length = to - from;
        for (Resolved recent : recentlyResolved) {
            if (recent != null && recent.query == query && recent.header.length() == length
                    && recent.before.equals(before) && line.regionMatches(from, recent.header, 0, length)) {
                return use(recent);
            }
        }
        String header = line.substring(from, to);
        Map<String, Resolved> known = resolved.get(before);
        Resolved hit = known == null ? null : known.get(header);
        if (hit == null || hit.query != query) {
            Command command = resolveUncached(upperCase(header), query, first);
            pathKey = String.join(":", path);
            hit = new Resolved(before, header, command, query, path, pathKey);
            if (known == null && resolved.size() < MAX_RESOLVED) {
                known = new HashMap<>();
                resolved.put(before, known);
            }
            if (known != null && known.size() < MAX_RESOLVED) {
                known.put(header, hit);
            }
        }
        recentlyResolved[nextRecent] = hit;
        nextRecent = (nextRecent + 1) % recentlyResolved.length;
        return use(hit);
    }

    private Command use(Resolved resolution) {
        path = resolution.path;
        pathKey = resolution.pathKey;
        return resolution.command;
    }

    /**
     * What a header as written ({@code header}, after the path {@code before}) resolved to: its
     * command and the path it leaves; its {@code path} array is never changed.
     */
    private record Resolved(String before, String header, Command command, boolean query, String[] path,
                            String pathKey) {
    }

    /** Headers remembered per path, and paths: enough for any host, bounded for a hostile one. */
    private static final int MAX_RESOLVED = 256;

    /** Finds the command for a header: relative to the current path first, then from the root. */
    private Command resolveUncached(String header, boolean query, boolean first) throws ScpiException {
        if (header.startsWith("*")) {
            for (Command c : Command.values()) {
                if (c.nodes.length == 1 && c.nodes[0].longForm().equals(header) && form(c, query)) {
                    return c;
                }
            }
            throw new ScpiException(ScpiError.UNDEFINED_HEADER);
        }
        boolean rooted = header.startsWith(":");
        String[] parts = (rooted ? header.substring(1) : header).split(":", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new ScpiException(ScpiError.SYNTAX);
            }
        }
        if (!rooted && !first && path.length > 0) {
            String[] relative = Arrays.copyOf(path, path.length + parts.length);
            System.arraycopy(parts, 0, relative, path.length, parts.length);
            Command c = match(relative, query);
            if (c != null) {
                path = Arrays.copyOf(relative, relative.length - 1);
                return c;
            }
        }
        Command c = match(parts, query);
        if (c == null) {
            throw new ScpiException(ScpiError.UNDEFINED_HEADER);
        }
        path = Arrays.copyOf(parts, parts.length - 1);
        return c;
    }

    private static Command match(String[] parts, boolean query) {
        for (Command c : Command.values()) {
            if (form(c, query) && matches(parts, 0, c.nodes, 0)) {
                return c;
            }
        }
        return null;
    }

    private static boolean form(Command c, boolean query) {
        return query ? c.queryable : c.settable;
    }

    private static boolean matches(String[] parts, int p, Node[] nodes, int n) {
        if (n == nodes.length) {
            return p == parts.length;
        }
        if (p < parts.length && nodes[n].matches(parts[p]) && matches(parts, p + 1, nodes, n + 1)) {
            return true;
        }
        return nodes[n].optional() && matches(parts, p, nodes, n + 1);
    }

    private static boolean isSetting(Command command) {
        return switch (command) {
            case MODE, CURRENT, VOLTAGE, POWER, RESISTANCE, OUTPUT -> true;
            default -> false;
        };
    }

    /**
     * A setting whose parameters are the common {@code value,(@list)} (no string, no parentheses in
     * the value, plain ASCII), read in place: the thousands of settings of a tick that changes every
     * channel cost no list of parameters each. False, having done nothing, for any other form,
     * which {@link #set(Command, List)} then reads and judges.
     */
    private boolean setInPlace(Command command, String unit, int from, int end) throws ScpiException {
        int comma = -1;
        for (int k = from; k < end; k++) {
            char c = unit.charAt(k);
            if (c == '"' || c == '\'' || c > 0x7f) {
                return false;
            }
            if (comma < 0 && c == '(') {
                return false;
            }
            if (c == ',' && comma < 0) {
                comma = k;
            }
        }
        if (comma < 0) {
            return false;
        }
        int vs = from;
        int ve = comma;
        while (vs < ve && unit.charAt(vs) <= ' ') {
            vs++;
        }
        while (ve > vs && unit.charAt(ve - 1) <= ' ') {
            ve--;
        }
        int ls = comma + 1;
        int le = end;
        while (ls < le && unit.charAt(ls) <= ' ') {
            ls++;
        }
        while (le > ls && unit.charAt(le - 1) <= ' ') {
            le--;
        }
        if (vs == ve || le - ls < 2 || unit.charAt(ls) != '(' || unit.charAt(le - 1) != ')'
                || unit.indexOf('(', ls + 1, end) >= 0 || unit.indexOf(')', ls, end) != le - 1) {
            return false;
        }
        set(command, unit, vs, ve, ChannelList.parse(unit, ls, le, count));
        return true;
    }

    private void set(Command command, List<String> args) throws ScpiException {
        if (args.size() < 2) {
            throw new ScpiException(ScpiError.MISSING_PARAMETER);
        }
        if (args.size() > 2) {
            throw new ScpiException(ScpiError.PARAMETER_NOT_ALLOWED);
        }
        String value = args.get(0);
        set(command, value, 0, value.length(), ChannelList.parse(args.get(1), count));
    }

    /** Sets {@code channels} to the value in {@code text[from, to)}. */
    private void set(Command command, String text, int from, int to, int[] channels) throws ScpiException {
        switch (command) {
            case MODE -> {
                Mode m;
                try {
                    m = Mode.valueOf(text.substring(from, to).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ScpiException(ScpiError.ILLEGAL_VALUE);
                }
                for (int ch : channels) {
                    mode[ch - 1] = m;
                }
            }
            case CURRENT -> fill(currentA, channels, number(text, from, to, -MAX_CURRENT_A, MAX_CURRENT_A));
            case VOLTAGE -> {
                double v = number(text, from, to, 0, MAX_VOLTAGE_V);
                if (v == 0) {
                    throw new ScpiException(ScpiError.OUT_OF_RANGE);
                }
                fill(voltageV, channels, v);
            }
            case POWER -> fill(powerW, channels, number(text, from, to, -MAX_POWER_W, MAX_POWER_W));
            case RESISTANCE -> fill(resistanceOhm, channels,
                    number(text, from, to, MIN_RESISTANCE_OHM, MAX_RESISTANCE_OHM));
            case OUTPUT -> {
                boolean on = switch (text.substring(from, to).toUpperCase(Locale.ROOT)) {
                    case "ON", "1" -> true;
                    case "OFF", "0" -> false;
                    default -> throw new ScpiException(ScpiError.ILLEGAL_VALUE);
                };
                for (int ch : channels) {
                    output[ch - 1] = on;
                }
            }
            default -> throw new ScpiException(ScpiError.UNDEFINED_HEADER);
        }
        for (int ch : channels) {
            touched[ch - 1] = true;
        }
        anyTouched = true;
    }

    private static void fill(double[] register, int[] channels, double value) {
        for (int ch : channels) {
            register[ch - 1] = value;
        }
    }

    private static double number(String text, double min, double max) throws ScpiException {
        return number(text, 0, text.length(), min, max);
    }

    /** The number in {@code text[from, to)}, which must lie in {@code [min, max]}. */
    private static double number(String text, int from, int to, double min, double max) throws ScpiException {
        double value;
        try {
            value = ScpiNumbers.parse(text, from, to);
        } catch (NumberFormatException e) {
            boolean numeric = from < to && (Character.isDigit(text.charAt(from)) || "+-.".indexOf(text.charAt(from)) >= 0);
            throw new ScpiException(numeric ? ScpiError.INVALID_SUFFIX : ScpiError.DATA_TYPE);
        }
        if (!(value >= min && value <= max)) {
            throw new ScpiException(ScpiError.OUT_OF_RANGE);
        }
        return value;
    }

    private void querySetting(Command command, int[] channels) {
        for (int k = 0; k < channels.length; k++) {
            if (k > 0) {
                reply.append(',');
            }
            int i = channels[k] - 1;
            switch (command) {
                case MODE -> reply.append(mode[i].name());
                case CURRENT -> ScpiNumbers.appendExact(reply, currentA[i]);
                case VOLTAGE -> ScpiNumbers.appendExact(reply, voltageV[i]);
                case POWER -> ScpiNumbers.appendExact(reply, powerW[i]);
                case RESISTANCE -> ScpiNumbers.appendExact(reply, resistanceOhm[i]);
                case OUTPUT -> reply.append(output[i] ? '1' : '0');
                default -> throw new IllegalStateException("not a setting: " + command);
            }
        }
    }

    /**
     * {@code SOUR:ALL? (@list)}: per channel {@code output,mode,a,b}, output 1 or 0, and the two
     * setpoints the mode runs on (CC: current, 0; CV: voltage, current limit; CCCV: current,
     * voltage; CP: power, 0; CR: resistance, 0; REST: 0, 0), so a host can see in one query that
     * a channel is no longer as it commanded it.
     */
    private void settings(int[] channels) {
        for (int k = 0; k < channels.length; k++) {
            if (k > 0) {
                reply.append(',');
            }
            int i = channels[k] - 1;
            reply.append(output[i] ? '1' : '0').append(',').append(mode[i].name()).append(',');
            double a = 0;
            double b = 0;
            switch (mode[i]) {
                case CC -> a = currentA[i];
                case CV -> {
                    a = voltageV[i];
                    b = currentA[i];
                }
                case CCCV -> {
                    a = currentA[i];
                    b = voltageV[i];
                }
                case CP -> a = powerW[i];
                case CR -> a = resistanceOhm[i];
                case REST -> {
                    // no setpoints
                }
            }
            ScpiNumbers.appendExact(reply, a).append(',');
            ScpiNumbers.appendExact(reply, b);
        }
    }

    /** {@code STAT:OPER:EVEN? (@list)}: this connection's event register per channel, cleared as read. */
    private void operationEvents(int[] channels) {
        boolean[] events = current.writtenElsewhere;
        for (int k = 0; k < channels.length; k++) {
            if (k > 0) {
                reply.append(',');
            }
            int i = channels[k] - 1;
            reply.append(events[i] ? WRITTEN_ELSEWHERE_BIT : 0);
            events[i] = false;
        }
    }

    private void measure(Command command, int[] channels) {
        flush(true);
        if (!readingsFresh) {
            sim.read(readings);
            readingsFresh = true;
        }
        for (int k = 0; k < channels.length; k++) {
            if (k > 0) {
                reply.append(',');
            }
            int ch = channels[k];
            switch (command) {
                case MEASURE_ALL -> {
                    ScpiNumbers.appendFixed(reply, readings.voltage(ch), VOLTAGE_DECIMALS).append(',');
                    ScpiNumbers.appendFixed(reply, readings.current(ch), CURRENT_DECIMALS).append(',');
                    ScpiNumbers.appendFixed(reply, readings.temperature(ch), TEMPERATURE_DECIMALS);
                }
                case MEASURE_VOLTAGE -> ScpiNumbers.appendFixed(reply, readings.voltage(ch), VOLTAGE_DECIMALS);
                case MEASURE_CURRENT -> ScpiNumbers.appendFixed(reply, readings.current(ch), CURRENT_DECIMALS);
                case MEASURE_TEMPERATURE ->
                        ScpiNumbers.appendFixed(reply, readings.temperature(ch), TEMPERATURE_DECIMALS);
                case STATUS -> reply.append((readings.status(ch) & 0xF) | (watchdogFired ? WATCHDOG_BIT : 0));
                default -> throw new IllegalStateException("not a measurement: " + command);
            }
        }
    }

    private int[] channelsOf(List<String> args) throws ScpiException {
        if (args.size() > 1) {
            throw new ScpiException(ScpiError.PARAMETER_NOT_ALLOWED);
        }
        if (args.isEmpty()) {
            int[] all = new int[count];
            for (int k = 0; k < count; k++) {
                all[k] = k + 1;
            }
            return all;
        }
        return ChannelList.parse(args.get(0), count);
    }

    private static void noArgs(List<String> args) throws ScpiException {
        if (!args.isEmpty()) {
            throw new ScpiException(ScpiError.PARAMETER_NOT_ALLOWED);
        }
    }

    /** Hands every touched channel's registers to the simulator as one batch. */
    private void flush() {
        flush(false);
    }

    /**
     * Hands the settings touched since the last flush to the cells; with {@code thenRead}, also
     * takes {@link #readings} at the instant they took effect (the line's queries follow its
     * settings within the one command, as DESIGN section 9 describes).
     */
    private void flush(boolean thenRead) {
        if (!anyTouched) {
            return;
        }
        List<ChannelCommand> batch = new ArrayList<>(count);
        boolean conflict = false;
        for (int i = 0; i < count; i++) {
            if (!touched[i]) {
                continue;
            }
            touched[i] = false;
            for (int k = 0; k < sessions.size(); k++) {
                Session s = sessions.get(k);
                if (s != current) {
                    s.writtenElsewhere[i] = true;
                }
            }
            ChannelCommand command = commandFor(i);
            if (command == null) {
                conflict = true;
                command = new ChannelCommand.Rest(i + 1);
            }
            batch.add(command);
        }
        anyTouched = false;
        if (thenRead) {
            sim.applyAndRead(batch, readings);
        } else {
            sim.apply(batch);
        }
        readingsFresh = thenRead;
        if (conflict) {
            pushError(ScpiError.SETTINGS_CONFLICT);
        }
    }

    /** The command a channel's registers make, or null when its output is on without a needed setpoint. */
    private ChannelCommand commandFor(int i) {
        int ch = i + 1;
        if (!output[i] || mode[i] == Mode.REST) {
            return new ChannelCommand.Rest(ch);
        }
        double a = currentA[i];
        double v = voltageV[i];
        return switch (mode[i]) {
            case CC -> new ChannelCommand.ConstantCurrent(ch, a);
            case CV -> a != 0 && v > 0 ? new ChannelCommand.ConstantVoltage(ch, v, Math.abs(a)) : null;
            case CCCV -> a != 0 && v > 0 ? new ChannelCommand.CcCv(ch, a, v) : null;
            case CP -> new ChannelCommand.ConstantPower(ch, powerW[i]);
            case CR -> resistanceOhm[i] > 0 ? new ChannelCommand.ConstantResistance(ch, resistanceOhm[i]) : null;
            case REST -> new ChannelCommand.Rest(ch);
        };
    }

    private void armWatchdog(List<String> args) throws ScpiException {
        if (args.size() != 1) {
            throw new ScpiException(args.isEmpty() ? ScpiError.MISSING_PARAMETER : ScpiError.PARAMETER_NOT_ALLOWED);
        }
        double seconds = number(args.get(0), 0, MAX_WATCHDOG_S);
        if (seconds != Math.rint(seconds)) {
            throw new ScpiException(ScpiError.OUT_OF_RANGE);
        }
        watchdogNanos = (long) seconds * NANOS_PER_SECOND;
        watchdogFired = false;
    }

    /**
     * Fires the host watchdog if it is armed and no program message has arrived for longer than it
     * allows: every output off, status bit 4 on every channel. Whoever serves the emulator calls this
     * periodically, so outputs go off while the host is silent, not at its next message.
     *
     * @return true when the watchdog fired on this call
     */
    @Override
    public synchronized boolean checkWatchdog() {
        if (closed || watchdogNanos == 0 || watchdogFired || hostClock.nanos() - lastMessageNanos <= watchdogNanos) {
            return false;
        }
        watchdogFired = true;
        Arrays.fill(output, false);
        Arrays.fill(touched, true);
        anyTouched = true;
        flush();
        return true;
    }

    private void reset() {
        watchdogNanos = 0;
        watchdogFired = false;
        Arrays.fill(mode, Mode.REST);
        Arrays.fill(currentA, 0);
        Arrays.fill(voltageV, 0);
        Arrays.fill(powerW, 0);
        Arrays.fill(resistanceOhm, 0);
        Arrays.fill(output, false);
        Arrays.fill(touched, true);
        anyTouched = true;
        flush();
    }

    private void pushError(ScpiError error) {
        if (current != null) {
            current.eventStatus |= eventStatusBit(error);
        }
        if (errors.size() >= ERROR_QUEUE_SIZE) {
            errors.pollLast();
            errors.addLast(ScpiError.QUEUE_OVERFLOW);
            return;
        }
        errors.addLast(error);
    }

    /**
     * The standard event status bit (IEEE 488.2) of an error's class: -1xx command error (bit 5),
     * -2xx execution error (bit 4), -3xx device-specific error (bit 3), -4xx query error (bit 2).
     */
    static int eventStatusBit(ScpiError error) {
        return switch (-error.code() / 100) {
            case 1 -> 1 << 5;
            case 2 -> 1 << 4;
            case 3 -> 1 << 3;
            case 4 -> 1 << 2;
            default -> 0;
        };
    }

    /** Queues an error from outside a command, e.g. a line too long for the input buffer. */
    @Override
    public synchronized void reportError(ScpiError error) {
        reportError(local, error);
    }

    private synchronized void reportError(Session session, ScpiError error) {
        Objects.requireNonNull(error, "error");
        current = session;
        try {
            pushError(error);
        } finally {
            current = null;
        }
    }

    /**
     * Fault injection: a hardware fault on {@code channel} (status bit 3, output off) or its end
     * (the channel stays at rest until commanded again).
     */
    public synchronized void injectHardwareFault(int channel, boolean faulted) {
        sim.injectHardwareFault(channel, faulted);
        if (faulted) {
            output[channel - 1] = false;
            for (Session s : sessions) {
                s.writtenElsewhere[channel - 1] = true;
            }
        }
    }

    /** Fault injection: while silent the device neither executes nor answers anything, like hung firmware. */
    public synchronized void setSilent(boolean silent) {
        this.silent = silent;
    }

    /** Fault injection: the next {@code n} replies are lost (the commands still run). */
    public synchronized void dropReplies(int n) {
        dropReplies = checkCount(n);
    }

    /** Fault injection: the next {@code n} replies are replaced by a line of garbage. */
    public synchronized void garbleReplies(int n) {
        garbleReplies = checkCount(n);
    }

    /** Fault injection: the next {@code n} replies are cut to half their length. */
    public synchronized void truncateReplies(int n) {
        truncateReplies = checkCount(n);
    }

    private static int checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a count of replies cannot be negative: " + n);
        }
        return n;
    }

    /** Turns every output off and closes the simulator; the device answers nothing after. Idempotent. */
    public synchronized void close() {
        closed = true;
        sim.close();
    }

    /** Where the command that starts at {@code from} ends: the next {@code ;} outside quotes, or the line's end. */
    private static int endOfUnit(String line, int from) {
        boolean quoted = false;
        for (int k = from; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ';') {
                return k;
            }
        }
        return line.length();
    }

    /** Splits parameters at the commas outside quotes and parentheses (channel lists). */
    private static List<String> splitParams(String params) {
        if (params.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int k = 0; k < params.length(); k++) {
            char c = params.charAt(k);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                args.add(params.substring(start, k).strip());
                start = k + 1;
            }
        }
        args.add(params.substring(start).strip());
        return args;
    }
}
