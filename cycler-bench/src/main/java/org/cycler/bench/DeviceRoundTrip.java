package org.cycler.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.cycler.emulator.macnet.MacNetEmulator;
import org.cycler.emulator.macnet.MacNetServer;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Cycler;
import org.cycler.hal.Measurements;
import org.cycler.hal.Ticker;
import org.cycler.emulator.PtyBridge;
import org.cycler.hal.macnet.MacNetCycler;
import org.cycler.hal.scpi.ScpiCycler;
import org.cycler.emulator.scpi.ScpiEmulator;
import org.cycler.emulator.scpi.ScpiServer;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.transport.DeviceAddress;

/**
 * Device round trip per control tick (DESIGN sections 8 and 10): the SCPI driver against the
 * emulator in this process, over TCP or over a pseudo-terminal (socat) and jSerialComm, or the
 * MacNet driver against the MacNet emulator over TCP, on the wall clock. Two figures per tick:
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

    /** How the driver reaches the emulator. */
    public enum Link {
        TCP, PTY
    }

    /** What the driver and the emulator speak. */
    public enum Protocol {
        SCPI, MACNET
    }

    /** A driver connected to its emulator, and what to release after. */
    private interface Rig extends AutoCloseable {
        Cycler driver();

        long failedAttempts();

        @Override
        void close();
    }

    /**
     * @param read           the query round trip of every tick
     * @param fullTick       a new setpoint on every channel, then the query round trip
     * @param failedAttempts driver retries during the measurement; 0 on a healthy link
     */
    public record Result(int channels, String transport, int ticks, double periodMs, Latency read, Latency fullTick,
                         long failedAttempts) {
    }

    /**
     * Measures {@code ticks} ticks (after {@link #WARMUP_TICKS} uncounted ones) every {@code period}.
     *
     * @throws IOException when the emulator, socat or the connection cannot be set up
     */
    public static Result measure(int channels, Link link, int ticks, Duration period) throws IOException {
        return measure(channels, Protocol.SCPI, link, ticks, period);
    }

    /**
     * Measures {@code ticks} ticks of {@code protocol} (after the warm-up) every {@code period};
     * MacNet runs over TCP only.
     *
     * @throws IOException when the emulator, socat or the connection cannot be set up
     */
    public static Result measure(int channels, Protocol protocol, Link link, int ticks, Duration period)
            throws IOException {
        if (channels < 1 || ticks < 1) {
            throw new IllegalArgumentException("channels and ticks must be positive: " + channels + ", " + ticks);
        }
        if (protocol == Protocol.MACNET && link != Link.TCP) {
            throw new IllegalArgumentException("MacNet runs over TCP only");
        }
        SimulatedCycler sim = new SimulatedCycler(Ticker.system(),
                CellLot.generate(Chemistry.NMC, 5.0, channels, 1, 0), 25.0, "bench");
        int warmup = protocol == Protocol.MACNET ? MACNET_WARMUP_TICKS : WARMUP_TICKS;
        try (Rig rig = protocol == Protocol.MACNET ? macnet(sim) : scpi(sim, link)) {
            Cycler driver = rig.driver();
            Histogram read = new Histogram(HIGHEST_NANOS, 3);
            Histogram full = new Histogram(HIGHEST_NANOS, 3);
            Measurements m = new Measurements(channels);
            List<List<ChannelCommand>> setpoints = List.of(setpoints(channels, 1), setpoints(channels, -1));
            long periodNanos = period.toNanos();
            long next = System.nanoTime();
            for (int k = -warmup; k < 2 * ticks; k++) {
                next += periodNanos;
                if (protocol == Protocol.MACNET && System.nanoTime() - next > periodNanos) {
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
            String transport = protocol == Protocol.MACNET ? "macnet/tcp" : link.name().toLowerCase(Locale.ROOT);
            return new Result(channels, transport, ticks, period.toNanos() / 1e6, Latency.ofNanos(read),
                    Latency.ofNanos(full), rig.failedAttempts());
        }
    }

    private static Rig scpi(SimulatedCycler sim, Link link) throws IOException {
        ScpiEmulator emulator = new ScpiEmulator(sim);
        ScpiServer server = null;
        PtyBridge pty = null;
        try {
            server = ScpiServer.start(emulator, 0);
            pty = link == Link.PTY ? PtyBridge.start(server.port()) : null;
            DeviceAddress address = link == Link.TCP
                    ? new DeviceAddress.Tcp("127.0.0.1", server.port(), Duration.ofSeconds(2))
                    : new DeviceAddress.Serial(pty.path(), DeviceAddress.DEFAULT_BAUD, Duration.ofSeconds(2));
            ScpiCycler driver = ScpiCycler.connect(address);
            ScpiServer s = server;
            PtyBridge p = pty;
            return new Rig() {
                @Override
                public Cycler driver() {
                    return driver;
                }

                @Override
                public long failedAttempts() {
                    return driver.failedAttempts();
                }

                @Override
                public void close() {
                    driver.close();
                    if (p != null) {
                        p.close();
                    }
                    s.close();
                    emulator.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            if (pty != null) {
                pty.close();
            }
            if (server != null) {
                server.close();
            }
            emulator.close();
            throw e;
        }
    }

    private static Rig macnet(SimulatedCycler sim) throws IOException {
        MacNetEmulator emulator = new MacNetEmulator(sim, Ticker.system());
        MacNetServer server = null;
        try {
            server = MacNetServer.start(emulator, 0);
            MacNetCycler driver = MacNetCycler.connect(new DeviceAddress.MacNet("127.0.0.1", server.port(),
                    Duration.ofSeconds(2)));
            MacNetServer s = server;
            return new Rig() {
                @Override
                public Cycler driver() {
                    return driver;
                }

                @Override
                public long failedAttempts() {
                    return driver.failedAttempts();
                }

                @Override
                public void close() {
                    driver.close();
                    s.close();
                    emulator.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            emulator.close();
            throw e;
        }
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
