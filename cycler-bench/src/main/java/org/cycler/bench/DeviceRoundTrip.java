package org.cycler.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.cycler.emulator.macnet.MacNetEmulator;
import org.cycler.emulator.macnet.MacNetServer;
import org.cycler.emulator.modbus.ModbusEmulator;
import org.cycler.emulator.modbus.ModbusServer;
import org.cycler.emulator.smu.SmuRack;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Cycler;
import org.cycler.hal.Measurements;
import org.cycler.hal.RealTimePriority;
import org.cycler.hal.Ticker;
import org.cycler.emulator.PtyBridge;
import org.cycler.hal.macnet.MacNetCycler;
import org.cycler.hal.modbus.ModbusCycler;
import org.cycler.hal.scpi.ScpiCycler;
import org.cycler.emulator.scpi.ScpiEmulator;
import org.cycler.emulator.scpi.ScpiServer;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.smu.SmuCycler;
import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.TcpTransport;
import org.cycler.hal.transport.Transport;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Device round trip per control tick (DESIGN sections 8 and 10): a driver against its emulator in
 * this process, on the wall clock: the SCPI driver over TCP or over a pseudo-terminal (socat) and
 * jSerialComm, the SMU rack driver over one TCP socket per instrument, the MacNet driver over TCP,
 * or the Modbus driver by the shipped register map over TCP or RTU on a pseudo-terminal. Two
 * figures per tick:
 * <ul>
 *   <li><b>read</b>: {@code MEAS:ALL?;STAT:QUES:COND?;STAT:OPER:EVEN?;*ESR?} for every channel, one write
 *       and one reply line, what every tick costs;</li>
 *   <li><b>full tick</b>: every channel gets a different new setpoint, and the read, the worst
 *       case a tick can be: on SCPI and the SMU rack one long write (the setpoints ahead of the
 *       queries) and its reply, on Modbus and MacNet the setpoint requests and then the read's.</li>
 * </ul>
 * Ticks are paced at a fixed period, as the scheduler paces them, so wake-up latency is counted
 * as it would be in a run. Beside them, the machine's hiccup floor over the same ticks
 * ({@link HiccupMeter}): a tick's round trip waits on several wake-ups (the emulator's thread,
 * socat and the kernel's terminal worker on a pseudo-terminal, the driver's), so a machine whose
 * idle thread wakes late makes its tail longer several times over; and the CPU time the hypervisor
 * took from the machine meanwhile ({@link StolenTime}), in which nothing here ran at all. Both
 * sides share the machine's cores, as they would not with real hardware, so the figures are an
 * upper bound on the driver's own cost.
 */
public final class DeviceRoundTrip {

    /** Ticks run first and not counted, so the JIT has compiled the path. */
    public static final int WARMUP_TICKS = 1000;
    private static final long HIGHEST_NANOS = Duration.ofSeconds(10).toNanos();

    private DeviceRoundTrip() {
    }

    /**
     * Warm-up ticks of MacNet, whose ticks are longer: a channel takes one output per
     * {@link MacNetCycler#MIN_COMMAND_INTERVAL}, so its full ticks must be that far apart. For the
     * same reason a MacNet tick that starts more than a period late does not catch up: the ticks
     * it missed are skipped, so that full ticks stay two periods apart and every one of them sends
     * every channel's setpoint.
     */
    public static final int MACNET_WARMUP_TICKS = 200;
    /** MacNet's minimum time between outputs to one channel, which full ticks must keep. */
    public static final Duration MACNET_OUTPUT_INTERVAL = MacNetCycler.MIN_COMMAND_INTERVAL;

    /** Which driver and emulator. */
    public enum Protocol {
        SCPI, SMU, MACNET,
        /**
         * Modbus by the shipped register map: TCP, or RTU on the pseudo-terminal; one request per
         * block of channels to read, one write per run of changed channels.
         */
        MODBUS
    }

    /** How the driver reaches the emulator. */
    public enum Link {
        TCP, PTY
    }

    /**
     * @param read           the query round trip of every tick
     * @param fullTick       a new setpoint on every channel, then the query round trip
     * @param hiccupFloor    the machine's own floor over the counted ticks: how late an idle thread
     *                       in this process, at normal priority, woke at the same period
     * @param countedS       wall seconds the counted ticks took
     * @param stolenCpuS     CPU seconds the hypervisor took from this machine meanwhile ({@link StolenTime}), null
     *                       where not known
     * @param failedAttempts driver retries during the measurement; 0 on a healthy link
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(String protocol, int channels, String transport, int ticks, double periodMs, Latency read, Latency fullTick,
                         Latency hiccupFloor, double countedS, Double stolenCpuS, long failedAttempts, String priority) {
    }

    /**
     * Measures {@code ticks} ticks (after {@link #WARMUP_TICKS} uncounted ones) every {@code period}.
     *
     * @throws IOException when the emulator, socat or the connection cannot be set up
     */
    public static Result measure(Protocol protocol, int channels, Link link, int ticks, Duration period)
            throws IOException {
        return measure(protocol, channels, link, ticks, period, false);
    }

    /**
     * As {@link #measure(Protocol, int, Link, int, Duration)}; with {@code realTime} the ticks run
     * on a thread at {@link RealTimePriority real-time priority}, as the station's device loops and
     * real-time runs tick, and the SCPI emulator (for SCPI and the SMU rack) answers at the same
     * priority, as a device's own processor does. socat, the pseudo-terminal's relay, stays an
     * ordinary process.
     */
    public static Result measure(Protocol protocol, int channels, Link link, int ticks, Duration period,
                                 boolean realTime) throws IOException {
        if (channels < 1 || ticks < 1) {
            throw new IllegalArgumentException("channels and ticks must be positive: " + channels + ", " + ticks);
        }
        SimulatedCycler sim = new SimulatedCycler(Ticker.system(),
                CellLot.generate(Chemistry.NMC, 5.0, channels, 1, 0), 25.0, "bench");
        if (protocol == Protocol.SMU) {
            return measureSmu(sim, link, ticks, period, realTime);
        }
        if (protocol == Protocol.MACNET) {
            return measureMacNet(sim, link, ticks, period, realTime);
        }
        if (protocol == Protocol.MODBUS) {
            try (ModbusEmulator emulator = new ModbusEmulator(sim, ModbusEmulator.defaultMap());
                 ModbusServer server = ModbusServer.start(emulator, 0, link == Link.PTY);
                 PtyBridge pty = link == Link.PTY ? PtyBridge.start(server.port()) : null) {
                DeviceAddress address = link == Link.TCP
                        ? new DeviceAddress.Tcp("127.0.0.1", server.port(), Duration.ofSeconds(2))
                        : new DeviceAddress.Serial(pty.path(), DeviceAddress.DEFAULT_BAUD, Duration.ofSeconds(2));
                ModbusCycler driver = ModbusCycler.connect(emulator.map(), address);
                try {
                    return ticks(driver, "modbus", link, ticks, period, WARMUP_TICKS, driver::failedAttempts, realTime);
                } finally {
                    driver.close();
                }
            }
        }
        ScpiEmulator emulator = new ScpiEmulator(sim);
        try (ScpiServer server = realTime ? ScpiServer.start(emulator, 0).atRealTimePriority() : ScpiServer.start(emulator, 0);
             PtyBridge pty = link == Link.PTY ? PtyBridge.start(server.port()) : null) {
            DeviceAddress address = link == Link.TCP
                    ? new DeviceAddress.Tcp("127.0.0.1", server.port(), Duration.ofSeconds(2))
                    : new DeviceAddress.Serial(pty.path(), DeviceAddress.DEFAULT_BAUD, Duration.ofSeconds(2));
            ScpiCycler driver = ScpiCycler.connect(address);
            try {
                return ticks(driver, "scpi", link, ticks, period, WARMUP_TICKS, driver::failedAttempts, realTime);
            } finally {
                driver.close();
            }
        } finally {
            emulator.close();
        }
    }

    /** The SMU rack: one emulated instrument per channel, each on its own TCP socket. */
    private static Result measureSmu(SimulatedCycler sim, Link link, int ticks, Duration period, boolean realTime)
            throws IOException {
        if (link != Link.TCP) {
            throw new IllegalArgumentException("the SMU rack is measured over TCP (a pseudo-terminal per instrument "
                    + "would be one socat per channel)");
        }
        SmuRack rack = new SmuRack(sim);
        List<ScpiServer> servers = rack.serve(0);
        if (realTime) {
            servers.forEach(ScpiServer::atRealTimePriority);
        }
        try {
            List<Transport.Opener> openers = new ArrayList<>();
            for (ScpiServer server : servers) {
                DeviceAddress.Tcp address = new DeviceAddress.Tcp("127.0.0.1", server.port(), Duration.ofSeconds(2));
                openers.add(() -> TcpTransport.connect(address));
            }
            SmuCycler driver = SmuCycler.connect(openers, Duration.ofSeconds(2));
            try {
                return ticks(driver, "smu", link, ticks, period, WARMUP_TICKS, driver::failedAttempts, realTime);
            } finally {
                driver.close();
            }
        } finally {
            servers.forEach(ScpiServer::close);
            rack.close();
        }
    }

    /** MacNet over TCP: the JSON port and the binary one 10 below it, on one emulator. */
    private static Result measureMacNet(SimulatedCycler sim, Link link, int ticks, Duration period, boolean realTime)
            throws IOException {
        if (link != Link.TCP) {
            throw new IllegalArgumentException("MacNet runs over TCP only");
        }
        MacNetEmulator emulator = new MacNetEmulator(sim, Ticker.system());
        try (MacNetServer server = MacNetServer.start(emulator, 0)) {
            MacNetCycler driver = MacNetCycler.connect(new DeviceAddress.MacNet("127.0.0.1", server.port(),
                    Duration.ofSeconds(2)));
            try {
                return ticks(driver, "macnet", link, ticks, period, MACNET_WARMUP_TICKS, driver::failedAttempts,
                        realTime);
            } finally {
                driver.close();
            }
        } finally {
            emulator.close();
        }
    }

    /**
     * Paces {@code warmup} uncounted ticks and then {@code ticks} of each kind. A MacNet tick that
     * starts more than a period late skips the ticks it missed (see {@link #MACNET_WARMUP_TICKS}).
     */
    private static Result ticks(Cycler driver, String protocol, Link link, int ticks, Duration period, int warmup,
                                java.util.function.LongSupplier failedAttempts, boolean realTime) {
        if (!realTime) {
            return ticks(driver, protocol, link, ticks, period, warmup, failedAttempts, "at normal priority");
        }
        java.util.concurrent.atomic.AtomicReference<Result> result = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread loop = Thread.ofPlatform().name("bench-device-ticks").start(() -> {
            try {
                result.set(ticks(driver, protocol, link, ticks, period, warmup, failedAttempts,
                        RealTimePriority.raiseLoopThread()));
            } catch (RuntimeException e) {
                failed.set(e);
            }
        });
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the ticks ran", e);
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return result.get();
    }

    private static Result ticks(Cycler driver, String protocol, Link link, int ticks, Duration period, int warmup,
                                java.util.function.LongSupplier failedAttempts, String priority) {
        int channels = driver.channelCount();
        boolean skipMissed = protocol.equals("macnet");
        Histogram read = new Histogram(HIGHEST_NANOS, 3);
        Histogram full = new Histogram(HIGHEST_NANOS, 3);
        Measurements m = new Measurements(channels);
        List<List<ChannelCommand>> setpoints = List.of(setpoints(channels, 1), setpoints(channels, -1));
        long periodNanos = period.toNanos();
        long next = System.nanoTime();
        HiccupMeter hiccups = null;
        OptionalDouble stolenBefore = OptionalDouble.empty();
        long countedFrom = 0;
        for (int k = -warmup; k < 2 * ticks; k++) {
            if (k == 0) {
                hiccups = new HiccupMeter(periodNanos);
                stolenBefore = StolenTime.sinceBoot();
                countedFrom = System.nanoTime();
            }
            next += periodNanos;
            if (skipMissed && System.nanoTime() - next > periodNanos) {
                next = System.nanoTime();
            }
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
        double countedS = (System.nanoTime() - countedFrom) / 1e9;
        Double stolen = StolenTime.between(stolenBefore, StolenTime.sinceBoot());
        Latency floor = Latency.ofNanos(hiccups.lateness());
        try {
            hiccups.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(protocol, channels, link.name().toLowerCase(Locale.ROOT), ticks, period.toNanos() / 1e6,
                Latency.ofNanos(read), Latency.ofNanos(full), floor, countedS, stolen, failedAttempts.getAsLong(), priority);
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
