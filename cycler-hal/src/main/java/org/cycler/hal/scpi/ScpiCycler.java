package org.cycler.hal.scpi;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.Measurements;
import org.cycler.hal.Mode;
import org.cycler.hal.serial.SerialTransport;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.TcpTransport;
import org.cycler.hal.transport.Transport;

/**
 * The {@link Cycler} contract over the SCPI dialect of DESIGN section 9, on any {@link Transport}
 * (serial port, pseudo-terminal, TCP socket). docs/scpi.md lists the exact commands it sends.
 *
 * <p><b>Connect.</b> {@code *IDN?} must answer four fields and {@code SYST:CHAN:COUN?} a channel
 * count; the error queue is emptied, every channel is set to REST with its output off, and
 * {@code SYST:ERR?} must then report no error, or the connection is refused.
 *
 * <p><b>A tick is one write and one reply line</b> whatever the channel count (DESIGN section 9).
 * {@link #apply} writes nothing: it queues the setpoints. {@link #read} writes every queued
 * setpoint (channels with the same setpoint sharing one channel list) and then its queries, joined
 * by {@code ;} in one line: {@code SOUR:MODE CC,(@1:4);SOUR:CURR 2.5,(@1:4);OUTP ON,(@1:4);MEAS:ALL?
 * (@1:N);STAT:QUES:COND? (@1:N);STAT:OPER:EVEN? (@1:N);*ESR?}. A new setpoint in the mode a channel
 * already runs, output on (as this driver set it, and nothing has said otherwise since), goes as its values
 * alone ({@code SOUR:CURR -2.5,(@3)}); after a reconnect, or a read-back or status that was not
 * as commanded, the channel's next setpoint goes in full. A device executes a line's commands in order, so
 * it applies the setpoints before it measures: the reading that comes back is already taken under
 * them.
 *
 * <p><b>Timing.</b> A setpoint the scheduler decides on tick k's reading reaches the device at the
 * start of tick k+1, with tick k+1's read, and tick k+1's reading is the first one under it. A DCIR
 * pulse is therefore measured on the tick it starts: the pulse's first row carries the pulse
 * current (the step machine takes no end decision on that first reading). The step's time still
 * counts from tick k, where the step began in the journal and the data; since the step's end
 * reaches the device one tick late too, the current flows for the step's programmed duration, and
 * the rows fall at the same test and step times as on the simulator, each reading taken one tick
 * less into the step's current than the simulator's (which applies at the tick it decides). The
 * price is one tick between a decision and the device: the same for a step end, a stop and a
 * safety cut-off, which the device's own protection and host watchdog do not wait for.
 * docs/scpi.md says the same for the user. A setpoint of a read whose write failed goes out again
 * with the next attempt. Setpoints are written so that they read back as the identical double.
 *
 * <p><b>Faults are states.</b> A reply that is missing (no line within the address's timeout),
 * malformed or short is retried, at most {@value #MAX_ATTEMPTS} attempts per read in all. After a
 * malformed reply the driver asks {@code SYST:ERR?} (the device's own account, kept in
 * {@link #lastProblem()}) and checks by the answer's shape that the link is still in step. A
 * timeout or a broken link closes the transport; the next attempt opens it again, checks that
 * {@code *IDN?} names the same device, and re-sends every channel's last setpoint (a device that
 * restarted has lost them). When the attempts are used up, the channels without a valid reading
 * get {@link ChannelStatus#COMM_LOSS} and NaN (the scheduler faults them, which turns their
 * outputs off); channels whose readings were valid go on. Nothing here throws on a device
 * failure after connect, and no call waits longer than about
 * {@code MAX_ATTEMPTS x (connect + 3 x timeout)}.
 *
 * <p><b>Host watchdog.</b> Connect arms the device's watchdog ({@code SYST:WDOG}
 * {@link Cycler#HOST_WATCHDOG}, 10 s), and every reconnect arms it again: should this host die or hang,
 * the device turns every output off by itself once no command has reached it for that long, and
 * reports status bit 4 until the watchdog is armed again.
 *
 * <p><b>Status bits</b> from {@code STAT:QUES:COND?} map one to one onto {@link ChannelStatus}
 * bits 0..3, bit 4 onto {@link ChannelStatus#WATCHDOG}; any other bit a device sets is taken as
 * {@link ChannelStatus#HARDWARE_FAULT}.
 *
 * <p><b>Output as commanded.</b> A channel's settings are read back ({@code SOUR:ALL? (@list)}:
 * output, mode and setpoints) when there is reason to doubt them: its {@code STAT:OPER:EVEN?} says
 * they were written from elsewhere (a second query in the same read, so the change is judged on
 * the reading that showed it), the line that set it got an error in {@code *ESR?}, or an attempt
 * failed and took the device's cleared flags with it (every commanded channel is read back with the
 * next line). Both registers are the connection's own on the device. The read-back is compared with
 * the setpoint last sent to the channel: commanded on and found off is {@link ChannelStatus#OUTPUT_OFF}; another mode or
 * setpoint, or on though commanded off, is {@link ChannelStatus#SETTING_CHANGED} (another program
 * on the device, a front-panel key, a device reset). A channel not yet commanded on this
 * connection is not compared, nor one whose status says why it is not (a hardware fault, the
 * watchdog): the device took that setpoint away, and the channel is compared again once it is
 * next commanded.
 *
 * <p><b>Threads.</b> Not thread-safe: owned by the control thread (one owner per port).
 */
public final class ScpiCycler implements Cycler {

    /** Attempts at one read (the first and the retries) before channels count as lost. */
    public static final int MAX_ATTEMPTS = 3;
    /** Entries read from a device's error queue at connect before it counts as broken. */
    static final int MAX_STALE_ERRORS = 64;
    /** Seconds of silence after which the device turns its outputs off ({@link Cycler#HOST_WATCHDOG}). */
    public static final long HOST_WATCHDOG_S = HOST_WATCHDOG.toSeconds();
    private static final int DEFINED_STATUS_BITS = 0xF;
    private static final int WATCHDOG_STATUS_BIT = 1 << 4;
    /** {@code STAT:OPER:EVEN?} bit: a setting of the channel was written from elsewhere since this connection last asked. */
    static final int WRITTEN_ELSEWHERE_BIT = 1 << 8;
    /** {@code *ESR?} bits of an error: query (2), device-specific (3), execution (4), command (5). */
    static final int ESR_ERROR_BITS = 0x3C;
    private static final String ARM_WATCHDOG = "SYST:WDOG " + HOST_WATCHDOG_S;

    private final Transport.Opener opener;
    private final String description;
    private final long timeoutNanos;
    private final CyclerIdentity identity;
    private final int count;
    private final String queryLine;
    private final String allChannels;

    private Transport transport;
    /** The last setpoint sent to each channel (index channel - 1), re-sent after a reconnect. */
    private final ChannelCommand[] lastCommand;
    /** Setpoints not yet delivered. */
    private final ChannelCommand[] pending;
    private boolean anyPending;
    private final StringBuilder line = new StringBuilder();
    private final boolean[] channelValid;
    /**
     * Channels whose settings must be read back ({@code SOUR:ALL?}) before they are trusted again:
     * flagged as written from elsewhere, written in a line the device reported an error for, or
     * commanded when an attempt failed (its reply, with flags the device cleared as it answered,
     * was lost).
     */
    private final boolean[] unverified;
    /** Channels whose setpoints went out in this attempt's line. */
    private final boolean[] written;
    /** The channels read back with a line, ascending, and how many. */
    private final int[] readBack;
    private int readBackCount;
    /** The last reply's {@code *ESR?} reported an error: the line's settings may not all have been taken. */
    private boolean lineRefused;
    /**
     * Per channel, the mode the device runs with its output on (or REST) as this driver last set
     * it, null when not known (before the first setpoint, after a reconnect, after a read-back or
     * status that was not OK): a new setpoint in a standing mode other than REST is sent as its
     * values alone, without {@code SOUR:MODE} and {@code OUTP ON}.
     */
    private final Mode[] standing;
    // appendPending's reused arrays: group of each pending channel; each group's setpoint (mode, a,
    // b, values only) and end in grouped, the channels sorted by group; and an open-addressing
    // table of groups by setpoint (group + 1, 0 for a free slot), so that grouping allocates nothing.
    private final int[] groupOf;
    private final Mode[] groupMode;
    private final double[] groupA;
    private final double[] groupB;
    private final boolean[] groupValuesOnly;
    private final int[] groupSlots;
    private final int[] groupEnd;
    private final int[] grouped;
    private final StringBuilder channelList = new StringBuilder();

    private String lastProblem = "";
    private long failedAttempts;
    private long reconnects;
    private boolean closed;

    private ScpiCycler(Transport.Opener opener, Transport transport, Duration timeout, CyclerIdentity identity,
                       int count) {
        this.opener = opener;
        this.transport = transport;
        this.description = transport.description();
        this.timeoutNanos = timeout.toNanos();
        this.identity = identity;
        this.count = count;
        this.allChannels = ChannelList.all(count);
        this.queryLine = "MEAS:ALL? " + allChannels + ";STAT:QUES:COND? " + allChannels + ";STAT:OPER:EVEN? " + allChannels
                + ";*ESR?";
        this.lastCommand = new ChannelCommand[count];
        this.pending = new ChannelCommand[count];
        this.channelValid = new boolean[count];
        this.unverified = new boolean[count];
        this.written = new boolean[count];
        this.readBack = new int[count];
        this.groupOf = new int[count];
        this.groupMode = new Mode[count];
        this.groupA = new double[count];
        this.groupB = new double[count];
        this.groupValuesOnly = new boolean[count];
        this.groupSlots = new int[Integer.highestOneBit(count) * 4];
        this.standing = new Mode[count];
        this.groupEnd = new int[count];
        this.grouped = new int[count];
    }

    /**
     * Connects to the device at {@code address} (serial port or TCP socket).
     *
     * @throws IOException with a one-line message when the device cannot be reached, does not
     *                     identify itself, or refuses the configuration
     */
    public static ScpiCycler connect(DeviceAddress address) throws IOException {
        return connect(opener(address), address.timeout());
    }

    private static Transport.Opener opener(DeviceAddress address) {
        return switch (address) {
            case DeviceAddress.Tcp tcp -> () -> TcpTransport.connect(tcp);
            case DeviceAddress.Serial serial -> () -> SerialTransport.open(serial);
            default -> throw new IllegalArgumentException("not an address the SCPI driver speaks to: " + address);
        };
    }

    /**
     * Connects through {@code opener}, which is used again to reconnect after a failure.
     *
     * @param timeout how long to wait for each reply line
     */
    public static ScpiCycler connect(Transport.Opener opener, Duration timeout) throws IOException {
        return connect(opener, timeout, true);
    }

    /**
     * Connects to the device at {@code address} as {@link #connect(DeviceAddress)} does, but leaves
     * every channel as it is found: for a host continuing a run after it died, which must read each
     * channel before it commands it. The watchdog is armed all the same.
     */
    public static ScpiCycler attach(DeviceAddress address) throws IOException {
        return connect(opener(address), address.timeout(), false);
    }

    /** {@link #attach(DeviceAddress)} through {@code opener}. */
    public static ScpiCycler attach(Transport.Opener opener, Duration timeout) throws IOException {
        return connect(opener, timeout, false);
    }

    private static ScpiCycler connect(Transport.Opener opener, Duration timeout, boolean rest) throws IOException {
        Objects.requireNonNull(opener, "opener");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("reply timeout must be positive: " + timeout);
        }
        long nanos = timeout.toNanos();
        Transport t = opener.open();
        try {
            CyclerIdentity id = identify(t, nanos);
            String countReply = query(t, "SYST:CHAN:COUN?", nanos);
            int channels;
            try {
                channels = Integer.parseInt(countReply.strip());
            } catch (NumberFormatException e) {
                throw new IOException(t.description() + ": SYST:CHAN:COUN? answered '" + countReply
                        + "' (expected a channel count)");
            }
            if (channels < 1) {
                throw new IOException(t.description() + " reports " + channels + " channels");
            }
            for (int k = 0; ; k++) {
                if (k == MAX_STALE_ERRORS) {
                    throw new IOException(t.description() + ": the error queue does not empty");
                }
                if (error(t, nanos).isNone()) {
                    break;
                }
            }
            String all = ChannelList.all(channels);
            t.write(rest ? "SOUR:MODE REST," + all + ";OUTP OFF," + all + ";" + ARM_WATCHDOG : ARM_WATCHDOG);
            ScpiError error = error(t, nanos);
            if (!error.isNone()) {
                throw new IOException(t.description() + " refused the configuration: " + error);
            }
            clearEventRegisters(t, all, channels, nanos);
            return new ScpiCycler(opener, t, timeout, id, channels);
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /**
     * Reads (and so clears) the connection's event registers, which every tick relies on to see a
     * change made behind its back, with {@code SYST:ERR?} last so that a reply comes whatever the
     * device knows: a device that lacks them is refused here, with its own error, rather than
     * failing every read as malformed.
     */
    private static void clearEventRegisters(Transport t, String all, int channels, long timeoutNanos) throws IOException {
        String probe = "STAT:OPER:EVEN? " + all + ";*ESR?;SYST:ERR?";
        String reply = query(t, probe, timeoutNanos);
        int first = reply.indexOf(';');
        int second = first < 0 ? -1 : reply.indexOf(';', first + 1);
        boolean shaped = second >= 0 && fields(reply, 0, first) == channels && fields(reply, first + 1, second) == 1
                && isNoError(reply.substring(second + 1));
        if (!shaped) {
            throw new IOException(t.description() + ": " + probe + " answered '" + abbreviate(reply) + "' (expected "
                    + channels + " operation event registers, the event status and no error: the driver reads them "
                    + "every tick to see settings changed behind its back, docs/scpi.md)");
        }
    }

    private static boolean isNoError(String text) {
        try {
            return ScpiError.parse(text).isNone();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static CyclerIdentity identify(Transport t, long timeoutNanos) throws IOException {
        String idn = query(t, "*IDN?", timeoutNanos);
        String[] fields = idn.split(",", -1);
        if (fields.length != 4) {
            throw new IOException(t.description() + ": *IDN? answered '" + idn
                    + "' (expected manufacturer,model,serial,firmware)");
        }
        return new CyclerIdentity(fields[0].strip(), fields[1].strip(), fields[2].strip(), fields[3].strip());
    }

    private static ScpiError error(Transport t, long timeoutNanos) throws IOException {
        String reply = query(t, "SYST:ERR?", timeoutNanos);
        try {
            return ScpiError.parse(reply);
        } catch (IllegalArgumentException e) {
            throw new IOException(t.description() + ": SYST:ERR? answered '" + reply + "'");
        }
    }

    private static String query(Transport t, String command, long timeoutNanos) throws IOException {
        t.write(command);
        return t.readLine(timeoutNanos);
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
     * Reads every channel in one round trip, retrying as the class describes; never throws on a
     * device failure: unreadable channels come back as {@link Measurements#markLost lost}.
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
        boolean partial = false;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                Transport t = link();
                line.setLength(0);
                Arrays.fill(written, false);
                appendPending(line);
                if (!line.isEmpty()) {
                    line.append(';');
                }
                line.append(queryLine);
                appendReadBack(line);
                t.write(line);
                clearPending();
                String reply = t.readLine(timeoutNanos);
                Arrays.fill(channelValid, false);
                int valid = parse(reply, into);
                if (valid == count) {
                    if (verify(t, into)) {
                        return;
                    }
                    partial = true;
                } else {
                    partial = valid > 0;
                    lastProblem = "malformed reply from " + description + ": '" + abbreviate(reply) + "'";
                }
                checkInStep(t);
                t.discardInput();
            } catch (IOException e) {
                lastProblem = e.getMessage();
                dropLink();
                partial = false;
            }
            failedAttempts++;
            distrustCommanded();
        }
        for (int ch = 1; ch <= count; ch++) {
            if (!partial || !channelValid[ch - 1]) {
                into.markLost(ch);
            }
        }
    }

    /**
     * After a malformed reply: the device's own error, and a check that the next line is the
     * answer to this question, not a late reply; a link out of step is dropped.
     */
    private void checkInStep(Transport t) throws IOException {
        t.write("SYST:ERR?");
        String reply = t.readLine(timeoutNanos);
        try {
            ScpiError error = ScpiError.parse(reply);
            if (!error.isNone()) {
                lastProblem += " (device error " + error + ")";
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(description + " is out of step: SYST:ERR? answered '" + abbreviate(reply) + "'");
        }
    }

    /**
     * Appends {@code ;SOUR:ALL? (@list)} for the {@link #unverified} channels, if any, and notes
     * them in {@link #readBack}.
     */
    private void appendReadBack(StringBuilder out) {
        if (noteUnverified()) {
            out.append(";SOUR:ALL? ").append(channelList);
        }
    }

    /**
     * Notes the {@link #unverified} channels in {@link #readBack} and their channel list in
     * {@link #channelList}; false when there are none.
     */
    private boolean noteUnverified() {
        readBackCount = 0;
        for (int i = 0; i < count; i++) {
            if (unverified[i]) {
                readBack[readBackCount++] = i + 1;
            }
        }
        if (readBackCount == 0) {
            return false;
        }
        channelList.setLength(0);
        ChannelList.append(channelList, readBack, 0, readBackCount);
        return true;
    }

    /** After a failed attempt: every commanded channel is read back with the next line. */
    private void distrustCommanded() {
        for (int i = 0; i < count; i++) {
            if (lastCommand[i] != null) {
                unverified[i] = true;
            }
        }
    }

    /**
     * Parses {@code V,I,T,...;S,...;E,...;ESR[;O,M,A,B,...]}, the last part for the channels of
     * {@link #readBack}. Channels whose fields are all valid are set in {@code into} and flagged in
     * {@link #channelValid}; returns how many. A reply of the wrong shape (another number of parts,
     * wrong field counts) validates none. A commanded channel whose status is clear becomes
     * {@link #unverified} when its event register says it was written from elsewhere, or when it
     * was written in this line and the device reports an error for the line.
     */
    private int parse(String reply, Measurements into) {
        int measEnd = reply.indexOf(';');
        int statusEnd = measEnd < 0 ? -1 : reply.indexOf(';', measEnd + 1);
        int eventEnd = statusEnd < 0 ? -1 : reply.indexOf(';', statusEnd + 1);
        if (eventEnd < 0) {
            return 0;
        }
        int esrEnd = reply.indexOf(';', eventEnd + 1);
        if ((readBackCount > 0) != (esrEnd >= 0)) {
            return 0;
        }
        if (esrEnd < 0) {
            esrEnd = reply.length();
        } else if (reply.indexOf(';', esrEnd + 1) >= 0) {
            return 0;
        }
        if (fields(reply, 0, measEnd) != 3 * count || fields(reply, measEnd + 1, statusEnd) != count
                || fields(reply, statusEnd + 1, eventEnd) != count || fields(reply, eventEnd + 1, esrEnd) != 1
                || readBackCount > 0 && fields(reply, esrEnd + 1, reply.length()) != 4 * readBackCount) {
            return 0;
        }
        try {
            lineRefused = (register(reply, eventEnd + 1, esrEnd) & ESR_ERROR_BITS) != 0;
        } catch (NumberFormatException bad) {
            return 0;
        }
        int valid = 0;
        int a = 0;
        int s = measEnd + 1;
        int ev = statusEnd + 1;
        int o = esrEnd + 1;
        int r = 0;
        for (int ch = 1; ch <= count; ch++) {
            int b1 = reply.indexOf(',', a);
            int b2 = reply.indexOf(',', b1 + 1);
            int b3 = ch == count ? measEnd : reply.indexOf(',', b2 + 1);
            int e = ch == count ? statusEnd : reply.indexOf(',', s);
            int f = ch == count ? eventEnd : reply.indexOf(',', ev);
            boolean readingBack = r < readBackCount && readBack[r] == ch;
            int settingEnd = readingBack ? endOfSetting(reply, o, r == readBackCount - 1) : o;
            try {
                double v = ScpiNumbers.parse(reply, a, b1);
                double i = ScpiNumbers.parse(reply, b1 + 1, b2);
                double t = ScpiNumbers.parse(reply, b2 + 1, b3);
                int bits = statusBits(reply, s, e);
                boolean elsewhere = (register(reply, ev, f) & WRITTEN_ELSEWHERE_BIT) != 0;
                int settings = 0;
                if (readingBack) {
                    settings = asCommanded(ch, reply, o, settingEnd);
                }
                if (bits == ChannelStatus.OK) {
                    bits = settings;
                    unverified[ch - 1] = !readingBack && lastCommand[ch - 1] != null
                            && (elsewhere || lineRefused && written[ch - 1]);
                } else {
                    lastCommand[ch - 1] = null;
                    unverified[ch - 1] = false;
                }
                if (bits != ChannelStatus.OK) {
                    standing[ch - 1] = null;
                }
                into.set(ch, v, i, t, bits);
                channelValid[ch - 1] = true;
                valid++;
            } catch (NumberFormatException bad) {
                channelValid[ch - 1] = false;
            }
            if (readingBack) {
                o = settingEnd + 1;
                r++;
            }
            a = b3 + 1;
            s = e + 1;
            ev = f + 1;
        }
        return valid;
    }

    /**
     * Reads back the channels {@link #parse} found {@link #unverified}, if any, in one more query
     * ({@code SOUR:ALL? (@list)}), and adds to their status what the read-back shows; false, with
     * {@link #lastProblem} saying why and those channels not {@link #channelValid}, when the answer is
     * malformed. A device that reported an error
     * for the line is asked for it too ({@code SYST:ERR?}), for the user's message.
     */
    private boolean verify(Transport t, Measurements into) throws IOException {
        if (!noteUnverified()) {
            return true;
        }
        t.write("SOUR:ALL? " + channelList);
        String reply = t.readLine(timeoutNanos);
        if (fields(reply, 0, reply.length()) != 4 * readBackCount) {
            return unverifiable(reply);
        }
        int[] found = new int[readBackCount];
        int o = 0;
        for (int r = 0; r < readBackCount; r++) {
            int end = endOfSetting(reply, o, r == readBackCount - 1);
            try {
                found[r] = asCommanded(readBack[r], reply, o, end);
            } catch (NumberFormatException bad) {
                return unverifiable(reply);
            }
            o = end + 1;
        }
        for (int r = 0; r < readBackCount; r++) {
            int ch = readBack[r];
            unverified[ch - 1] = false;
            if (found[r] != ChannelStatus.OK) {
                standing[ch - 1] = null;
                into.set(ch, into.voltage(ch), into.current(ch), into.temperature(ch), into.status(ch) | found[r]);
            }
        }
        if (lineRefused) {
            ScpiError error = error(t, timeoutNanos);
            lastProblem = description + " refused a setting" + (error.isNone() ? "" : ": " + error);
        }
        return true;
    }

    /** A read-back that could not be parsed: its channels are not valid this attempt. */
    private boolean unverifiable(String reply) {
        lastProblem = "malformed read-back from " + description + ": '" + abbreviate(reply) + "'";
        for (int r = 0; r < readBackCount; r++) {
            channelValid[readBack[r] - 1] = false;
        }
        return false;
    }

    /**
     * Compares one channel's {@code output,mode,a,b} (fields at the given bounds) with the setpoint
     * last sent to it: {@link ChannelStatus#OUTPUT_OFF}, {@link ChannelStatus#SETTING_CHANGED} or 0.
     *
     * @throws NumberFormatException when the fields are not an output state, a mode and two numbers
     */
    private int asCommanded(int ch, String text, int from, int to) {
        int o1 = text.indexOf(',', from);
        int o2 = text.indexOf(',', o1 + 1);
        int o3 = text.indexOf(',', o2 + 1);
        boolean on = outputState(text, from, o1);
        Mode mode = mode(text, o1 + 1, o2);
        double a = ScpiNumbers.parse(text, o2 + 1, o3);
        double b = ScpiNumbers.parse(text, o3 + 1, to);
        ChannelCommand commanded = lastCommand[ch - 1];
        if (commanded == null) {
            return 0;
        }
        boolean wantOn = commanded.mode() != Mode.REST;
        if (wantOn && !on) {
            return ChannelStatus.OUTPUT_OFF;
        }
        if (!wantOn) {
            return on ? ChannelStatus.SETTING_CHANGED : 0;
        }
        Setting want = Setting.of(commanded);
        return mode == want.mode() && a == want.a() && b == want.b() ? 0 : ChannelStatus.SETTING_CHANGED;
    }

    /**
     * Where the four fields {@code output,mode,a,b} that start at {@code from} end: at the comma
     * after them, or at the text's end for the {@code last} channel. The reply's field count was
     * checked, so the commas are there.
     */
    private static int endOfSetting(String text, int from, boolean last) {
        if (last) {
            return text.length();
        }
        int k = from - 1;
        for (int field = 0; field < 4; field++) {
            k = text.indexOf(',', k + 1);
        }
        return k;
    }

    private static final Mode[] MODES = Mode.values();

    /** The mode named by {@code text[from, to)} (blanks around it ignored), without a substring. */
    private static Mode mode(String text, int from, int to) {
        int a = ScpiNumbers.firstNonBlank(text, from, to);
        int b = ScpiNumbers.endOfNonBlank(text, a, to);
        for (Mode m : MODES) {
            String name = m.name();
            if (name.length() == b - a && text.startsWith(name, a)) {
                return m;
            }
        }
        throw new NumberFormatException("not a mode: " + text.substring(from, to));
    }

    /** The output state {@code 1} or {@code 0} in {@code text[from, to)}, blanks around it ignored. */
    private static boolean outputState(String text, int from, int to) {
        int a = ScpiNumbers.firstNonBlank(text, from, to);
        int b = ScpiNumbers.endOfNonBlank(text, a, to);
        if (b - a == 1 && (text.charAt(a) == '1' || text.charAt(a) == '0')) {
            return text.charAt(a) == '1';
        }
        throw new NumberFormatException("not an output state: " + text.substring(from, to));
    }

    private static int fields(String text, int from, int to) {
        if (from >= to) {
            return 0;
        }
        int n = 1;
        for (int k = from; k < to; k++) {
            if (text.charAt(k) == ',') {
                n++;
            }
        }
        return n;
    }

    /** The register value (a whole number, not negative) in {@code text[from, to)}. */
    private static int register(String text, int from, int to) {
        double value = ScpiNumbers.parse(text, from, to);
        if (!(value >= 0 && value <= Integer.MAX_VALUE) || value != Math.rint(value)) {
            throw new NumberFormatException("not a status register: " + text.substring(from, to));
        }
        return (int) value;
    }

    private static int statusBits(String text, int from, int to) {
        int raw = register(text, from, to);
        int bits = raw & DEFINED_STATUS_BITS;
        if ((raw & WATCHDOG_STATUS_BIT) != 0) {
            bits |= ChannelStatus.WATCHDOG;
        }
        if ((raw & ~(DEFINED_STATUS_BITS | WATCHDOG_STATUS_BIT)) != 0) {
            bits |= ChannelStatus.HARDWARE_FAULT;
        }
        return bits;
    }

    /** True: {@link #apply} queues, and the next {@link #read} sends the setpoints ahead of its queries. */
    @Override
    public boolean appliesWithNextRead() {
        return true;
    }

    /**
     * Queues the commands for the next {@link #read}, which sends them in its one write ahead of
     * its queries (the class's "A tick"); nothing is written here.
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
    }

    /**
     * Appends the SCPI for every pending setpoint, grouped by equal setpoints in the order of their
     * lowest channel, each group's channels ascending. A counting sort over reused arrays: a tick
     * that changes every channel costs a hash look-up per channel and allocates nothing.
     */
    private void appendPending(StringBuilder out) {
        if (!anyPending) {
            return;
        }
        Arrays.fill(groupSlots, 0);
        int groups = 0;
        for (int i = 0; i < count; i++) {
            ChannelCommand command = pending[i];
            if (command == null) {
                continue;
            }
            Setting setting = Setting.of(command);
            int g = group(setting.mode(), setting.a(), setting.b(),
                    setting.mode() != Mode.REST && standing[i] == setting.mode(), groups);
            if (g == groups) {
                groupEnd[groups] = 0;
                groups++;
            }
            groupOf[i] = g;
            groupEnd[g]++;
        }
        for (int g = 0, start = 0; g < groups; g++) {
            int size = groupEnd[g];
            groupEnd[g] = start;
            start += size;
        }
        for (int i = 0; i < count; i++) {
            if (pending[i] != null) {
                grouped[groupEnd[groupOf[i]]++] = i + 1;
            }
        }
        for (int g = 0, from = 0; g < groups; g++) {
            if (!out.isEmpty()) {
                out.append(';');
            }
            line(out, g, from, groupEnd[g]);
            from = groupEnd[g];
        }
    }

    /**
     * The group of the setpoint {@code (mode, a, b)} sent in full or as values only, among the
     * first {@code groups}: an existing one with the same setpoint (the values compared as
     * {@link Double#compare} does), else {@code groups}, the new group, filled in.
     */
    private int group(Mode mode, double a, double b, boolean valuesOnly, int groups) {
        long aBits = Double.doubleToLongBits(a);
        long bBits = Double.doubleToLongBits(b);
        long hash = (aBits * 31 + bBits) * 31 + mode.ordinal() * 2 + (valuesOnly ? 1 : 0);
        int mask = groupSlots.length - 1;
        for (int slot = (int) (hash ^ hash >>> 29 ^ hash >>> 47) & mask; ; slot = (slot + 1) & mask) {
            int g = groupSlots[slot] - 1;
            if (g < 0) {
                groupSlots[slot] = groups + 1;
                groupMode[groups] = mode;
                groupA[groups] = a;
                groupB[groups] = b;
                groupValuesOnly[groups] = valuesOnly;
                return groups;
            }
            if (groupMode[g] == mode && groupValuesOnly[g] == valuesOnly
                    && Double.doubleToLongBits(groupA[g]) == aBits && Double.doubleToLongBits(groupB[g]) == bBits) {
                return g;
            }
        }
    }

    /**
     * The commands for one setpoint on the channels {@code grouped[from, to)} (docs/scpi.md's
     * mapping table); only the setpoint values when the mode already stands.
     */
    private void line(StringBuilder out, int group, int from, int to) {
        StringBuilder list = channelList;
        list.setLength(0);
        ChannelList.append(list, grouped, from, to);
        Mode mode = groupMode[group];
        double a = groupA[group];
        double b = groupB[group];
        boolean valuesOnly = groupValuesOnly[group];
        if (mode == Mode.REST) {
            out.append("SOUR:MODE REST,").append(list).append(";OUTP OFF,").append(list);
            return;
        }
        if (!valuesOnly) {
            out.append("SOUR:MODE ").append(mode.name()).append(',').append(list).append(';');
        }
        switch (mode) {
            case CC -> setpoint(out, "SOUR:CURR ", a, list);
            case CV -> {
                setpoint(out, "SOUR:VOLT ", a, list);
                setpoint(out.append(';'), "SOUR:CURR ", b, list);
            }
            case CCCV -> {
                setpoint(out, "SOUR:CURR ", a, list);
                setpoint(out.append(';'), "SOUR:VOLT ", b, list);
            }
            case CP -> setpoint(out, "SOUR:POW ", a, list);
            case CR -> setpoint(out, "SOUR:RES ", a, list);
            case REST -> throw new IllegalStateException("rest has no setpoint");
        }
        if (!valuesOnly) {
            out.append(";OUTP ON,").append(list);
        }
    }

    private static void setpoint(StringBuilder out, String header, double value, CharSequence list) {
        out.append(header);
        ScpiNumbers.appendExact(out, value).append(',').append(list);
    }

    /** A command without its channel: what channels may share. */
    private record Setting(Mode mode, double a, double b) {
        static Setting of(ChannelCommand command) {
            return switch (command) {
                case ChannelCommand.Rest r -> new Setting(Mode.REST, 0, 0);
                case ChannelCommand.ConstantCurrent cc -> new Setting(Mode.CC, cc.currentA(), 0);
                case ChannelCommand.ConstantVoltage cv -> new Setting(Mode.CV, cv.voltageV(), cv.currentLimitA());
                case ChannelCommand.CcCv cccv -> new Setting(Mode.CCCV, cccv.currentA(), cccv.voltageV());
                case ChannelCommand.ConstantPower cp -> new Setting(Mode.CP, cp.powerW(), 0);
                case ChannelCommand.ConstantResistance cr -> new Setting(Mode.CR, cr.resistanceOhm(), 0);
            };
        }
    }

    /** After a successful write: the pending setpoints are the device's, their modes standing. */
    private void clearPending() {
        if (anyPending) {
            for (int i = 0; i < count; i++) {
                if (pending[i] != null) {
                    standing[i] = pending[i].mode();
                    written[i] = true;
                    pending[i] = null;
                }
            }
            anyPending = false;
        }
    }

    /**
     * The open transport, opening a new one if the last failed: same identity required, and
     * every channel's last setpoint queued again.
     */
    private Transport link() throws IOException {
        if (transport != null) {
            return transport;
        }
        Transport t = opener.open();
        try {
            t.discardInput();
            CyclerIdentity now = identify(t, timeoutNanos);
            if (!now.equals(identity)) {
                throw new IOException("a different device answers at " + description + ": " + now
                        + " (expected " + identity + ")");
            }
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        reconnects++;
        Arrays.fill(standing, null);
        t.write(ARM_WATCHDOG);
        for (int i = 0; i < count; i++) {
            if (pending[i] == null && lastCommand[i] != null) {
                pending[i] = lastCommand[i];
                anyPending = true;
            }
        }
        transport = t;
        return t;
    }

    private void dropLink() {
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }

    /**
     * Turns every output off (one attempt, reconnecting if need be) and releases the transport.
     * Idempotent; never throws.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Transport t = link();
            t.write("SOUR:MODE REST," + allChannels + ";OUTP OFF," + allChannels + ";SYST:WDOG 0");
        } catch (IOException e) {
            if (lastProblem.isEmpty()) {
                lastProblem = "outputs could not be turned off at close: " + e.getMessage();
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

    /** Times the transport was opened again after a failure. */
    public long reconnects() {
        return reconnects;
    }

    /** The address, as the transport describes it. */
    public String description() {
        return description;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(description + " is closed");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
