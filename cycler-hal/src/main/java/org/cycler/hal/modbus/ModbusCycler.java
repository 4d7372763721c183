package org.cycler.hal.modbus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.Measurements;
import org.cycler.hal.Mode;
import org.cycler.hal.transport.DeviceAddress;

/**
 * The {@link Cycler} contract over Modbus (DESIGN section 12), TCP or RTU, driven by a
 * {@link RegisterMap}. j2mod does the framing; this class decides what to ask and when.
 *
 * <p><b>Connect.</b> The channel count comes from the map or from its channel-count register; every
 * channel is then set to REST, and the device must accept those writes, or the connection is
 * refused. The identity is the map's manufacturer and model, the unit id and the map's name.
 *
 * <p><b>A tick.</b> {@link #read} fetches every channel's measured registers in as few requests as
 * the map allows: consecutive channels' blocks share one request of at most
 * {@value RegisterMap#MAX_READ_REGISTERS} registers (function code 4, or 3 for a map whose readings
 * are holding registers), the registers between blocks included. {@link #apply} writes each changed
 * channel's setpoint block (mode code and every setpoint register, the ones the mode does not use
 * as 0) with function code 16; where the map's setpoint blocks touch (stride equal to their span),
 * consecutive changed channels share one write of at most {@value RegisterMap#MAX_WRITE_REGISTERS}
 * registers. A setpoint that could not be written goes out before the next read.
 *
 * <p><b>Faults are states.</b> A request that fails (no reply within the address's timeout, an
 * exception reply, a reply of the wrong function or length, a broken link) drops the link and is
 * tried again on a fresh one, at most {@value #MAX_ATTEMPTS} failures per read in all; a fresh link
 * must show the same channel count, and every channel's last setpoint is written again (a device
 * that restarted has lost them). When the failures are used up, the channels whose requests did not
 * succeed get {@link ChannelStatus#COMM_LOSS} and NaN; the others keep their readings. Nothing here
 * throws on a device failure after connect.
 *
 * <p><b>Threads.</b> Not thread-safe: owned by the control thread.
 */
public final class ModbusCycler implements Cycler {

    /** Failed requests in one read before the channels not yet read count as lost. */
    public static final int MAX_ATTEMPTS = 3;

    private final RegisterMap map;
    private final ModbusLink.Opener opener;
    private final String description;
    private final CyclerIdentity identity;
    private final int count;

    /** Read requests: first channel of each (1-based), channels in it; registers start at the first block. */
    private final int[] readFirstChannel;
    private final int[] readChannels;
    private final int[] words;
    private final int writeRun;

    private ModbusLink link;
    private final ChannelCommand[] lastCommand;
    private final ChannelCommand[] pending;
    private boolean anyPending;
    private final boolean[] requestDone;

    private String lastProblem = "";
    private long failedAttempts;
    private long reconnects;
    private boolean closed;

    private ModbusCycler(RegisterMap map, ModbusLink.Opener opener, ModbusLink link, int count) {
        this.map = map;
        this.opener = opener;
        this.link = link;
        this.description = link.description();
        this.count = count;
        this.identity = new CyclerIdentity(map.manufacturer(), map.model(), "unit " + map.unitId(),
                "profile " + Path.of(map.name()).getFileName());
        int span = map.measuredSpan();
        int perRequest = Math.max(1, (RegisterMap.MAX_READ_REGISTERS - span) / map.stride() + 1);
        int requests = (count + perRequest - 1) / perRequest;
        readFirstChannel = new int[requests];
        readChannels = new int[requests];
        for (int r = 0; r < requests; r++) {
            readFirstChannel[r] = 1 + r * perRequest;
            readChannels[r] = Math.min(perRequest, count - r * perRequest);
        }
        requestDone = new boolean[requests];
        boolean touching = map.stride() == map.setpointSpan();
        writeRun = touching ? Math.max(1, RegisterMap.MAX_WRITE_REGISTERS / map.stride()) : 1;
        words = new int[Math.max(RegisterMap.MAX_READ_REGISTERS, RegisterMap.MAX_WRITE_REGISTERS)];
        lastCommand = new ChannelCommand[count];
        pending = new ChannelCommand[count];
    }

    /**
     * Connects to the Modbus device at {@code address}, reading its register map from the file
     * the address names.
     *
     * @throws org.cycler.hal.transport.DeviceFileException when the register map is not usable
     * @throws IOException with a one-line message when the device cannot be reached or refuses
     *                     the configuration
     */
    public static ModbusCycler connect(DeviceAddress.Modbus address) throws IOException {
        return connect(RegisterMapParser.read(Path.of(address.profile())), address.link());
    }

    /**
     * Connects to the device at {@code link} (a TCP socket or a serial port) by {@code map};
     * every reply waits at most the link's timeout.
     *
     * @throws IOException with a one-line message when the device cannot be reached or refuses
     *                     the configuration
     */
    public static ModbusCycler connect(RegisterMap map, DeviceAddress link) throws IOException {
        ModbusLink.Opener opener = switch (link) {
            case DeviceAddress.Tcp tcp -> () -> ModbusLink.tcp(tcp);
            case DeviceAddress.Serial serial -> () -> ModbusLink.rtu(serial);
            default -> throw new IllegalArgumentException("Modbus travels over TCP or a serial port: " + link);
        };
        return connect(map, opener);
    }

    /** Connects through {@code opener}, which is used again to reconnect after a failure. */
    private static ModbusCycler connect(RegisterMap map, ModbusLink.Opener opener) throws IOException {
        Objects.requireNonNull(map, "map");
        ModbusLink link = opener.open();
        try {
            int channels = channelCount(map, link);
            ModbusCycler cycler = new ModbusCycler(map, opener, link, channels);
            List<ChannelCommand> rest = new ArrayList<>();
            for (int ch = 1; ch <= channels; ch++) {
                rest.add(new ChannelCommand.Rest(ch));
            }
            cycler.queue(rest);
            cycler.flush(link);
            return cycler;
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
    }

    private static int channelCount(RegisterMap map, ModbusLink link) throws IOException {
        if (map.fixedChannels().isPresent()) {
            return map.fixedChannels().getAsInt();
        }
        Register r = map.channelCount();
        int[] w = new int[2];
        link.read(map.countTable(), map.unitId(), r.offset(), r.width(), w, 0);
        double n = r.decode(w, 0);
        if (n < 1 || n > 0xFFFF) {
            throw new IOException(link.description() + " reports " + (long) n + " channels (register "
                    + r.offset() + ", per " + map.name() + ")");
        }
        return (int) n;
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
     * Reads every channel, retrying as the class describes; never throws on a device failure:
     * unreadable channels come back as {@link Measurements#markLost lost}.
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
        Arrays.fill(requestDone, false);
        int failures = 0;
        int next = 0;
        while (next < readFirstChannel.length && failures < MAX_ATTEMPTS) {
            try {
                ModbusLink l = link();
                flush(l);
                for (; next < readFirstChannel.length; next++) {
                    readRequest(l, next, into);
                    requestDone[next] = true;
                }
            } catch (IOException e) {
                lastProblem = e.getMessage();
                failures++;
                failedAttempts++;
                dropLink();
            }
        }
        for (int r = 0; r < readFirstChannel.length; r++) {
            if (!requestDone[r]) {
                for (int ch = readFirstChannel[r]; ch < readFirstChannel[r] + readChannels[r]; ch++) {
                    into.markLost(ch);
                }
            }
        }
    }

    private void readRequest(ModbusLink l, int r, Measurements into) throws IOException {
        int first = readFirstChannel[r];
        int n = readChannels[r];
        int start = map.blockStart(first) + map.measuredFirst();
        int length = (n - 1) * map.stride() + map.measuredSpan();
        l.read(map.measuredTable(), map.unitId(), start, length, words, 0);
        for (int k = 0; k < n; k++) {
            int at = k * map.stride() - map.measuredFirst();
            double v = map.measuredVoltage().decode(words, at + map.measuredVoltage().offset());
            double i = map.measuredCurrent().decode(words, at + map.measuredCurrent().offset());
            double t = map.temperature().decode(words, at + map.temperature().offset());
            long raw = (long) map.status().decode(words, at + map.status().offset());
            into.set(first + k, v, i, t, map.statusOf(raw));
        }
    }

    /**
     * Writes the commands' setpoint blocks. A write that fails is not retried here: the setpoints
     * go out before the next read.
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
        queue(commands);
        if (!anyPending) {
            return;
        }
        try {
            flush(link());
        } catch (IOException e) {
            failedAttempts++;
            lastProblem = e.getMessage();
            dropLink();
        }
    }

    private void queue(List<? extends ChannelCommand> commands) {
        for (int k = 0; k < commands.size(); k++) {
            ChannelCommand command = commands.get(k);
            pending[command.channel() - 1] = command;
            lastCommand[command.channel() - 1] = command;
            anyPending = true;
        }
    }

    /** Writes every pending setpoint, runs of consecutive channels together where the map allows. */
    private void flush(ModbusLink l) throws IOException {
        if (!anyPending) {
            return;
        }
        int span = map.setpointSpan();
        int i = 0;
        while (i < count) {
            if (pending[i] == null) {
                i++;
                continue;
            }
            int run = 0;
            while (i + run < count && run < writeRun && pending[i + run] != null) {
                int at = run * map.stride();
                Arrays.fill(words, at, at + span, 0);
                encode(pending[i + run], words, at - map.setpointFirst());
                run++;
            }
            int length = (run - 1) * map.stride() + span;
            l.write(map.unitId(), map.blockStart(i + 1) + map.setpointFirst(), words, 0, length);
            for (int k = i; k < i + run; k++) {
                pending[k] = null;
            }
            i += run;
        }
        anyPending = false;
    }

    /** The setpoint registers for one command, the block's offset 0 at {@code words[at]}. */
    private void encode(ChannelCommand command, int[] out, int at) {
        Mode mode = command.mode();
        map.mode().encode(map.modeCodes().get(mode), out, at + map.mode().offset());
        switch (command) {
            case ChannelCommand.Rest r -> {
            }
            case ChannelCommand.ConstantCurrent cc -> put(map.current(), cc.currentA(), out, at);
            case ChannelCommand.ConstantVoltage cv -> {
                put(map.voltage(), cv.voltageV(), out, at);
                put(map.current(), cv.currentLimitA(), out, at);
            }
            case ChannelCommand.CcCv cccv -> {
                put(map.current(), cccv.currentA(), out, at);
                put(map.voltage(), cccv.voltageV(), out, at);
            }
            case ChannelCommand.ConstantPower cp -> put(map.power(), cp.powerW(), out, at);
            case ChannelCommand.ConstantResistance cr -> put(map.resistance(), cr.resistanceOhm(), out, at);
        }
    }

    private static void put(Register r, double value, int[] out, int at) {
        r.encode(value, out, at + r.offset());
    }

    /** The open link, opening a new one after a failure: same channel count, every last setpoint queued again. */
    private ModbusLink link() throws IOException {
        if (link != null) {
            return link;
        }
        ModbusLink l = opener.open();
        try {
            int now = channelCount(map, l);
            if (now != count) {
                throw new IOException("a different device answers at " + description + ": " + now
                        + " channels (expected " + count + ")");
            }
        } catch (IOException | RuntimeException e) {
            l.close();
            throw e;
        }
        reconnects++;
        for (int i = 0; i < count; i++) {
            if (pending[i] == null && lastCommand[i] != null) {
                pending[i] = lastCommand[i];
                anyPending = true;
            }
        }
        link = l;
        return l;
    }

    private void dropLink() {
        if (link != null) {
            link.close();
            link = null;
        }
    }

    /** Sets every channel to REST (one attempt, reconnecting if need be) and closes the link. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ModbusLink l = link();
            Arrays.fill(pending, null);
            List<ChannelCommand> rest = new ArrayList<>();
            for (int ch = 1; ch <= count; ch++) {
                rest.add(new ChannelCommand.Rest(ch));
            }
            queue(rest);
            flush(l);
        } catch (IOException e) {
            if (lastProblem.isEmpty()) {
                lastProblem = "outputs could not be turned off at close: " + e.getMessage();
            }
        } finally {
            dropLink();
        }
    }

    @Override
    public String lastProblem() {
        return lastProblem;
    }

    /** Requests that failed (missing, malformed or short replies, broken links) since connect. */
    public long failedAttempts() {
        return failedAttempts;
    }

    /** Times the link was opened again after a failure. */
    public long reconnects() {
        return reconnects;
    }

    /** The register map this driver follows. */
    public RegisterMap map() {
        return map;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(description + " is closed");
        }
    }
}
