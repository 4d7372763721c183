package org.cycler.emulator.macnet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.Measurements;
import org.cycler.hal.Ticker;
import org.cycler.hal.macnet.DirectOutput;
import org.cycler.hal.macnet.MacNet;
import org.cycler.hal.macnet.MacNetCycler;
import org.cycler.hal.sim.SimulatedCycler;

/**
 * A Maccor-style cycler that answers MacNet's direct-mode messages (DESIGN section 12), built on a
 * {@link SimulatedCycler}: the device's side of the wire, for {@link MacNetServer} to serve, so the
 * driver and other people's MacNet clients can be tried without hardware. docs/devices.md is the
 * user's reference.
 *
 * <p><b>Messages.</b> {@link #execute} takes one JSON-RPC request line and gives the reply line
 * (without its {@code \r\n}); {@link #executeBinary} takes one binary (6,8). Channels are 0-based
 * on the wire. Understood: (1,1), (1,2), (4,1), (4,4), (4,7), (6,5), (6,7), (6,8), (6,10); anything
 * else is a JSON-RPC error (-32700 not JSON, -32600 not a request, -32601 unknown method or
 * function, -32602 bad parameters).
 *
 * <p><b>Channels.</b> A channel is Available (0) until (6,7) starts direct mode on it, then Active
 * (2) until (6,5) resets it. (6,8) on an Available channel is result 4, on a channel in Problem (5)
 * result 2. Outputs ((6,7), (6,8), binary) sooner than {@link MacNetCycler#MIN_COMMAND_INTERVAL}
 * after the channel's last accepted one, on this emulator's clock, are refused: result 3, and a
 * binary one is dropped; {@link #tooFastOutputs()} counts both. An output equal to the one running
 * only counts as an update. (6,10) limits are checked at every reading: a channel beyond one turns
 * its output off and goes to Problem until reset. A hardware fault is Problem too, and ends direct
 * mode when it clears.
 *
 * <p><b>Readings.</b> (4,7) gives {@code Stat}, signed {@code Current} (positive = charge),
 * {@code Voltage}, {@code RF1} (0) and {@code RF2}, whose bits 0..2 flag the hardware clamping at
 * its voltage, current or temperature limit; (4,4) gives the cell temperature as the one
 * {@code AuxValues} entry. The cells are read at most once per {@link #READ_FRESHNESS_NANOS} of
 * the clock, and again after every change of output, so a sweep over 512 channels reads the model
 * once, not a thousand times.
 *
 * <p><b>Fault injection</b>, for tests and demos: a hardware fault on a channel, a device that
 * stops answering, and JSON replies that go missing, arrive garbled or arrive short.
 *
 * <p><b>Threads.</b> Thread-safe: every method is synchronized, so the JSON and binary connections
 * share one device, as on a real one.
 */
public final class MacNetEmulator {

    /** Longest a reading is reused for, nanoseconds of the emulator's clock. */
    public static final long READ_FRESHNESS_NANOS = 10_000_000L;
    /** Model name prefix in (1,1): {@code MacNet-EMU-<channels>}. */
    public static final String MODEL_PREFIX = "MacNet-EMU-";
    /** The one auxiliary input per channel: its cell's temperature. */
    public static final int AUX_PER_CHANNEL = 1;
    /** What a garbled reply looks like: not JSON. */
    static final String GARBAGE = "#\u007f?GARBLED?";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NEVER = Long.MIN_VALUE;
    private static final long MIN_INTERVAL_NANOS = MacNetCycler.MIN_COMMAND_INTERVAL.toNanos();
    private static final int PARSE_ERROR = -32700;
    private static final int INVALID_REQUEST = -32600;
    private static final int UNKNOWN_METHOD = -32601;
    private static final int INVALID_PARAMS = -32602;

    private final SimulatedCycler sim;
    private final Ticker clock;
    private final CyclerIdentity identity;
    private final int count;
    private final Measurements readings;
    private boolean readingsFresh;
    private long readAtNanos;

    private final int[] stat;
    private final DirectOutput[] output;
    private final long[] lastOutputNanos;
    private final double[][] limits;

    private boolean silent;
    private int dropReplies;
    private int garbleReplies;
    private int truncateReplies;
    private long tooFastOutputs;
    private long binaryMessages;
    private boolean closed;

    /**
     * @param sim   the cells, one per channel
     * @param clock the clock {@code sim} lives on, which also times the command interval
     */
    public MacNetEmulator(SimulatedCycler sim, Ticker clock) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.count = sim.channelCount();
        CyclerIdentity simId = sim.identity();
        this.identity = new CyclerIdentity(simId.manufacturer(), MODEL_PREFIX + count, simId.serial(), simId.firmware());
        this.readings = new Measurements(count);
        stat = new int[count];
        output = new DirectOutput[count];
        Arrays.fill(output, DirectOutput.OFF);
        lastOutputNanos = new long[count];
        Arrays.fill(lastOutputNanos, NEVER);
        limits = new double[count][];
        warmUp();
    }

    /** Answers one request before any client does, so the first real one is not slowed by loading the parser. */
    private void warmUp() {
        StringBuilder request = MacNet.end(MacNet.begin(new StringBuilder(), 0, MacNet.SYSTEM, MacNet.SYSTEM_INFO, 0));
        reply(request.toString());
    }

    public CyclerIdentity identity() {
        return identity;
    }

    public int channelCount() {
        return count;
    }

    /**
     * Executes one request line and returns its reply line, or null when there is none (silent,
     * closed, or the reply was dropped by fault injection).
     */
    public synchronized String execute(String line) {
        if (closed || silent) {
            return null;
        }
        String reply = reply(line);
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
            return reply.substring(0, reply.length() / 2);
        }
        return reply;
    }

    /**
     * Executes one binary (6,8): {@value MacNet#BINARY_MESSAGE_BYTES} little-endian bytes from the
     * buffer's position. A message that is not a (6,8) for a channel this device has, or whose
     * output no channel can regulate, is ignored, as is one sent too soon.
     */
    public synchronized void executeBinary(ByteBuffer message) {
        if (closed || silent) {
            return;
        }
        binaryMessages++;
        ByteBuffer m = message.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (m.remaining() < MacNet.BINARY_MESSAGE_BYTES) {
            return;
        }
        int fClass = Short.toUnsignedInt(m.getShort());
        int fNum = Short.toUnsignedInt(m.getShort());
        int chan = Short.toUnsignedInt(m.getShort());
        int length = Short.toUnsignedInt(m.getShort());
        if (fClass != MacNet.CONTROL || fNum != MacNet.SET_DIRECT || chan >= count
                || length != MacNet.BINARY_PAYLOAD_BYTES) {
            return;
        }
        float current = m.getFloat();
        float voltage = m.getFloat();
        float power = m.getFloat();
        float resistance = m.getFloat();
        int range = Byte.toUnsignedInt(m.get());
        char mode = (char) Byte.toUnsignedInt(m.get());
        DirectOutput o;
        try {
            o = new DirectOutput(mode, current, voltage, power, resistance, range);
            o.command(chan + 1);
        } catch (IllegalArgumentException e) {
            return;
        }
        setOutput(chan, o, false);
    }

    private String reply(String line) {
        JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (JacksonException e) {
            return error(null, PARSE_ERROR, "not JSON");
        }
        if (request == null || !request.isObject()) {
            return error(null, INVALID_REQUEST, "not a JSON-RPC request");
        }
        JsonNode id = request.get("id");
        if (!"2.0".equals(request.path("jsonrpc").asText()) || !(request.get("params") instanceof ObjectNode params)) {
            return error(id, INVALID_REQUEST, "expected jsonrpc 2.0 with params");
        }
        if (!MacNet.METHOD.equals(request.path("method").asText())) {
            return error(id, UNKNOWN_METHOD, "unknown method (expected MacNet)");
        }
        JsonNode fClass = params.get("FClass");
        JsonNode fNum = params.get("FNum");
        JsonNode chan = params.get("Chan");
        if (fClass == null || !fClass.canConvertToInt() || fNum == null || !fNum.canConvertToInt()) {
            return error(id, INVALID_PARAMS, "FClass and FNum must be whole numbers");
        }
        int c = chan == null ? 0 : chan.asInt(-1);
        if (chan != null && (!chan.canConvertToInt() || c < 0 || c >= count)) {
            return error(id, INVALID_PARAMS, "Chan must be within 0.." + (count - 1));
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("FClass", fClass.asInt()).put("FNum", fNum.asInt()).put("Chan", c);
        try {
            switch (fClass.asInt() * 100 + fNum.asInt()) {
                case MacNet.SYSTEM * 100 + MacNet.SYSTEM_INFO -> result.put("Manufacturer", identity.manufacturer())
                        .put("Model", identity.model()).put("Serial", identity.serial())
                        .put("Firmware", identity.firmware());
                case MacNet.SYSTEM * 100 + MacNet.GENERAL_INFO -> result.put("TestChannels", count)
                        .put("AuxChannels", count * AUX_PER_CHANNEL);
                case MacNet.READ * 100 + MacNet.READ_STATUS -> status(params, c, result);
                case MacNet.READ * 100 + MacNet.READ_AUX -> {
                    refresh();
                    result.putArray("AuxValues").add(readings.temperature(c + 1));
                }
                case MacNet.READ * 100 + MacNet.READ_CHANNEL -> {
                    refresh();
                    result.put("Stat", stat[c]).put("Current", readings.current(c + 1))
                            .put("Voltage", readings.voltage(c + 1)).put("RF1", 0)
                            .put("RF2", readings.status(c + 1) & MacNet.RF2_LIMIT_BITS);
                }
                case MacNet.CONTROL * 100 + MacNet.RESET -> {
                    reset(c);
                    result.put("Result", MacNet.RESULT_OK);
                }
                case MacNet.CONTROL * 100 + MacNet.START_DIRECT ->
                        result.put("Result", start(c, directOutput(params)));
                case MacNet.CONTROL * 100 + MacNet.SET_DIRECT -> result.put("Result", set(c, directOutput(params)));
                case MacNet.CONTROL * 100 + MacNet.SAFETY_LIMITS -> {
                    limits[c] = safetyLimits(params);
                    result.put("Result", MacNet.RESULT_OK);
                }
                default -> {
                    return error(id, UNKNOWN_METHOD, "unknown function (" + fClass.asInt() + "," + fNum.asInt() + ")");
                }
            }
        } catch (IllegalArgumentException e) {
            return error(id, INVALID_PARAMS, e.getMessage());
        }
        ObjectNode reply = JSON.createObjectNode();
        reply.put("jsonrpc", "2.0").set("id", id);
        reply.set("result", result);
        return reply.toString();
    }

    private void status(ObjectNode params, int c, ObjectNode result) {
        JsonNode len = params.get("Len");
        int n = len == null ? 1 : len.asInt(-1);
        if ((len != null && !len.canConvertToInt()) || n < 1 || n > MacNet.MAX_STATUS_CHANNELS || c + n > count) {
            throw new IllegalArgumentException("Len must be within 1.." + Math.min(MacNet.MAX_STATUS_CHANNELS, count - c));
        }
        refresh();
        result.put("Len", n);
        ArrayNode list = result.putArray("Status");
        for (int k = c; k < c + n; k++) {
            list.addObject().put("RF1", 0).put("RF2", readings.status(k + 1) & MacNet.RF2_LIMIT_BITS).put("Stat", stat[k]);
        }
    }

    private static DirectOutput directOutput(ObjectNode params) {
        String mode = params.path("ChMode").asText("");
        if (mode.length() != 1) {
            throw new IllegalArgumentException("ChMode must be C, D or R");
        }
        JsonNode range = params.get("CurrentRange");
        return new DirectOutput(mode.charAt(0), magnitude(params, "Current", SimulatedCycler.MAX_CURRENT_A),
                magnitude(params, "Voltage", SimulatedCycler.MAX_VOLTAGE_V),
                magnitude(params, "Power", SimulatedCycler.MAX_CURRENT_A * SimulatedCycler.MAX_VOLTAGE_V),
                magnitude(params, "Resistance", Double.MAX_VALUE),
                range == null ? DirectOutput.HIGHEST_RANGE : range.asInt(0));
    }

    private static double magnitude(ObjectNode params, String field, double max) {
        JsonNode value = params.get(field);
        if (value == null) {
            return 0;
        }
        if (!value.isNumber() || !(value.asDouble() >= 0 && value.asDouble() <= max)) {
            throw new IllegalArgumentException(field + " must be a number within 0.." + max);
        }
        return value.asDouble();
    }

    private static double[] safetyLimits(ObjectNode params) {
        double[] l = new double[6];
        String[] names = {"VSafeMax", "VSafeMin", "ISafeChg", "ISafeDis", "PBatSafeChg", "PBatSafeDis"};
        for (int k = 0; k < names.length; k++) {
            JsonNode value = params.get(names[k]);
            if (value != null && !value.isNumber()) {
                throw new IllegalArgumentException(names[k] + " must be a number");
            }
            l[k] = value == null ? (k == 1 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : value.asDouble();
        }
        return l;
    }

    private int start(int c, DirectOutput o) {
        if (stat[c] != MacNet.STAT_AVAILABLE && stat[c] != MacNet.STAT_ACTIVE) {
            return MacNet.RESULT_NOT_ACTIVE;
        }
        o.command(c + 1);
        if (tooSoon(c)) {
            return MacNet.RESULT_TOO_FAST;
        }
        stat[c] = MacNet.STAT_ACTIVE;
        setOutput(c, o, true);
        return MacNet.RESULT_OK;
    }

    private int set(int c, DirectOutput o) {
        if (stat[c] == MacNet.STAT_AVAILABLE) {
            return MacNet.RESULT_NOT_DIRECT;
        }
        if (stat[c] != MacNet.STAT_ACTIVE) {
            return MacNet.RESULT_NOT_ACTIVE;
        }
        o.command(c + 1);
        if (tooSoon(c)) {
            return MacNet.RESULT_TOO_FAST;
        }
        setOutput(c, o, true);
        return MacNet.RESULT_OK;
    }

    private boolean tooSoon(int c) {
        boolean soon = lastOutputNanos[c] != NEVER && clock.nanos() - lastOutputNanos[c] < MIN_INTERVAL_NANOS;
        if (soon) {
            tooFastOutputs++;
        }
        return soon;
    }

    /** Puts {@code o} on channel {@code c}; a binary output is checked here, JSON ones by the caller. */
    private void setOutput(int c, DirectOutput o, boolean checked) {
        if (!checked && (stat[c] != MacNet.STAT_ACTIVE || tooSoon(c))) {
            return;
        }
        lastOutputNanos[c] = clock.nanos();
        if (o.equals(output[c])) {
            return;
        }
        output[c] = o;
        sim.apply(List.of(o.command(c + 1)));
        readingsFresh = false;
    }

    private void reset(int c) {
        sim.apply(List.of(new ChannelCommand.Rest(c + 1)));
        readingsFresh = false;
        output[c] = DirectOutput.OFF;
        stat[c] = MacNet.STAT_AVAILABLE;
        limits[c] = null;
    }

    /** Reads the cells if the last reading is stale, and trips the channels beyond their limits. */
    private void refresh() {
        long now = clock.nanos();
        if (readingsFresh && now - readAtNanos < READ_FRESHNESS_NANOS) {
            return;
        }
        sim.read(readings);
        readAtNanos = now;
        readingsFresh = true;
        for (int c = 0; c < count; c++) {
            double[] l = limits[c];
            if (l == null || stat[c] != MacNet.STAT_ACTIVE) {
                continue;
            }
            double v = readings.voltage(c + 1);
            double i = readings.current(c + 1);
            double p = v * i;
            if (v > l[0] || v < l[1] || i > l[2] || -i > l[3] || p > l[4] || -p > l[5]) {
                stat[c] = MacNet.STAT_PROBLEM;
                output[c] = DirectOutput.OFF;
                sim.apply(List.of(new ChannelCommand.Rest(c + 1)));
                readingsFresh = false;
            }
        }
    }

    private static String error(JsonNode id, int code, String message) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("jsonrpc", "2.0").set("id", id);
        reply.putObject("error").put("code", code).put("message", message);
        return reply.toString();
    }

    /**
     * Fault injection: a hardware fault on {@code channel} (1-based; Problem, output off) or its
     * end (Available: direct mode must be started again).
     */
    public synchronized void injectHardwareFault(int channel, boolean faulted) {
        sim.injectHardwareFault(channel, faulted);
        stat[channel - 1] = faulted ? MacNet.STAT_PROBLEM : MacNet.STAT_AVAILABLE;
        output[channel - 1] = DirectOutput.OFF;
        readingsFresh = false;
    }

    /** Fault injection: while silent the device neither executes nor answers anything, like hung firmware. */
    public synchronized void setSilent(boolean silent) {
        this.silent = silent;
    }

    /** Fault injection: the next {@code n} JSON replies are lost (the requests still run). */
    public synchronized void dropReplies(int n) {
        dropReplies = checkCount(n);
    }

    /** Fault injection: the next {@code n} JSON replies are replaced by a line of garbage. */
    public synchronized void garbleReplies(int n) {
        garbleReplies = checkCount(n);
    }

    /** Fault injection: the next {@code n} JSON replies are cut to half their length. */
    public synchronized void truncateReplies(int n) {
        truncateReplies = checkCount(n);
    }

    private static int checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a count of replies cannot be negative: " + n);
        }
        return n;
    }

    /** Outputs refused or dropped for coming sooner than the command interval allows. */
    public synchronized long tooFastOutputs() {
        return tooFastOutputs;
    }

    /** Binary messages received (executed or not). */
    public synchronized long binaryMessages() {
        return binaryMessages;
    }

    /** The {@code Stat} of {@code channel} (1-based). */
    public synchronized int stat(int channel) {
        return stat[channel - 1];
    }

    /** The direct output running on {@code channel} (1-based). */
    public synchronized DirectOutput output(int channel) {
        return output[channel - 1];
    }

    /** Turns every output off and closes the simulator; the device answers nothing after. Idempotent. */
    public synchronized void close() {
        closed = true;
        sim.close();
    }
}
