package org.cycler.emulator.modbus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
import com.ghgande.j2mod.modbus.procimg.FIFO;
import com.ghgande.j2mod.modbus.procimg.File;
import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Measurements;
import org.cycler.hal.Mode;
import org.cycler.hal.transport.DeviceFileException;
import org.cycler.hal.modbus.RegisterMap;
import org.cycler.hal.modbus.RegisterMapParser;
import org.cycler.hal.sim.SimulatedCycler;

/**
 * A Modbus cabinet laid out by a {@link RegisterMap}, built on a {@link SimulatedCycler}: the
 * registers j2mod's server side ({@link ModbusServer}) answers from, so the driver and other
 * people's Modbus clients can be tried without hardware.
 *
 * <p><b>Registers.</b> The holding table keeps whatever clients write; each channel's setpoint
 * block (mode code and setpoints, scaled per the map) is handed to the simulator as one
 * {@link ChannelCommand} when a write that touches it ends, so the registers of one write take
 * effect together. A write that ends inside a block leaves the block half-written until the next
 * write. A block whose mode code the map does not know, or whose setpoints the mode cannot use
 * (a CV voltage of 0, a CR resistance of 0, a CC-CV current of 0), puts the channel at rest. The
 * measured registers (and the channel-count register) are computed from the cells at the moment
 * they are read, one simulator reading per request; writes to them are ignored, and registers the
 * map does not use read 0.
 *
 * <p>j2mod applies a write register by register in ascending order (function code 16) or as one
 * register (function code 6); the emulator takes the last register of the range as the write's end.
 *
 * <p><b>Threads.</b> Thread-safe: every request is served under the emulator's lock, so several
 * clients share one cabinet, as on a real one.
 */
public final class ModbusEmulator implements ProcessImage, AutoCloseable {

    /** Registers per table, the whole Modbus address space. */
    static final int TABLE_SIZE = 0x10000;
    /** The shipped register map's file name (protocols/ in the source tree, beside this class in the jar). */
    public static final String DEFAULT_PROFILE = "modbus-cabinet.yaml";

    private final SimulatedCycler sim;
    private final RegisterMap map;
    private final int count;
    private final int[] holding = new int[TABLE_SIZE];
    private final Measurements readings;
    private final boolean[] touched;
    private final int[] block;
    private final int[] channelWords;
    private final org.cycler.hal.modbus.Register[] measuredRegisters;
    private boolean closed;

    /**
     * @throws IllegalArgumentException when the map fixes a channel count other than the
     *                                  simulator's, or the channels do not fit the address space
     */
    public ModbusEmulator(SimulatedCycler sim, RegisterMap map) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.map = Objects.requireNonNull(map, "map");
        this.count = sim.channelCount();
        if (map.fixedChannels().isPresent() && map.fixedChannels().getAsInt() != count) {
            throw new IllegalArgumentException(map.name() + " fixes " + map.fixedChannels().getAsInt()
                    + " channels; the emulator has " + count);
        }
        if ((long) map.base() + (long) count * map.stride() > TABLE_SIZE) {
            throw new IllegalArgumentException(count + " channels of " + map.stride() + " registers from "
                    + map.base() + " do not fit in Modbus's 65536 registers (" + map.name() + ")");
        }
        this.readings = new Measurements(count);
        this.touched = new boolean[count];
        this.block = new int[map.stride() + map.setpointSpan()];
        this.channelWords = new int[map.stride()];
        this.measuredRegisters = new org.cycler.hal.modbus.Register[] {map.measuredVoltage(), map.measuredCurrent(),
            map.temperature(), map.status()};
        int[] rest = new int[2];
        map.mode().encode(map.modeCodes().get(Mode.REST), rest, 0);
        for (int ch = 1; ch <= count; ch++) {
            System.arraycopy(rest, 0, holding, map.blockStart(ch) + map.mode().offset(), map.mode().width());
        }
    }

    /**
     * An emulator laid out by the register map at {@code profile}, or by {@link #defaultMap()} when
     * it is null.
     *
     * @throws DeviceFileException      when the map cannot be read
     * @throws IllegalArgumentException when the map does not fit the simulator's channels
     */
    public static ModbusEmulator of(SimulatedCycler sim, Path profile) throws DeviceFileException {
        return new ModbusEmulator(sim, profile == null ? defaultMap() : RegisterMapParser.read(profile));
    }

    /** The device as the map names it: manufacturer, model and unit id. */
    public String describe() {
        return map.manufacturer() + " " + map.model() + ", unit " + map.unitId();
    }

    /** The register map served when none is named: protocols/modbus-cabinet.yaml, shipped inside the jar. */
    public static RegisterMap defaultMap() {
        try (InputStream in = ModbusEmulator.class.getResourceAsStream(DEFAULT_PROFILE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_PROFILE + " is missing from the build");
            }
            return RegisterMapParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_PROFILE);
        } catch (IOException e) {
            throw new IllegalStateException("the shipped " + DEFAULT_PROFILE + " does not load: " + e.getMessage(), e);
        }
    }

    public int channelCount() {
        return count;
    }

    public RegisterMap map() {
        return map;
    }

    /** Puts a hardware fault on {@code channel} (or ends it): the status register shows it, output off. */
    public synchronized void injectHardwareFault(int channel, boolean faulted) {
        sim.injectHardwareFault(channel, faulted);
    }

    /** The registers {@code [offset, offset + n)} of {@code table} as a client would read them now. */
    public synchronized int[] registers(RegisterMap.Table table, int offset, int n) {
        requireOpen();
        check(offset, n);
        int[] out = new int[n];
        if (table == RegisterMap.Table.HOLDING) {
            System.arraycopy(holding, offset, out, 0, n);
        }
        if (map.channelCount() != null && map.countTable() == table) {
            int[] c = new int[2];
            map.channelCount().encode(count, c, 0);
            copyInto(out, offset, c, 0, map.channelCount().offset(), map.channelCount().width());
        }
        if (map.measuredTable() == table) {
            int span = map.measuredSpan();
            int first = Math.max(1, (offset - map.base() - map.measuredFirst() - span) / map.stride() + 1);
            boolean readNeeded = true;
            for (int ch = first; ch <= count; ch++) {
                int start = map.blockStart(ch) + map.measuredFirst();
                if (start >= offset + n) {
                    break;
                }
                if (start + span <= offset) {
                    continue;
                }
                if (readNeeded) {
                    sim.read(readings);
                    readNeeded = false;
                }
                measured(ch, out, offset);
            }
        }
        return out;
    }

    private void measured(int ch, int[] out, int offset) {
        Arrays.fill(channelWords, 0);
        map.measuredVoltage().encode(readings.voltage(ch), channelWords, map.measuredVoltage().offset());
        map.measuredCurrent().encode(readings.current(ch), channelWords, map.measuredCurrent().offset());
        map.temperature().encode(readings.temperature(ch), channelWords, map.temperature().offset());
        map.status().encode(map.rawStatus(readings.status(ch)), channelWords, map.status().offset());
        int base = map.blockStart(ch);
        for (org.cycler.hal.modbus.Register r : measuredRegisters) {
            copyInto(out, offset, channelWords, r.offset(), base + r.offset(), r.width());
        }
    }

    /** Copies {@code from[fromIndex..fromIndex + width)}, which belong at {@code address}, into the part of {@code out} that starts at {@code offset}. */
    private static void copyInto(int[] out, int offset, int[] from, int fromIndex, int address, int width) {
        for (int k = 0; k < width; k++) {
            int i = address + k - offset;
            if (i >= 0 && i < out.length) {
                out[i] = from[fromIndex + k];
            }
        }
    }

    /** A client's write of {@code values} to the holding registers from {@code offset}: one batch. */
    public synchronized void write(int offset, int[] values) {
        requireOpen();
        check(offset, values.length);
        for (int k = 0; k < values.length; k++) {
            stage(offset + k, values[k]);
        }
        commit();
    }

    private void stage(int address, int value) {
        if (isComputed(address)) {
            return;
        }
        holding[address] = value & 0xFFFF;
        int ch = (address - map.base()) / map.stride() + 1;
        if (address >= map.base() && ch <= count) {
            int within = address - map.blockStart(ch);
            if (within >= map.setpointFirst() && within < map.setpointFirst() + map.setpointSpan()) {
                touched[ch - 1] = true;
            }
        }
    }

    private boolean isComputed(int address) {
        if (map.channelCount() != null && map.countTable() == RegisterMap.Table.HOLDING
                && address >= map.channelCount().offset() && address < map.channelCount().offset() + map.channelCount().width()) {
            return true;
        }
        if (map.measuredTable() != RegisterMap.Table.HOLDING || address < map.base()) {
            return false;
        }
        int ch = (address - map.base()) / map.stride() + 1;
        int within = address - map.blockStart(ch);
        return ch <= count && within >= map.measuredFirst() && within < map.measuredFirst() + map.measuredSpan();
    }

    /** Hands every touched channel's setpoint block to the simulator as one batch. */
    private void commit() {
        List<ChannelCommand> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (touched[i]) {
                touched[i] = false;
                batch.add(command(i + 1));
            }
        }
        if (!batch.isEmpty()) {
            sim.apply(batch);
        }
    }

    /** The command channel {@code ch}'s setpoint block holds; rest when it holds none that can be used. */
    private ChannelCommand command(int ch) {
        int start = map.blockStart(ch);
        System.arraycopy(holding, start, block, 0, map.setpointFirst() + map.setpointSpan());
        Mode mode = map.modeOf((int) map.mode().decode(block, map.mode().offset()));
        double current = map.current().decode(block, map.current().offset());
        double voltage = map.voltage().decode(block, map.voltage().offset());
        double power = map.power().decode(block, map.power().offset());
        double resistance = map.resistance().decode(block, map.resistance().offset());
        try {
            return switch (mode == null ? Mode.REST : mode) {
                case REST -> new ChannelCommand.Rest(ch);
                case CC -> new ChannelCommand.ConstantCurrent(ch, current);
                case CV -> new ChannelCommand.ConstantVoltage(ch, voltage, Math.abs(current));
                case CCCV -> new ChannelCommand.CcCv(ch, current, voltage);
                case CP -> new ChannelCommand.ConstantPower(ch, power);
                case CR -> new ChannelCommand.ConstantResistance(ch, resistance);
            };
        } catch (IllegalArgumentException unusable) {
            return new ChannelCommand.Rest(ch);
        }
    }

    private static void check(int offset, int n) {
        if (offset < 0 || n < 0 || offset + n > TABLE_SIZE) {
            throw new IllegalAddressException("registers " + offset + ".." + (offset + n - 1) + " are beyond 65535");
        }
    }

    /** Turns every output off and ends the simulator. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            sim.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalAddressException("the emulator is closed");
        }
    }

    // ---- j2mod's view: the two register tables; no coils, discrete inputs, files or FIFOs.

    @Override
    public synchronized InputRegister[] getInputRegisterRange(int offset, int n) {
        int[] values = registers(RegisterMap.Table.INPUT, offset, n);
        InputRegister[] out = new InputRegister[n];
        for (int k = 0; k < n; k++) {
            out[k] = new SimpleInputRegister(values[k]);
        }
        return out;
    }

    @Override
    public InputRegister getInputRegister(int ref) {
        return getInputRegisterRange(ref, 1)[0];
    }

    @Override
    public int getInputRegisterCount() {
        return TABLE_SIZE;
    }

    /**
     * For a read (function code 3) the registers' values; for a write (16, 6) registers that stage
     * what j2mod sets, the last one of the range ending the write.
     */
    @Override
    public synchronized Register[] getRegisterRange(int offset, int n) {
        int[] values = registers(RegisterMap.Table.HOLDING, offset, n);
        Register[] out = new Register[n];
        for (int k = 0; k < n; k++) {
            out[k] = new Staged(offset + k, values[k], k == n - 1);
        }
        return out;
    }

    @Override
    public Register getRegister(int ref) {
        return getRegisterRange(ref, 1)[0];
    }

    @Override
    public int getRegisterCount() {
        return TABLE_SIZE;
    }

    /** A holding register as j2mod sees it during one request. */
    private final class Staged extends SimpleRegister {
        private final int address;
        private final boolean last;

        Staged(int address, int value, boolean last) {
            super(value);
            this.address = address;
            this.last = last;
        }

        @Override
        public void setValue(int v) {
            super.setValue(v);
            synchronized (ModbusEmulator.this) {
                requireOpen();
                stage(address, v);
                if (last) {
                    commit();
                }
            }
        }

        @Override
        public void setValue(short s) {
            setValue(s & 0xFFFF);
        }

        @Override
        public void setValue(byte[] bytes) {
            setValue(((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF));
        }
    }

    @Override
    public DigitalOut[] getDigitalOutRange(int offset, int n) {
        throw new IllegalAddressException("no coils");
    }

    @Override
    public DigitalOut getDigitalOut(int ref) {
        throw new IllegalAddressException("no coils");
    }

    @Override
    public int getDigitalOutCount() {
        return 0;
    }

    @Override
    public DigitalIn[] getDigitalInRange(int offset, int n) {
        throw new IllegalAddressException("no discrete inputs");
    }

    @Override
    public DigitalIn getDigitalIn(int ref) {
        throw new IllegalAddressException("no discrete inputs");
    }

    @Override
    public int getDigitalInCount() {
        return 0;
    }

    @Override
    public File getFile(int ref) {
        throw new IllegalAddressException("no files");
    }

    @Override
    public File getFileByNumber(int ref) {
        throw new IllegalAddressException("no files");
    }

    @Override
    public int getFileCount() {
        return 0;
    }

    @Override
    public FIFO getFIFO(int ref) {
        throw new IllegalAddressException("no FIFOs");
    }

    @Override
    public FIFO getFIFOByAddress(int ref) {
        throw new IllegalAddressException("no FIFOs");
    }

    @Override
    public int getFIFOCount() {
        return 0;
    }
}
