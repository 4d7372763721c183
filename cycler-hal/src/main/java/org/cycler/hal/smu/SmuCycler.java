package org.cycler.hal.smu;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.Measurements;
import org.cycler.hal.scpi.ScpiError;
import org.cycler.hal.scpi.ScpiNumbers;
import org.cycler.hal.serial.SerialTransport;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.TcpTransport;
import org.cycler.hal.transport.Transport;

/**
 * The {@link Cycler} contract over a rack of SCPI source-measure units speaking the Keithley
 * 2400-series commands (DESIGN section 12): one instrument is one channel, channel k the k-th
 * address of {@code smu:ADDRESS[,ADDRESS...]}. docs/devices.md lists what it sends.
 *
 * <p><b>Modes.</b> CC sources the current with the voltage compliance at {@value #OPEN_COMPLIANCE_V} V
 * (above any lithium-ion cell, so it never acts; the recipe's safety limits stop the step first);
 * CC-CV sources the current with the compliance at the CV voltage, so the instrument itself goes
 * from CC into CV; CV sources the voltage with the current compliance at the limit. Rest sources
 * 0 A with the output on, not output off: an instrument measures only with its output on, and a
 * rest step needs the cell's voltage (end conditions, OCV, DCIR, self-discharge). A negative
 * current discharges within the instrument's quadrant limits. CP and CR are not modes a
 * source-measure unit regulates, and the scheduler does not regulate in software: a CP or CR
 * command puts the channel at 0 A and reports {@link ChannelStatus#HARDWARE_FAULT} on it until
 * another mode is commanded, with {@link #lastProblem()} naming the mode.
 *
 * <p><b>Temperature.</b> An SMU has no temperature input: every temperature is NaN.
 *
 * <p><b>A tick.</b> Every instrument is written first, then every reply is read under one deadline,
 * so a tick is one round trip for the rack, not one per instrument. {@link #read} sends each
 * instrument its pending setpoint (if any) and {@code :READ?;:OUTP?} in one line and expects
 * {@code V,I;STATE}: one write per instrument per tick. {@link #apply} writes nothing; it queues the
 * setpoints for that line, and the instrument applies them before it measures, so a setpoint the
 * scheduler decides on tick k's reading is in force for tick k+1's reading, as in the SCPI driver
 * ({@link org.cycler.hal.scpi.ScpiCycler}'s "Timing" says what that means for a step).
 * An output that reads off while the driver had it on (interlock, instrument protection) is
 * reported as {@link ChannelStatus#HARDWARE_FAULT} on that reading; the driver then takes it as
 * off, as the scheduler will command it.
 *
 * <p><b>Faults are states.</b> As in the SCPI driver: a missing, malformed or short reply is
 * retried, at most {@value #MAX_ATTEMPTS} attempts per read, only on the instruments that failed;
 * after a malformed reply {@code :SYST:ERR?} is asked; a timeout or broken link closes that
 * instrument's transport and the next attempt opens it again, checks {@code *IDN?} and re-sends its
 * last setpoint. Instruments without a valid reading then get {@link ChannelStatus#COMM_LOSS} and
 * NaN; the others go on. No read waits longer than about {@code MAX_ATTEMPTS x 2 x timeout}
 * however many instruments are silent.
 *
 * <p><b>Threads.</b> Not thread-safe: owned by the control thread.
 */
public final class SmuCycler implements Cycler {

    /** Attempts at one read (the first and the retries) before an instrument's channel counts as lost. */
    public static final int MAX_ATTEMPTS = 3;
    /** Voltage compliance for CC and rest, volts: above any lithium-ion cell. */
    public static final double OPEN_COMPLIANCE_V = 5.0;
    /** What each instrument is asked every tick. */
    static final String TICK_QUERY = ":READ?;:OUTP?";
    /** Entries read from an error queue at connect before the instrument counts as broken. */
    static final int MAX_STALE_ERRORS = 64;
    private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Instrument[] instruments;
    private final long timeoutNanos;
    private final CyclerIdentity identity;
    private final StringBuilder line = new StringBuilder();
    private String lastProblem = "";
    private long failedAttempts;
    private long reconnects;
    private boolean closed;

    /** One instrument of the rack: its link, and what the driver last told it. */
    private static final class Instrument {
        final int channel;
        final Transport.Opener opener;
        final String description;
        final CyclerIdentity identity;
        Transport transport;
        ChannelCommand lastCommand;
        ChannelCommand pending;
        boolean outputOn;
        /** The last command was a mode an SMU cannot regulate. */
        boolean refused;
        /** Per read: still to be read, reconnect asked, query sent. */
        boolean todo;
        boolean identifying;
        boolean queried;

        Instrument(int channel, Transport.Opener opener, Transport transport, CyclerIdentity identity) {
            this.channel = channel;
            this.opener = opener;
            this.transport = transport;
            this.description = transport.description();
            this.identity = identity;
            this.outputOn = true;
        }

        void drop() {
            if (transport != null) {
                transport.close();
                transport = null;
            }
        }
    }

    private SmuCycler(Instrument[] instruments, Duration timeout) {
        this.instruments = instruments;
        this.timeoutNanos = timeout.toNanos();
        CyclerIdentity first = instruments[0].identity;
        StringBuilder serials = new StringBuilder();
        for (Instrument i : instruments) {
            serials.append(serials.isEmpty() ? "" : "+").append(i.identity.serial());
        }
        this.identity = new CyclerIdentity(first.manufacturer(), first.model() + " x" + instruments.length,
                serials.toString(), first.firmware());
    }

    /**
     * Connects to every instrument of the rack, in channel order.
     *
     * @throws IOException with a one-line message naming the instrument that cannot be reached,
     *                     does not identify itself or refuses the configuration
     */
    public static SmuCycler connect(DeviceAddress.Smu address) throws IOException {
        List<Transport.Opener> openers = new ArrayList<>();
        for (DeviceAddress a : address.instruments()) {
            openers.add(switch (a) {
                case DeviceAddress.Tcp tcp -> () -> TcpTransport.connect(tcp);
                case DeviceAddress.Serial serial -> () -> SerialTransport.open(serial);
                default -> throw new IllegalArgumentException("not an instrument address: " + a);
            });
        }
        return connect(openers, address.timeout());
    }

    /**
     * Connects through one opener per channel, each used again to reconnect after a failure.
     *
     * @param timeout how long to wait for the replies of one round
     */
    public static SmuCycler connect(List<Transport.Opener> openers, Duration timeout) throws IOException {
        if (openers.isEmpty()) {
            throw new IllegalArgumentException("a rack has at least one instrument");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("reply timeout must be positive: " + timeout);
        }
        long nanos = timeout.toNanos();
        Instrument[] instruments = new Instrument[openers.size()];
        try {
            for (int k = 0; k < instruments.length; k++) {
                Transport.Opener opener = Objects.requireNonNull(openers.get(k), "opener");
                Transport t = opener.open();
                try {
                    CyclerIdentity id = identify(t, nanos);
                    configure(t, nanos);
                    instruments[k] = new Instrument(k + 1, opener, t, id);
                    instruments[k].lastCommand = new ChannelCommand.Rest(k + 1);
                } catch (IOException | RuntimeException e) {
                    t.close();
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Instrument i : instruments) {
                if (i != null) {
                    i.drop();
                }
            }
            throw e;
        }
        return new SmuCycler(instruments, timeout);
    }

    /** Empties the error queue, resets, selects V,I readings and rests at 0 A; the queue must stay empty. */
    private static void configure(Transport t, long nanos) throws IOException {
        for (int k = 0; ; k++) {
            if (k == MAX_STALE_ERRORS) {
                throw new IOException(t.description() + ": the error queue does not empty");
            }
            if (error(t, nanos).isNone()) {
                break;
            }
        }
        StringBuilder setup = new StringBuilder("*RST;:FORM:ELEM VOLT,CURR;");
        setpoint(setup, new ChannelCommand.Rest(1));
        t.write(setup);
        ScpiError error = error(t, nanos);
        if (!error.isNone()) {
            throw new IOException(t.description() + " refused the configuration: " + error);
        }
    }

    private static CyclerIdentity identify(Transport t, long timeoutNanos) throws IOException {
        t.write("*IDN?");
        return parseIdentity(t, t.readLine(timeoutNanos));
    }

    private static CyclerIdentity parseIdentity(Transport t, String idn) throws IOException {
        String[] fields = idn.split(",", -1);
        if (fields.length != 4) {
            throw new IOException(t.description() + ": *IDN? answered '" + abbreviate(idn)
                    + "' (expected manufacturer,model,serial,firmware)");
        }
        return new CyclerIdentity(fields[0].strip(), fields[1].strip(), fields[2].strip(), fields[3].strip());
    }

    private static ScpiError error(Transport t, long timeoutNanos) throws IOException {
        t.write(":SYST:ERR?");
        String reply = t.readLine(timeoutNanos);
        try {
            return ScpiError.parse(reply);
        } catch (IllegalArgumentException e) {
            throw new IOException(t.description() + ": :SYST:ERR? answered '" + abbreviate(reply) + "'");
        }
    }

    /**
     * The 2400-series commands for one setpoint (docs/devices.md's table). CP and CR, which an
     * SMU cannot regulate, are sent as rest.
     */
    static void setpoint(StringBuilder out, ChannelCommand command) {
        switch (command) {
            case ChannelCommand.ConstantCurrent cc -> current(out, cc.currentA(), OPEN_COMPLIANCE_V);
            case ChannelCommand.CcCv cccv -> current(out, cccv.currentA(), cccv.voltageV());
            case ChannelCommand.ConstantVoltage cv -> {
                out.append(":SOUR:FUNC VOLT;:SOUR:VOLT:LEV ");
                ScpiNumbers.appendExact(out, cv.voltageV()).append(";:SENS:CURR:PROT ");
                ScpiNumbers.appendExact(out, cv.currentLimitA());
            }
            case ChannelCommand.Rest r -> current(out, 0, OPEN_COMPLIANCE_V);
            case ChannelCommand.ConstantPower cp -> current(out, 0, OPEN_COMPLIANCE_V);
            case ChannelCommand.ConstantResistance cr -> current(out, 0, OPEN_COMPLIANCE_V);
        }
        out.append(";:OUTP ON");
    }

    private static void current(StringBuilder out, double currentA, double complianceV) {
        out.append(":SOUR:FUNC CURR;:SOUR:CURR:LEV ");
        ScpiNumbers.appendExact(out, currentA).append(";:SENS:VOLT:PROT ");
        ScpiNumbers.appendExact(out, complianceV);
    }

    private static boolean regulated(ChannelCommand command) {
        return !(command instanceof ChannelCommand.ConstantPower || command instanceof ChannelCommand.ConstantResistance);
    }

    @Override
    public CyclerIdentity identity() {
        return identity;
    }

    @Override
    public int channelCount() {
        return instruments.length;
    }

    /**
     * Reads every instrument, pipelined and retried as the class describes; never throws on a
     * device failure: unreadable channels come back as {@link Measurements#markLost lost}.
     *
     * @throws IllegalArgumentException if {@code into} was made for another channel count
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public void read(Measurements into) {
        requireOpen();
        if (into.channelCount() != instruments.length) {
            throw new IllegalArgumentException("measurements for " + into.channelCount() + " channels, rack has "
                    + instruments.length);
        }
        for (Instrument i : instruments) {
            i.todo = true;
        }
        int left = instruments.length;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && left > 0; attempt++) {
            reconnectFailed();
            for (Instrument i : instruments) {
                i.queried = false;
                if (i.todo && i.transport != null) {
                    try {
                        line.setLength(0);
                        if (i.pending != null) {
                            setpoint(line, i.pending);
                            line.append(';');
                        }
                        line.append(TICK_QUERY);
                        i.transport.write(line);
                        i.pending = null;
                        i.queried = true;
                    } catch (IOException e) {
                        fail(i, e);
                    }
                }
            }
            long deadline = System.nanoTime() + timeoutNanos;
            for (Instrument i : instruments) {
                if (!i.queried) {
                    continue;
                }
                try {
                    String reply = i.transport.readLine(remaining(deadline));
                    if (parse(i, reply, into)) {
                        i.todo = false;
                        left--;
                        continue;
                    }
                    lastProblem = "malformed reply from " + i.description + ": '" + abbreviate(reply) + "'";
                    checkInStep(i);
                    i.transport.discardInput();
                    failedAttempts++;
                } catch (IOException e) {
                    fail(i, e);
                }
            }
        }
        for (Instrument i : instruments) {
            if (i.todo) {
                into.markLost(i.channel);
            }
        }
    }

    /**
     * Opens a link again to every instrument still to be read whose link failed, all at once:
     * every {@code *IDN?} is written before any answer is read. Each must name the same instrument;
     * its last setpoint is then queued again (an instrument that restarted has lost it).
     */
    private void reconnectFailed() {
        boolean any = false;
        for (Instrument i : instruments) {
            i.identifying = false;
            if (i.todo && i.transport == null) {
                try {
                    Transport t = i.opener.open();
                    i.transport = t;
                    t.discardInput();
                    t.write("*IDN?");
                    i.identifying = true;
                    any = true;
                } catch (IOException e) {
                    fail(i, e);
                }
            }
        }
        if (!any) {
            return;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        for (Instrument i : instruments) {
            if (!i.identifying) {
                continue;
            }
            try {
                CyclerIdentity now = parseIdentity(i.transport, i.transport.readLine(remaining(deadline)));
                if (!now.equals(i.identity)) {
                    throw new IOException("a different instrument answers at " + i.description + ": " + now
                            + " (expected " + i.identity + ")");
                }
                reconnects++;
                if (i.pending == null) {
                    i.pending = i.lastCommand;
                }
            } catch (IOException e) {
                fail(i, e);
            }
        }
    }

    private void fail(Instrument i, IOException e) {
        lastProblem = e.getMessage();
        failedAttempts++;
        i.drop();
    }

    /** After a malformed reply: the instrument's own error, and a check that the link is in step. */
    private void checkInStep(Instrument i) throws IOException {
        i.transport.write(":SYST:ERR?");
        String reply = i.transport.readLine(timeoutNanos);
        try {
            ScpiError error = ScpiError.parse(reply);
            if (!error.isNone()) {
                lastProblem += " (instrument error " + error + ")";
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(i.description + " is out of step: :SYST:ERR? answered '" + abbreviate(reply) + "'");
        }
    }

    /** Parses {@code V,I;STATE} into the instrument's channel; false, touching nothing, when malformed. */
    private boolean parse(Instrument i, String reply, Measurements into) {
        int semicolon = reply.indexOf(';');
        int comma = reply.indexOf(',');
        if (semicolon < 0 || comma < 0 || comma > semicolon || reply.indexOf(',', comma + 1) >= 0
                || reply.indexOf(';', semicolon + 1) >= 0) {
            return false;
        }
        double v;
        double a;
        try {
            v = ScpiNumbers.parse(reply, 0, comma);
            a = ScpiNumbers.parse(reply, comma + 1, semicolon);
        } catch (NumberFormatException e) {
            return false;
        }
        String state = reply.substring(semicolon + 1).strip();
        if (!state.equals("0") && !state.equals("1")) {
            return false;
        }
        int bits = ChannelStatus.OK;
        if (state.equals("0") && i.outputOn) {
            bits = ChannelStatus.HARDWARE_FAULT;
            i.outputOn = false;
            lastProblem = i.description + " turned its output off by itself";
        }
        if (i.refused) {
            bits = ChannelStatus.HARDWARE_FAULT;
        }
        into.set(i.channel, v, a, Double.NaN, bits);
        return true;
    }

    /** True: {@link #apply} queues, and the next {@link #read} sends the setpoints ahead of its queries. */
    @Override
    public boolean appliesWithNextRead() {
        return true;
    }

    /**
     * Queues each commanded instrument's setpoint for the next {@link #read}, which sends it in the
     * same line as that instrument's query; nothing is written here.
     *
     * @throws IllegalArgumentException if a command names a channel the rack does not have
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public void apply(List<? extends ChannelCommand> commands) {
        requireOpen();
        for (int k = 0; k < commands.size(); k++) {
            int ch = commands.get(k).channel();
            if (ch > instruments.length) {
                throw new IllegalArgumentException("no channel " + ch + " on a rack of " + instruments.length
                        + " instruments");
            }
        }
        for (int k = 0; k < commands.size(); k++) {
            ChannelCommand command = commands.get(k);
            Instrument i = instruments[command.channel() - 1];
            i.pending = command;
            i.lastCommand = command;
            i.outputOn = true;
            i.refused = !regulated(command);
            if (i.refused) {
                lastProblem = "channel " + i.channel + ": " + command.mode() + " is not a mode a source-measure unit "
                        + "regulates (CC, CV, CC-CV and rest only); the output is held at 0 A";
            }
        }
    }

    /**
     * Turns every output off (one attempt each, reconnecting if need be) and releases the links.
     * Idempotent; never throws.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Instrument i : instruments) {
            try {
                if (i.transport == null) {
                    i.transport = i.opener.open();
                }
                i.transport.write(":OUTP OFF");
            } catch (IOException e) {
                if (lastProblem.isEmpty()) {
                    lastProblem = "output of " + i.description + " could not be turned off at close: " + e.getMessage();
                }
            } finally {
                i.drop();
            }
        }
    }

    @Override
    public String lastProblem() {
        return lastProblem;
    }

    /** Attempts that failed (missing, malformed or short replies, broken links) since connect. */
    public long failedAttempts() {
        return failedAttempts;
    }

    /** Times a link was opened again after a failure. */
    public long reconnects() {
        return reconnects;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the SMU rack " + identity + " is closed");
        }
    }

    private static long remaining(long deadline) {
        return Math.max(MIN_WAIT_NANOS, deadline - System.nanoTime());
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
