package org.cycler.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Cycler;
import org.cycler.hal.Measurements;
import org.cycler.hal.Ticker;
import org.cycler.emulator.PtyBridge;
import org.cycler.emulator.modbus.ModbusEmulator;
import org.cycler.emulator.modbus.ModbusServer;
import org.cycler.hal.modbus.ModbusCycler;
import org.cycler.hal.scpi.ScpiCycler;
import org.cycler.emulator.scpi.ScpiEmulator;
import org.cycler.emulator.scpi.ScpiServer;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.transport.DeviceAddress;

/**
 * Device round trip per control tick (DESIGN sections 8 and 10): a driver (SCPI, or Modbus by the
 * shipped register map) against its emulator in this process, over TCP or over a pseudo-terminal (socat) and jSerialComm, on the
 * wall clock. Two figures per tick:
 * <ul>
 *   <li><b>read</b>: {@code MEAS:ALL?;STAT:QUES:COND?} for every channel, one write and one
 *       reply line, what every tick costs;</li>
 *   <li><b>full tick</b>: every channel gets a different new setpoint, then the read, the worst
 *       case a tick can be (one long write, then the round trip).</li>
 * </ul>
 * Ticks are paced at a fixed period, as the scheduler paces them, so wake-up latency is counted
 * as it would be in a run. Both sides share the machine's cores, as they would not with real
 * hardware, so the figures are an upper bound on the driver's own cost.
 */
public final class DeviceRoundTrip {

    /** Ticks run first and not counted, so the JIT has compiled the path. */
    public static final int WARMUP_TICKS = 1000;
    private static final long HIGHEST_NANOS = Duration.ofSeconds(10).toNanos();

    private DeviceRoundTrip() {
    }

    /** How the driver reaches the emulator. */
    public enum Link {
        TCP, PTY
    }

    /**
     * @param read           the query round trip of every tick
     * @param fullTick       a new setpoint on every channel, then the query round trip
     * @param failedAttempts driver retries during the measurement; 0 on a healthy link
     */
    public record Result(int channels, String transport, int ticks, double periodMs, Latency read, Latency fullTick,
                         long failedAttempts) {
    }

    /** What the driver and the emulator speak. */
    public enum Protocol {
        /** The SCPI dialect of DESIGN section 9: one write and one reply line per tick. */
        SCPI,
        /**
         * Modbus by the shipped register map: TCP, or RTU on the pseudo-terminal; one request per
         * block of channels to read, one write per run of changed channels.
         */
        MODBUS
    }

    /** {@link #measure(Protocol, int, Link, int, Duration)} over SCPI. */
    public static Result measure(int channels, Link link, int ticks, Duration period) throws IOException {
        return measure(Protocol.SCPI, channels, link, ticks, period);
    }

    /**
     * Measures {@code ticks} ticks (after {@link #WARMUP_TICKS} uncounted ones) every {@code period}.
     *
     * @throws IOException when the emulator, socat or the connection cannot be set up
     */
    public static Result measure(Protocol protocol, int channels, Link link, int ticks, Duration period) throws IOException {
        if (channels < 1 || ticks < 1) {
            throw new IllegalArgumentException("channels and ticks must be positive: " + channels + ", " + ticks);
        }
        SimulatedCycler sim = new SimulatedCycler(Ticker.system(),
                CellLot.generate(Chemistry.NMC, 5.0, channels, 1, 0), 25.0, "bench");
        String transport = link.name().toLowerCase(Locale.ROOT);
        if (protocol == Protocol.MODBUS) {
            try (ModbusEmulator emulator = new ModbusEmulator(sim, ModbusEmulator.defaultMap());
                 ModbusServer server = ModbusServer.start(emulator, 0, link == Link.PTY);
                 PtyBridge pty = link == Link.PTY ? PtyBridge.start(server.port()) : null) {
                DeviceAddress address = link == Link.TCP
                        ? new DeviceAddress.Tcp("127.0.0.1", server.port(), Duration.ofSeconds(2))
                        : new DeviceAddress.Serial(pty.path(), DeviceAddress.DEFAULT_BAUD, Duration.ofSeconds(2));
                ModbusCycler driver = ModbusCycler.connect(emulator.map(), address);
                try {
                    return time(driver, driver::failedAttempts, "modbus " + transport, channels, ticks, period);
                } finally {
                    driver.close();
                }
            }
        }
        ScpiEmulator emulator = new ScpiEmulator(sim);
        try (ScpiServer server = ScpiServer.start(emulator, 0);
             PtyBridge pty = link == Link.PTY ? PtyBridge.start(server.port()) : null) {
            DeviceAddress address = link == Link.TCP
                    ? new DeviceAddress.Tcp("127.0.0.1", server.port(), Duration.ofSeconds(2))
                    : new DeviceAddress.Serial(pty.path(), DeviceAddress.DEFAULT_BAUD, Duration.ofSeconds(2));
            ScpiCycler driver = ScpiCycler.connect(address);
            try {
                return time(driver, driver::failedAttempts, transport, channels, ticks, period);
            } finally {
                driver.close();
            }
        } finally {
            emulator.close();
        }
    }

    private static Result time(Cycler driver, LongSupplier failedAttempts, String transport, int channels, int ticks,
                               Duration period) {
        Histogram read = new Histogram(HIGHEST_NANOS, 3);
        Histogram full = new Histogram(HIGHEST_NANOS, 3);
        Measurements m = new Measurements(channels);
        List<List<ChannelCommand>> setpoints = List.of(setpoints(channels, 1), setpoints(channels, -1));
        long periodNanos = period.toNanos();
        long next = System.nanoTime();
        for (int k = -WARMUP_TICKS; k < 2 * ticks; k++) {
            next += periodNanos;
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long start = System.nanoTime();
            boolean fullTick = (k & 1) == 0;
            if (fullTick) {
                driver.apply(setpoints.get((k >> 1) & 1));
            }
            driver.read(m);
            long took = System.nanoTime() - start;
            if (k >= 0) {
                (fullTick ? full : read).recordValue(Math.min(took, HIGHEST_NANOS));
            }
        }
        return new Result(channels, transport, ticks, period.toNanos() / 1e6,
                Latency.ofNanos(read), Latency.ofNanos(full), failedAttempts.getAsLong());
    }

    /** A different small current on every channel, so that no two share a channel list. */
    private static List<ChannelCommand> setpoints(int channels, int sign) {
        List<ChannelCommand> commands = new ArrayList<>(channels);
        for (int ch = 1; ch <= channels; ch++) {
            commands.add(new ChannelCommand.ConstantCurrent(ch, sign * (0.1 + ch * 1e-4)));
        }
        return commands;
    }
}
