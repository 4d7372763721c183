package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cycler.core.device.Devices;
import org.cycler.hal.serial.SerialPorts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler devices}: the devices the devices file names and whether each can be reached, and the serial ports present. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the devices named in the devices file (for 'cycler run --device NAME'), whether each "
                + "can be reached (a connection to every port it uses, within 1 s; nothing is sent to it, so a device "
                + "in use is not disturbed), and the serial ports this machine has (for --device serial:PATH)."})
final class DevicesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--devices", paramLabel = "FILE",
            description = "Devices file (default: ./" + Devices.DEFAULT_FILE + ").")
    Path devicesFile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path file = devicesFile != null ? devicesFile : Path.of(Devices.DEFAULT_FILE);
        if (devicesFile == null && !Files.exists(file)) {
            out.printf("configured devices: none (no %s here; see docs/scpi.md)%n", Devices.DEFAULT_FILE);
        } else {
            List<Devices.Device> devices = Devices.read(file);
            out.printf("configured devices (%s): %s%n", file, devices.isEmpty() ? "none" : "");
            int width = devices.stream().mapToInt(d -> d.name().length()).max().orElse(4);
            int addressWidth = devices.stream().mapToInt(d -> d.address().length()).max().orElse(7);
            List<Future<Optional<String>>> checks = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Devices.Device device : devices) {
                    checks.add(pool.submit(() -> Devices.unreachable(device)));
                }
                for (int k = 0; k < devices.size(); k++) {
                    Devices.Device device = devices.get(k);
                    Optional<String> problem = checks.get(k).get();
                    out.printf(Locale.ROOT, "  %-" + width + "s  %-" + addressWidth + "s  %-11s  %s%n", device.name(),
                            device.address(), problem.isEmpty() ? "reachable" : "unreachable", device.description());
                    problem.ifPresent(why -> out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", "",
                            TerminalText.escape(why)));
                }
            }
        }
        List<SerialPorts.Port> ports = SerialPorts.list();
        out.printf("serial ports: %s%n", ports.isEmpty() ? "none found" : "");
        for (SerialPorts.Port port : ports) {
            out.printf("  serial:%s  %s%n", port.path(), port.description());
        }
        out.flush();
        return 0;
    }
}
