package org.cycler.hal.macnet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.DeviceLimits;
import org.cycler.hal.Measurements;
import org.cycler.hal.Ticker;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.TcpTransport;
import org.cycler.hal.transport.Transport;

/**
 * The {@link Cycler} contract over Maccor MacNet in direct mode (DESIGN section 12): JSON-RPC
 * requests on one TCP port, the binary rest on the port 10 below it. docs/devices.md lists what it
 * sends and what it cannot do.
 *
 * <p><b>Connect.</b> (1,1) names the cycler and (1,2) its {@code TestChannels}, each within
 * {@link #CONNECT_REPLY_TIMEOUT} or the address's timeout if longer; the binary port must accept a
 * connection. No channel is touched until it is first commanded.
 *
 * <p><b>Setpoints.</b> A channel's first command starts direct mode with (6,7), which carries the
 * output; later ones are (6,8); a rest goes as the binary (6,8) with mode R (no reply). A channel
 * is sent at most one output per {@link #MIN_COMMAND_INTERVAL} on this driver's clock: a setpoint
 * applied sooner waits, and the latest one applied wins, going out with the first {@link #apply}
 * or {@link #read} after the interval. A (6,8) answered "too fast" waits the same way; one answered
 * "not active" or "direct mode not active" (the channel was reset or faulted) starts direct mode
 * again with (6,7) in the same call. {@link DirectOutput} says how each mode becomes the four
 * mutually limiting fields.
 *
 * <p><b>A tick</b> costs one request per channel and output, and two per channel to read: (4,7)
 * for {@code Stat}, voltage, current and the limit flags, (4,4) for the temperature (the first
 * {@code AuxValues} entry; NaN when the channel has none). MacNet has no batch reading (the (4,1)
 * batch carries states only), so the requests of one call are written back to back and their
 * replies matched by {@code id}: one round trip per call, whose cost still grows with the channels.
 *
 * <p><b>Faults are states.</b> A reply that is missing (no line within the address's timeout),
 * malformed or short is retried, at most {@value #MAX_ATTEMPTS} attempts per read in all, asking
 * again only for the channels still without a valid reading. A timeout or broken link closes both
 * links; the next attempt opens them again, checks that (1,1) names the same cycler, and sends every
 * channel's last setpoint again. Channels still without a reading get {@link ChannelStatus#COMM_LOSS}
 * and NaN. {@code Stat} becomes status bits by {@link MacNet#statusBits}. Nothing here throws on a
 * device failure after connect.
 *
 * <p><b>Threads.</b> Not thread-safe: owned by the control thread.
 */
public final class MacNetCycler implements Cycler {

    /** Attempts at one read (the first and the retries) before channels count as lost. */
    public static final int MAX_ATTEMPTS = 3;
    /** The device's minimum time between two outputs sent to one channel. */
    public static final Duration MIN_COMMAND_INTERVAL = Duration.ofMillis(100);
    /** {@code TestName} of every (6,7). */
    public static final String TEST_NAME = "cycler-direct";

    /**
     * Longest wait for a reply at connect, when the timeout of the address is shorter: a cycler
     * (or an emulator just started) may be slow to answer its first message.
     */
    public static final Duration CONNECT_REPLY_TIMEOUT = Duration.ofSeconds(10);

    private static final long MIN_INTERVAL_NANOS = MIN_COMMAND_INTERVAL.toNanos();
    private static final long NEVER = Long.MIN_VALUE;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS_PER_READING = 2;

    private final Transport.Opener jsonOpener;
    private final BinaryPort.Opener binaryOpener;
    private final Ticker ticker;
    private final String description;
    private final long timeoutNanos;
    private final CyclerIdentity identity;
    private final int count;

    private Transport json;
    private BinaryPort binary;
    /** The last setpoint applied to each channel (index channel - 1), sent again after a reconnect. */
    private final ChannelCommand[] lastCommand;
    /** Setpoints not yet taken by the device. */
    private final ChannelCommand[] pending;
    private boolean anyPending;
    /** Whether direct mode runs on the channel, as far as the driver knows. */
    private final boolean[] direct;
    /** When the device last took an output for the channel, on {@link #ticker}; {@link #NEVER} if never. */
    private final long[] lastOutputNanos;
    private final double[] lastVoltage;
    private DeviceLimits limits = DeviceLimits.NONE;

    // Per read: which channels have a valid reading, and the halves of it received so far.
    private final boolean[] valid;
    private final boolean[] gotChannel;
    private final boolean[] gotAux;
    private final double[] voltage;
    private final double[] current;
    private final double[] temperature;
    private final int[] bits;
    private final int[] sent;
    private final int[] justStarted;

    private final StringBuilder line = new StringBuilder(256);
    private final ByteBuffer binaryMessage = ByteBuffer.allocate(MacNet.BINARY_MESSAGE_BYTES);
    private long nextId;
    private String lastProblem = "";
    private long failedAttempts;
    private long reconnects;
    private long tooFastReplies;
    private long binaryMessagesSent;
    private boolean closed;

    private MacNetCycler(Transport.Opener jsonOpener, BinaryPort.Opener binaryOpener, Transport json,
                         BinaryPort binary, Ticker ticker, Duration timeout, CyclerIdentity identity, int count,
                         long nextId) {
        this.jsonOpener = jsonOpener;
        this.binaryOpener = binaryOpener;
        this.json = json;
        this.binary = binary;
        this.ticker = ticker;
        this.description = json.description();
        this.timeoutNanos = timeout.toNanos();
        this.identity = identity;
        this.count = count;
        this.nextId = nextId;
        lastCommand = new ChannelCommand[count];
        pending = new ChannelCommand[count];
        direct = new boolean[count];
        lastOutputNanos = new long[count];
        Arrays.fill(lastOutputNanos, NEVER);
        lastVoltage = new double[count];
        Arrays.fill(lastVoltage, Double.NaN);
        valid = new boolean[count];
        gotChannel = new boolean[count];
        gotAux = new boolean[count];
        voltage = new double[count];
        current = new double[count];
        temperature = new double[count];
        bits = new int[count];
        sent = new int[REQUESTS_PER_READING * count];
        justStarted = new int[count];
    }

    /**
     * Connects to the MacNet server at {@code address}, timing the command interval on the
     * system clock.
     *
     * @throws IOException with a one-line message when the cycler cannot be reached or does not
     *                     identify itself
     */
    public static MacNetCycler connect(DeviceAddress.MacNet address) throws IOException {
        return connect(() -> TcpTransport.connect(address.json()), () -> BinaryPort.connect(address.binary()),
                address.timeout(), Ticker.system());
    }

    /**
     * Connects through the openers, which are used again to reconnect after a failure.
     *
     * @param timeout how long to wait for each reply line
     * @param ticker  the clock {@link #MIN_COMMAND_INTERVAL} is kept on
     */
    public static MacNetCycler connect(Transport.Opener jsonOpener, BinaryPort.Opener binaryOpener, Duration timeout,
                                       Ticker ticker) throws IOException {
        Objects.requireNonNull(jsonOpener, "jsonOpener");
        Objects.requireNonNull(binaryOpener, "binaryOpener");
        Objects.requireNonNull(ticker, "ticker");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("reply timeout must be positive: " + timeout);
        }
        long nanos = Math.max(timeout.toNanos(), CONNECT_REPLY_TIMEOUT.toNanos());
        Transport t = jsonOpener.open();
        BinaryPort b = null;
        try {
            CyclerIdentity id = identify(t, 1, nanos);
            JsonNode info = result(t, query(t, 2, MacNet.SYSTEM, MacNet.GENERAL_INFO, nanos), 2);
            JsonNode channels = info.get("TestChannels");
            if (channels == null || !channels.canConvertToInt() || channels.asInt() < 1) {
                throw new IOException(t.description() + ": (1,2) gave TestChannels " + channels
                        + " (expected a channel count of at least 1)");
            }
            b = binaryOpener.open();
            return new MacNetCycler(jsonOpener, binaryOpener, t, b, ticker, timeout, id, channels.asInt(), 2);
        } catch (IOException | RuntimeException e) {
            t.close();
            if (b != null) {
                b.close();
            }
            throw e;
        }
    }

    private static CyclerIdentity identify(Transport t, long id, long timeoutNanos) throws IOException {
        JsonNode r = result(t, query(t, id, MacNet.SYSTEM, MacNet.SYSTEM_INFO, timeoutNanos), id);
        return new CyclerIdentity(text(r, "Manufacturer", "Maccor"), text(r, "Model", "MacNet"),
                text(r, "Serial", "unknown"), text(r, "Firmware", "unknown"));
    }

    private static String text(JsonNode node, String field, String absent) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? absent
                : value.asText().strip().replace(',', ' ');
    }

    /** One request on channel 0 and its reply line, for the connect-time questions. */
    private static String query(Transport t, long id, int fClass, int fNum, long timeoutNanos) throws IOException {
        StringBuilder request = MacNet.end(MacNet.begin(new StringBuilder(), id, fClass, fNum, 0));
        t.write(request);
        return t.readLine(timeoutNanos);
    }

    /** The {@code result} object of a reply to request {@code id}. */
    private static JsonNode result(Transport t, String reply, long id) throws IOException {
        JsonNode node = parse(reply);
        if (node == null || node.path("id").asLong(-1) != id) {
            throw new IOException(t.description() + ": malformed reply '" + abbreviate(reply) + "'");
        }
        JsonNode error = node.get("error");
        if (error != null) {
            throw new IOException(t.description() + " refused the request: " + abbreviate(error.toString()));
        }
        JsonNode r = node.get("result");
        if (r == null || !r.isObject()) {
            throw new IOException(t.description() + ": malformed reply '" + abbreviate(reply) + "'");
        }
        return r;
    }

    /** The reply as a JSON object, or null when it is not one. */
    private static JsonNode parse(String reply) {
        try {
            JsonNode node = JSON.readTree(reply);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    @Override
    public CyclerIdentity identity() {
        return identity;
    }

    @Override
    public int channelCount() {
        return count;
    }

    /**
     * Sets the channel safety limits (6,10) of every channel from now on: sent to each channel when
     * direct mode starts on it, and at once to the channels already running. A driver option, set
     * by whoever connects; {@link DeviceLimits#NONE} sends none.
     */
    public void setSafetyLimits(DeviceLimits limits) {
        requireOpen();
        this.limits = Objects.requireNonNull(limits, "limits");
        if (limits.equals(DeviceLimits.NONE)) {
            return;
        }
        try {
            Transport t = link();
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (direct[i]) {
                    sent[n++] = i;
                }
            }
            sendLimits(t, n);
        } catch (IOException e) {
            lastProblem = e.getMessage();
            dropLink();
        }
    }

    /** Sends (6,10) to the channel indices in {@code sent[0..n)}, back to back, and reads the replies. */
    private void sendLimits(Transport t, int n) throws IOException {
        long first = nextId + 1;
        for (int k = 0; k < n; k++) {
            writeLimits(t, first + k, sent[k]);
        }
        nextId += n;
        for (int k = 0; k < n; k++) {
            checkLimitsResult(result(t, t.readLine(timeoutNanos), first + k), sent[k]);
        }
    }

    private void writeLimits(Transport t, long id, int i) throws IOException {
        line.setLength(0);
        MacNet.begin(line, id, MacNet.CONTROL, MacNet.SAFETY_LIMITS, i);
        limit(line, "VSafeMax", limits.maxVoltageV());
        limit(line, "VSafeMin", limits.minVoltageV());
        limit(line, "ISafeChg", limits.maxChargeCurrentA());
        limit(line, "ISafeDis", limits.maxDischargeCurrentA());
        limit(line, "PBatSafeChg", limits.maxChargePowerW());
        limit(line, "PBatSafeDis", limits.maxDischargePowerW());
        t.write(MacNet.end(line));
    }

    /** An absent (infinite) limit is left out of the message: the cycler keeps its own. */
    private static void limit(StringBuilder out, String field, double value) {
        if (Double.isFinite(value)) {
            MacNet.field(out, field, value);
        }
    }

    private void checkLimitsResult(JsonNode r, int i) {
        int code = r.path("Result").asInt(-1);
        if (code != MacNet.RESULT_OK) {
            lastProblem = description + " refused the safety limits of channel " + (i + 1) + " (Result " + code + ")";
        }
    }

    /**
     * Reads every channel, sending the setpoints that are due first, and retrying as the class
     * describes; never throws on a device failure: unreadable channels come back as
     * {@link Measurements#markLost lost}.
     *
     * @throws IllegalArgumentException if {@code into} was made for another channel count
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public void read(Measurements into) {
        requireOpen();
        if (into.channelCount() != count) {
            throw new IllegalArgumentException("measurements for " + into.channelCount() + " channels, device has " + count);
        }
        Arrays.fill(valid, false);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                Transport t = link();
                sendDue(t);
                if (readMissing(t, into)) {
                    return;
                }
            } catch (IOException e) {
                lastProblem = e.getMessage();
                dropLink();
            }
            failedAttempts++;
        }
        for (int i = 0; i < count; i++) {
            if (!valid[i]) {
                into.markLost(i + 1);
            }
        }
    }

    /** Asks (4,7) and (4,4) of every channel without a valid reading; true when all have one now. */
    private boolean readMissing(Transport t, Measurements into) throws IOException {
        int n = 0;
        long first = nextId + 1;
        for (int i = 0; i < count; i++) {
            if (valid[i]) {
                continue;
            }
            gotChannel[i] = false;
            gotAux[i] = false;
            for (int kind = 0; kind < REQUESTS_PER_READING; kind++) {
                line.setLength(0);
                MacNet.begin(line, first + n, MacNet.READ, kind == 0 ? MacNet.READ_CHANNEL : MacNet.READ_AUX, i);
                t.write(MacNet.end(line));
                sent[n++] = i;
            }
        }
        nextId += n;
        String bad = null;
        for (int k = 0; k < n; k++) {
            String reply = t.readLine(timeoutNanos);
            if (!take(reply, first, n)) {
                bad = reply;
            }
        }
        boolean all = true;
        for (int i = 0; i < count; i++) {
            if (valid[i]) {
                continue;
            }
            if (gotChannel[i] && gotAux[i]) {
                into.set(i + 1, voltage[i], current[i], temperature[i], bits[i]);
                valid[i] = true;
            } else {
                all = false;
            }
        }
        if (bad != null) {
            lastProblem = "malformed reply from " + description + ": '" + abbreviate(bad) + "'";
        }
        return all;
    }

    /** Takes one reading reply into the per-channel buffers; false when it is not a valid one. */
    private boolean take(String reply, long first, int n) {
        JsonNode node = parse(reply);
        if (node == null) {
            return false;
        }
        long k = node.path("id").asLong(-1) - first;
        JsonNode r = node.get("result");
        if (k < 0 || k >= n || r == null || !r.isObject()) {
            return false;
        }
        int i = sent[(int) k];
        if (k % REQUESTS_PER_READING == 0) {
            JsonNode stat = r.get("Stat");
            JsonNode v = r.get("Voltage");
            JsonNode c = r.get("Current");
            if (stat == null || !stat.canConvertToInt() || !number(v) || !number(c)) {
                return false;
            }
            voltage[i] = v.asDouble();
            current[i] = c.asDouble();
            bits[i] = MacNet.statusBits(stat.asInt(), r.path("RF2").asInt(0));
            lastVoltage[i] = voltage[i];
            if (stat.asInt() != MacNet.STAT_ACTIVE) {
                direct[i] = false;
            }
            gotChannel[i] = true;
        } else {
            JsonNode aux = r.get("AuxValues");
            if (aux == null || !aux.isArray()) {
                return false;
            }
            if (aux.isEmpty()) {
                temperature[i] = Double.NaN;
            } else if (number(aux.get(0))) {
                temperature[i] = aux.get(0).asDouble();
            } else {
                return false;
            }
            gotAux[i] = true;
        }
        return true;
    }

    private static boolean number(JsonNode node) {
        return node != null && node.isNumber() && Double.isFinite(node.asDouble());
    }

    /**
     * Takes the commands; each is sent at once unless its channel had an output within
     * {@link #MIN_COMMAND_INTERVAL}, in which case the latest one for the channel waits. A send that
     * fails is not retried here: the setpoints go out with the next read.
     *
     * @throws IllegalArgumentException if a command names a channel the device does not have
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public void apply(List<? extends ChannelCommand> commands) {
        requireOpen();
        for (int k = 0; k < commands.size(); k++) {
            int ch = commands.get(k).channel();
            if (ch > count) {
                throw new IllegalArgumentException("no channel " + ch + " on a " + count + "-channel device");
            }
        }
        for (int k = 0; k < commands.size(); k++) {
            ChannelCommand command = commands.get(k);
            pending[command.channel() - 1] = command;
            lastCommand[command.channel() - 1] = command;
            anyPending = true;
        }
        if (!anyPending) {
            return;
        }
        try {
            sendDue(link());
        } catch (IOException e) {
            failedAttempts++;
            lastProblem = e.getMessage();
            dropLink();
        }
    }

    /**
     * Sends every pending setpoint whose channel is due, JSON ones back to back with their replies
     * read after; a second pass starts direct mode again where the device said it is not running.
     */
    private void sendDue(Transport t) throws IOException {
        if (!anyPending) {
            return;
        }
        long now = ticker.nanos();
        for (int i = 0; i < count; i++) {
            if (pending[i] instanceof ChannelCommand.ConstantVoltage && Double.isNaN(lastVoltage[i])) {
                lastVoltage[i] = voltageOf(t, i);
            }
        }
        boolean restart = true;
        for (int pass = 0; pass < 2 && restart; pass++) {
            restart = false;
            int n = 0;
            long first = nextId + 1;
            for (int i = 0; i < count; i++) {
                ChannelCommand c = pending[i];
                if (c == null || (lastOutputNanos[i] != NEVER && now - lastOutputNanos[i] < MIN_INTERVAL_NANOS)) {
                    continue;
                }
                DirectOutput o = DirectOutput.of(c, lastVoltage[i]);
                if (o.mode() == DirectOutput.REST) {
                    if (direct[i]) {
                        binaryMessage.clear();
                        MacNet.binaryOutput(binaryMessage, i, o);
                        binaryMessage.flip();
                        binary.send(binaryMessage);
                        binaryMessagesSent++;
                        lastOutputNanos[i] = now;
                    }
                    pending[i] = null;
                    continue;
                }
                line.setLength(0);
                MacNet.begin(line, first + n, MacNet.CONTROL, direct[i] ? MacNet.SET_DIRECT : MacNet.START_DIRECT, i);
                if (!direct[i]) {
                    MacNet.field(line, "TestName", TEST_NAME);
                }
                t.write(MacNet.end(MacNet.output(line, o)));
                sent[n++] = i;
            }
            nextId += n;
            int started = 0;
            for (int k = 0; k < n; k++) {
                int i = sent[k];
                JsonNode r = outputResult(t, t.readLine(timeoutNanos), first + k, i);
                if (r == null) {
                    continue;
                }
                int code = r.path("Result").asInt(-1);
                switch (code) {
                    case MacNet.RESULT_OK -> {
                        if (!direct[i]) {
                            justStarted[started++] = i;
                        }
                        pending[i] = null;
                        direct[i] = true;
                        lastOutputNanos[i] = now;
                    }
                    case MacNet.RESULT_TOO_FAST -> tooFastReplies++;
                    case MacNet.RESULT_NOT_ACTIVE, MacNet.RESULT_NOT_DIRECT -> {
                        direct[i] = false;
                        restart = true;
                    }
                    default -> {
                        pending[i] = null;
                        lastProblem = description + " refused the output of channel " + (i + 1) + " (Result " + code + ")";
                    }
                }
            }
            if (started > 0 && !limits.equals(DeviceLimits.NONE)) {
                System.arraycopy(justStarted, 0, sent, 0, started);
                sendLimits(t, started);
            }
        }
        anyPending = false;
        for (int i = 0; i < count && !anyPending; i++) {
            anyPending = pending[i] != null;
        }
    }

    /**
     * The {@code result} of the reply to output request {@code id} for channel index {@code i}, or
     * null when the device refused the output as a bad request: that setpoint is dropped (it
     * would be refused every time) and the link, still in step, goes on.
     */
    private JsonNode outputResult(Transport t, String reply, long id, int i) throws IOException {
        JsonNode node = parse(reply);
        if (node != null && node.path("id").asLong(-1) == id && node.get("error") != null) {
            pending[i] = null;
            lastProblem = description + " refused the output of channel " + (i + 1) + ": "
                    + abbreviate(node.get("error").path("message").asText(node.get("error").toString()));
            return null;
        }
        return result(t, reply, id);
    }

    /** The voltage of channel index {@code i} now, by (4,7): a constant voltage's direction when none was read yet. */
    private double voltageOf(Transport t, int i) throws IOException {
        long id = ++nextId;
        line.setLength(0);
        t.write(MacNet.end(MacNet.begin(line, id, MacNet.READ, MacNet.READ_CHANNEL, i)));
        JsonNode v = result(t, t.readLine(timeoutNanos), id).get("Voltage");
        if (!number(v)) {
            throw new IOException(description + ": (4,7) of channel " + (i + 1) + " gave Voltage " + v);
        }
        return v.asDouble();
    }

    /**
     * The open links, opening new ones if the last failed: same identity required, and every
     * channel's last setpoint queued again.
     */
    private Transport link() throws IOException {
        if (json != null) {
            return json;
        }
        Transport t = jsonOpener.open();
        BinaryPort b = null;
        try {
            t.discardInput();
            CyclerIdentity now = identify(t, ++nextId, timeoutNanos);
            if (!now.equals(identity)) {
                throw new IOException("a different cycler answers at " + description + ": " + now
                        + " (expected " + identity + ")");
            }
            b = binaryOpener.open();
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        reconnects++;
        for (int i = 0; i < count; i++) {
            if (pending[i] == null && lastCommand[i] != null) {
                pending[i] = lastCommand[i];
                anyPending = true;
            }
        }
        json = t;
        binary = b;
        return t;
    }

    private void dropLink() {
        if (json != null) {
            json.close();
            json = null;
        }
        if (binary != null) {
            binary.close();
            binary = null;
        }
    }

    /**
     * Resets (6,5) every channel this connection commanded, turning its output off and ending
     * direct mode (one attempt, reconnecting if need be), and releases the links. Idempotent;
     * never throws.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Transport t = link();
            int n = 0;
            long first = nextId + 1;
            for (int i = 0; i < count; i++) {
                if (lastCommand[i] != null) {
                    line.setLength(0);
                    t.write(MacNet.end(MacNet.begin(line, first + n, MacNet.CONTROL, MacNet.RESET, i)));
                    sent[n++] = i;
                }
            }
            nextId += n;
            for (int k = 0; k < n; k++) {
                result(t, t.readLine(timeoutNanos), first + k);
            }
        } catch (IOException e) {
            if (lastProblem.isEmpty()) {
                lastProblem = "channels could not be reset at close: " + e.getMessage();
            }
        } finally {
            dropLink();
        }
    }

    /** The latest failure seen (empty when none): for a user's message, never for control. */
    @Override
    public String lastProblem() {
        return lastProblem;
    }

    /** Attempts that failed (missing, malformed or short replies, broken links) since connect. */
    public long failedAttempts() {
        return failedAttempts;
    }

    /** Times the links were opened again after a failure. */
    public long reconnects() {
        return reconnects;
    }

    /** Outputs the device answered "too fast" (its clock and this driver's disagree). */
    public long tooFastReplies() {
        return tooFastReplies;
    }

    /** Binary messages sent since connect. */
    public long binaryMessagesSent() {
        return binaryMessagesSent;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(description + " is closed");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
