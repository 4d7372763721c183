package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.core.BadInputException;
import org.cycler.bench.DeviceRoundTrip;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler bench device}: round trip per tick through a driver to its emulator. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = {"Round trip per control tick between a driver and its device emulator (in this process): "
                + "a read of every channel, and a full tick in which every channel also gets a new setpoint. "
                + "scpi and modbus over TCP or a pseudo-terminal; smu (one instrument per channel) and macnet over TCP."})
final class BenchDeviceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--protocol", paramLabel = "scpi|smu|macnet|modbus", defaultValue = "scpi",
            description = "Driver and emulator (default: ${DEFAULT-VALUE}); smu and macnet run over tcp; modbus uses "
                    + "protocols/modbus-cabinet.yaml, and RTU over the pty.")
    String protocol;

    @Option(names = "--channels", paramLabel = "N", defaultValue = "64", description = "Channels (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--transport", paramLabel = "tcp|pty", defaultValue = "tcp",
            description = "tcp, or pty (socat pseudo-terminal and jSerialComm) (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--ticks", paramLabel = "K", defaultValue = "2000",
            description = "Ticks measured of each kind (default: ${DEFAULT-VALUE}).")
    int ticks;

    @Option(names = "--period", paramLabel = "DURATION",
            description = "Tick period (default: 10ms, the scheduler's fastest tick; for macnet " + MACNET_PERIOD
                    + ", so that full ticks, every other one, keep MacNet's 100 ms between outputs to a channel).")
    String period;

    /** Full ticks every 120 ms: over MacNet's 100 ms per channel with room for the pacing's jitter. */
    static final String MACNET_PERIOD = "60ms";

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    Path outFile;

    @Option(names = "--realtime", description = "Tick at real-time priority (SCHED_FIFO 20), as the station's device "
            + "loops and real-time runs do, with the SCPI emulator answering at it too, as a device's own processor "
            + "does; where the priority is refused the bench says why and ticks at normal priority.")
    boolean realTime;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DeviceRoundTrip.Link link = switch (transport.toLowerCase(Locale.ROOT)) {
            case "tcp" -> DeviceRoundTrip.Link.TCP;
            case "pty" -> DeviceRoundTrip.Link.PTY;
            default -> throw new BadInputException("--transport: '" + transport + "' (expected tcp or pty)");
        };
        DeviceRoundTrip.Protocol dialect = switch (protocol.toLowerCase(Locale.ROOT)) {
            case "scpi" -> DeviceRoundTrip.Protocol.SCPI;
            case "smu" -> DeviceRoundTrip.Protocol.SMU;
            case "macnet" -> DeviceRoundTrip.Protocol.MACNET;
            case "modbus" -> DeviceRoundTrip.Protocol.MODBUS;
            default -> throw new BadInputException("--protocol: '" + protocol + "' (expected scpi, smu, macnet or modbus)");
        };
        boolean macnet = dialect == DeviceRoundTrip.Protocol.MACNET;
        if ((dialect == DeviceRoundTrip.Protocol.SMU || macnet) && link != DeviceRoundTrip.Link.TCP) {
            throw new BadInputException("--transport " + transport + ": " + protocol + " is measured over tcp"
                    + (macnet ? "" : " (one socket per instrument)"));
        }
        if (channels < 1 || ticks < 1) {
            throw new BadInputException("--channels and --ticks must be at least 1");
        }
        String every = period != null ? period : macnet ? MACNET_PERIOD : "10ms";
        Duration tick = DurationOption.parse("--period", every);
        if (macnet && tick.multipliedBy(2).compareTo(DeviceRoundTrip.MACNET_OUTPUT_INTERVAL) < 0) {
            throw new BadInputException("--period " + every + ": MacNet takes one output per channel per 100 ms, so "
                    + "full ticks (every other tick) need a period of at least 50ms");
        }
        out.printf(Locale.ROOT, "bench device: %s, %d channels over %s, %d + %d ticks every %s after %d warm-up, on %s%n",
                protocol, channels, transport, ticks, ticks, every,
                macnet ? DeviceRoundTrip.MACNET_WARMUP_TICKS : DeviceRoundTrip.WARMUP_TICKS, BenchOutput.machine());
        if (macnet) {
            out.printf(Locale.ROOT, "  requests: read %d (4,7 and 4,4 per channel), full tick %d (and a 6,8 each)%n",
                    2 * channels, 3 * channels);
        }
        out.flush();
        DeviceRoundTrip.Result r;
        try {
            r = DeviceRoundTrip.measure(dialect, channels, link, ticks, tick, realTime);
        } catch (java.io.IOException e) {
            throw new BadInputException("--transport " + transport + ": " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "  ticks %s%n", r.priority());
        BenchOutput.latencyHeader(out);
        BenchOutput.latency(out, "read", r.read());
        BenchOutput.latency(out, "full tick", r.fullTick());
        BenchOutput.latency(out, "hiccup floor", r.hiccupFloor());
        if (r.stolenCpuS() != null) {
            out.printf(Locale.ROOT, "  CPU stolen by the hypervisor during the counted ticks: %.2f s (%.1f %% of %d cores x %.0f s)%n",
                    r.stolenCpuS(), 100 * r.stolenCpuS() / (Runtime.getRuntime().availableProcessors() * r.countedS()),
                    Runtime.getRuntime().availableProcessors(), r.countedS());
        }
        out.printf(Locale.ROOT, "  failed attempts: %d%n", r.failedAttempts());
        BenchOutput.writeJson(outFile, r);
        out.flush();
        return r.failedAttempts() == 0 ? 0 : CyclerCommand.EXIT_FAILURE;
    }
}
