package org.cycler.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.cycler.core.BadInputException;
import org.cycler.emulator.PtyBridge;
import org.cycler.emulator.modbus.ModbusEmulator;
import org.cycler.emulator.modbus.ModbusServer;
import org.cycler.hal.transport.DeviceFileException;
import org.cycler.hal.sim.SimulatedCycler;

/**
 * {@code cycler emulate --protocol modbus}: the simulated cells as a Modbus cabinet laid out by a
 * register map, Modbus TCP on {@code --tcp PORT} and Modbus RTU on {@code --pty}, until stopped.
 */
final class ModbusEmulation {

    private ModbusEmulation() {
    }

    /** Serves until the process is stopped; returns the exit code. */
    static int serve(PrintWriter out, SimulatedCycler sim, Path profile, Integer tcpPort, boolean pty,
                     List<Integer> faultyChannels, String cells) throws BadInputException, InterruptedException {
        ModbusEmulator emulator;
        try {
            emulator = ModbusEmulator.of(sim, profile);
        } catch (DeviceFileException e) {
            throw new BadInputException("--profile " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--profile: " + e.getMessage(), e);
        }
        for (int ch : faultyChannels) {
            emulator.injectHardwareFault(ch, true);
        }
        ModbusServer tcp = null;
        ModbusServer rtu = null;
        PtyBridge bridge = null;
        try {
            if (tcpPort != null) {
                tcp = ModbusServer.start(emulator, tcpPort, false);
            }
            if (pty) {
                rtu = ModbusServer.start(emulator, 0, true);
                bridge = PtyBridge.start(rtu.port());
            }
        } catch (IOException e) {
            close(bridge, rtu, tcp);
            throw new BadInputException((pty && tcp != null || tcpPort == null ? "--pty: " : "--tcp: ") + e.getMessage(), e);
        }
        String name = profile == null ? ModbusEmulator.DEFAULT_PROFILE : profile.toString();
        out.printf(Locale.ROOT, "emulating a Modbus cabinet (%s, register map %s): %s%n", emulator.describe(), name, cells);
        String query = "?profile=" + (profile == null ? "protocols/" + ModbusEmulator.DEFAULT_PROFILE : profile.toString());
        if (tcp != null) {
            out.printf(Locale.ROOT, "tcp: modbus:tcp:127.0.0.1:%d%s%n", tcp.port(), query);
        }
        if (bridge != null) {
            out.printf("pty: modbus:rtu:%s%s%n", bridge.path(), query);
        }
        out.println("serving until stopped (Ctrl-C)");
        out.flush();
        ModbusServer tcpServer = tcp;
        ModbusServer rtuServer = rtu;
        PtyBridge terminal = bridge;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close(terminal, rtuServer, tcpServer);
            emulator.close();
        }, "emulator-shutdown"));
        (tcp != null ? tcp : rtu).awaitClosed();
        return 0;
    }

    private static void close(PtyBridge bridge, ModbusServer rtu, ModbusServer tcp) {
        if (bridge != null) {
            bridge.close();
        }
        if (rtu != null) {
            rtu.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }
}
