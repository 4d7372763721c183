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

/** {@code cycler bench device}: round trip per tick through a driver (SCPI or Modbus) to its emulator. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = {"Round trip per control tick between a driver (SCPI, or Modbus with --protocol modbus) and its emulator (in this "
                + "process) over TCP or a pseudo-terminal: a read of every channel, and a full tick in which every "
                + "channel also gets a new setpoint."})
final class BenchDeviceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--channels", paramLabel = "N", defaultValue = "64", description = "Channels (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--transport", paramLabel = "tcp|pty", defaultValue = "tcp",
            description = "tcp, or pty (socat pseudo-terminal and jSerialComm) (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--protocol", paramLabel = "scpi|modbus", defaultValue = "scpi",
            description = "What the driver and the emulator speak; modbus uses protocols/modbus-cabinet.yaml, and RTU "
                    + "over the pty (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--ticks", paramLabel = "K", defaultValue = "2000",
            description = "Ticks measured of each kind (default: ${DEFAULT-VALUE}).")
    int ticks;

    @Option(names = "--period", paramLabel = "DURATION", defaultValue = "10ms",
            description = "Tick period (default: ${DEFAULT-VALUE}, the scheduler's fastest tick).")
    String period;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    Path outFile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DeviceRoundTrip.Link link = switch (transport.toLowerCase(Locale.ROOT)) {
            case "tcp" -> DeviceRoundTrip.Link.TCP;
            case "pty" -> DeviceRoundTrip.Link.PTY;
            default -> throw new BadInputException("--transport: '" + transport + "' (expected tcp or pty)");
        };
        DeviceRoundTrip.Protocol speaks = switch (protocol.toLowerCase(Locale.ROOT)) {
            case "scpi" -> DeviceRoundTrip.Protocol.SCPI;
            case "modbus" -> DeviceRoundTrip.Protocol.MODBUS;
            default -> throw new BadInputException("--protocol: '" + protocol + "' (expected scpi or modbus)");
        };
        if (channels < 1 || ticks < 1) {
            throw new BadInputException("--channels and --ticks must be at least 1");
        }
        Duration tick = DurationOption.parse("--period", period);
        out.printf(Locale.ROOT, "bench device: %d channels, %s over %s, %d + %d ticks every %s after %d warm-up, on %s%n",
                channels, speaks.name().toLowerCase(Locale.ROOT), transport, ticks, ticks, period, DeviceRoundTrip.WARMUP_TICKS, BenchOutput.machine());
        out.flush();
        DeviceRoundTrip.Result r;
        try {
            r = DeviceRoundTrip.measure(speaks, channels, link, ticks, tick);
        } catch (java.io.IOException e) {
            throw new BadInputException("--transport " + transport + ": " + e.getMessage(), e);
        }
        BenchOutput.latencyHeader(out);
        BenchOutput.latency(out, "read", r.read());
        BenchOutput.latency(out, "full tick", r.fullTick());
        out.printf(Locale.ROOT, "  failed attempts: %d%n", r.failedAttempts());
        BenchOutput.writeJson(outFile, r);
        out.flush();
        return r.failedAttempts() == 0 ? 0 : CyclerCommand.EXIT_FAILURE;
    }
}
