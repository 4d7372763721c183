package org.cycler.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cycler.core.BadInputException;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.run.SimulatedLot;
import org.cycler.core.run.SimulationSpec;
import org.cycler.core.run.Speed;
import org.cycler.hal.Ticker;
import org.cycler.emulator.PtyBridge;
import org.cycler.emulator.macnet.MacNetEmulator;
import org.cycler.emulator.macnet.MacNetServer;
import org.cycler.emulator.scpi.ScpiEmulator;
import org.cycler.emulator.scpi.ScpiServer;
import org.cycler.emulator.smu.SmuRack;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.sim.SimulatedInstrument;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cycler emulate [--protocol scpi|smu|macnet|modbus] --channels N --tcp PORT | --pty}: a device made
 * of simulated cells, served until the process is stopped. It writes no files.
 */
@Command(name = "emulate", mixinStandardHelpOptions = true,
        description = {"Serve a simulated multi-channel cycler that speaks the SCPI dialect (docs/scpi.md) or the "
                + "protocol --protocol names (docs/devices.md) on a TCP port and/or a pseudo-terminal, until stopped (Ctrl-C).",
            "The cells are made exactly as 'cycler run --sim N' makes them for the same seed, chemistry and "
                + "capacity, so a run over the device can be checked against one on the simulator."})
final class EmulateCommand implements Callable<Integer> {

    private static final Pattern CAPACITY = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]*)?)\\s*(Ah|mAh)\\s*",
            Pattern.CASE_INSENSITIVE);

    @Spec
    CommandSpec spec;

    /** The device protocols the emulator speaks. */
    enum Protocol { scpi, smu, macnet, modbus }

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "scpi",
            description = "What to speak: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). scpi: the dialect of "
                    + "docs/scpi.md. smu: one Keithley 2400-style instrument per channel, each on its own port (from "
                    + "--tcp PORT on) or pseudo-terminal. macnet: Maccor MacNet direct mode, JSON on the --tcp port and "
                    + "binary messages on the port 10 below it (docs/devices.md). modbus: the register map of --profile, "
                    + "Modbus TCP on the --tcp port and Modbus RTU on the pseudo-terminal (docs/devices.md).")
    Protocol protocol;

    @Option(names = "--channels", paramLabel = "N", required = true, description = "Channels, one simulated cell each.")
    int channels;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Modbus: the register map to serve (default: the shipped protocols/modbus-cabinet.yaml).")
    Path profile;

    @Option(names = "--tcp", paramLabel = "PORT",
            description = "Serve on this TCP port of 127.0.0.1 (SCPI custom: 5025; 0 picks a free one).")
    Integer tcpPort;

    @Option(names = "--pty", description = "Serve on a new pseudo-terminal (needs socat) and print its path.")
    boolean pty;

    @Mixin
    LotOptions lot;


    @Option(names = "--recipe", paramLabel = "FILE",
            description = "Take chemistry and nominal capacity from this recipe, as 'cycler run --sim' does.")
    Path recipeFile;


    @Option(names = "--capacity", paramLabel = "AH",
            description = "Nominal capacity, e.g. 5Ah or 3200mAh (default: the recipe's, else the chemistry's reference cell).")
    String capacity;

    @Option(names = "--speed", paramLabel = "realtime|FACTOR", defaultValue = "realtime",
            description = "How fast the cells live: realtime, or a factor for tests and demos; give 'cycler run' "
                    + "the same factor (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--hardware-fault", paramLabel = "CH", split = ",",
            description = "Channels that report a hardware fault (status bit 3) with their output off, from the start.")
    List<Integer> faultyChannels = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (channels < 1) {
            throw new BadInputException("--channels: " + channels + " (expected at least 1)");
        }
        if (tcpPort == null && !pty) {
            throw new BadInputException("cycler emulate: give --tcp PORT, --pty, or both");
        }
        if (tcpPort != null && (tcpPort < 0 || tcpPort > 65_535)) {
            throw new BadInputException("--tcp: " + tcpPort + " (expected a port within 0..65535)");
        }
        lot.check();
        if (profile != null && protocol != Protocol.modbus) {
            throw new BadInputException("--profile: a register map is for --protocol modbus");
        }
        for (int ch : faultyChannels) {
            if (ch < 1 || ch > channels) {
                throw new BadInputException("--hardware-fault: channel " + ch + " (expected 1.." + channels + ")");
            }
        }
        Speed pace = Speed.parse(speed);
        if (!(pace instanceof Speed.Factor factor)) {
            throw new BadInputException("--speed max: an emulated device runs on the wall clock (use realtime or a factor)");
        }
        Chemistry chem;
        double nominalAh;
        if (recipeFile != null) {
            Recipe recipe = RecipeParser.parse(recipeFile);
            chem = SimulatedLot.chemistry(recipe, lot.spec(channels, List.of()));
            nominalAh = capacity != null ? capacityAh(capacity) : SimulatedLot.nominalCapacityAh(recipe, chem);
        } else {
            chem = lot.chemistry != null ? lot.chemistry : Chemistry.NMC;
            nominalAh = capacity != null ? capacityAh(capacity) : chem.referenceCapacityAh();
        }
        List<CellParameters> cells = CellLot.generate(chem, nominalAh, channels, lot.seed, lot.defectShare);
        Ticker clock = Ticker.scaled(Ticker.system(), factor.factor());
        AccuracyClass accuracy;
        try {
            accuracy = lot.accuracyClass();
        } catch (RecipeException e) {
            throw new BadInputException("--accuracy: " + e.getMessage(), e);
        }
        SimulatedCycler sim = new SimulatedCycler(clock, cells, SimulationSpec.DEFAULT_AMBIENT_C, "seed-" + lot.seed,
                new SimulatedInstrument(accuracy, channels, lot.seed, lot.noiseSeed()));
        String lotLine = String.format(Locale.ROOT, "%d %s cells of %.2f Ah (seed %d, %.0f%% defective, accuracy %s), "
                + "speed %s", channels, chem.name(), nominalAh, lot.seed, lot.defectShare * 100, accuracy.name(),
                pace.label());
        if (protocol == Protocol.modbus) {
            return ModbusEmulation.serve(out, sim, profile, tcpPort, pty, faultyChannels, lotLine);
        }
        if (protocol == Protocol.smu) {
            return serveSmu(new SmuRack(sim), lotLine, out);
        }
        if (protocol == Protocol.macnet) {
            return serveMacNet(new MacNetEmulator(sim, clock), lotLine, out);
        }
        ScpiEmulator emulator = new ScpiEmulator(sim);
        for (int ch : faultyChannels) {
            emulator.injectHardwareFault(ch, true);
        }
        ScpiServer server;
        try {
            server = ScpiServer.start(emulator, tcpPort == null ? 0 : tcpPort);
        } catch (IOException e) {
            throw new BadInputException("--tcp: " + e.getMessage(), e);
        }
        PtyBridge bridge = null;
        if (pty) {
            try {
                bridge = PtyBridge.start(server.port());
            } catch (IOException e) {
                server.close();
                throw new BadInputException("--pty: " + e.getMessage(), e);
            }
        }
        out.printf(Locale.ROOT, "emulating %s: %s%n", emulator.identity(), lotLine);
        if (tcpPort != null) {
            out.printf(Locale.ROOT, "tcp: tcp:127.0.0.1:%d%n", server.port());
        }
        if (bridge != null) {
            out.printf("pty: serial:%s%n", bridge.path());
        }
        out.println("serving until stopped (Ctrl-C)");
        out.flush();
        PtyBridge terminal = bridge;
        Thread shutdown = new Thread(() -> {
            if (terminal != null) {
                terminal.close();
            }
            server.close();
            emulator.close();
        }, "emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        server.awaitClosed();
        return 0;
    }

    /** A rack of source-measure units: one server (and pseudo-terminal) per instrument. */
    private int serveSmu(SmuRack rack, String lotLine, PrintWriter out) throws Exception {
        for (int ch : faultyChannels) {
            rack.injectHardwareFault(ch, true);
        }
        if (tcpPort != null && tcpPort > 0 && tcpPort + channels - 1 > 65_535) {
            throw new BadInputException("--tcp: " + tcpPort + " (the rack needs ports " + tcpPort + ".."
                    + (tcpPort + channels - 1) + ", all within 65535)");
        }
        List<ScpiServer> servers;
        try {
            servers = rack.serve(tcpPort == null ? 0 : tcpPort);
        } catch (IOException e) {
            throw new BadInputException("--tcp: " + e.getMessage(), e);
        }
        List<PtyBridge> bridges = new ArrayList<>();
        Runnable stop = () -> {
            bridges.forEach(PtyBridge::close);
            servers.forEach(ScpiServer::close);
            rack.close();
        };
        if (pty) {
            try {
                for (ScpiServer server : servers) {
                    bridges.add(PtyBridge.start(server.port()));
                }
            } catch (IOException e) {
                stop.run();
                throw new BadInputException("--pty: " + e.getMessage(), e);
            }
        }
        out.printf(Locale.ROOT, "emulating a rack of %d %s instruments: %s%n", channels,
                rack.instrument(1).identity().model(), lotLine);
        if (tcpPort != null) {
            StringBuilder address = new StringBuilder("smu:");
            for (ScpiServer server : servers) {
                address.append(address.length() > 4 ? "," : "").append("tcp:127.0.0.1:").append(server.port());
            }
            out.println("tcp: " + address);
        }
        if (pty) {
            StringBuilder address = new StringBuilder("smu:");
            for (PtyBridge bridge : bridges) {
                address.append(address.length() > 4 ? "," : "").append("serial:").append(bridge.path());
            }
            out.println("pty: " + address);
        }
        out.println("serving until stopped (Ctrl-C)");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "emulator-shutdown"));
        servers.get(0).awaitClosed();
        return 0;
    }

    /** MacNet over TCP: JSON on the --tcp port, binary 10 below it; there is no serial MacNet. */
    private Integer serveMacNet(MacNetEmulator emulator, String cells, PrintWriter out)
            throws BadInputException, InterruptedException {
        if (pty || tcpPort == null) {
            emulator.close();
            throw new BadInputException("--protocol macnet: MacNet is served over TCP only (give --tcp PORT, no --pty)");
        }
        for (int ch : faultyChannels) {
            emulator.injectHardwareFault(ch, true);
        }
        MacNetServer server;
        try {
            server = MacNetServer.start(emulator, tcpPort);
        } catch (IOException e) {
            emulator.close();
            throw new BadInputException("--tcp: " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "emulating %s over MacNet: %s%n", emulator.identity(), cells);
        out.printf(Locale.ROOT, "macnet: macnet:127.0.0.1:%d (binary messages on port %d)%n", server.port(),
                server.binaryPort());
        out.println("serving until stopped (Ctrl-C)");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            emulator.close();
        }, "emulator-shutdown"));
        server.awaitClosed();
        return 0;
    }

    private static double capacityAh(String text) throws BadInputException {
        Matcher m = CAPACITY.matcher(text);
        if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
            throw new BadInputException("--capacity: '" + text + "' (expected a capacity such as 5Ah or 3200mAh)");
        }
        double value = Double.parseDouble(m.group(1));
        return m.group(2).equalsIgnoreCase("mAh") ? value / 1000 : value;
    }
}
