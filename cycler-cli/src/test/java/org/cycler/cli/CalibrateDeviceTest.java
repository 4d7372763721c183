package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cycler.core.calibration.Calibration;
import org.cycler.core.calibration.CalibrationFile;
import org.cycler.emulator.scpi.ScpiEmulator;
import org.cycler.emulator.scpi.ScpiServer;
import org.cycler.hal.Ticker;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.sim.SimulatedInstrument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cycler calibrate} and a calibrated run on a device, over the SCPI driver to an emulator. */
class CalibrateDeviceTest {

    private static final long SEED = 5;

    @TempDir
    Path dir;

    @Test
    void aDeviceIsCalibratedByItsSerialAndAnotherUnitsFileIsRefused() throws Exception {
        SimulatedCycler sim = new SimulatedCycler(Ticker.system(), CellLot.generate(Chemistry.NMC, 5.0, 2, SEED, 0), 25,
                "unit-42", new SimulatedInstrument(AccuracyClass.CABINET, 2, SEED, SEED));
        try (ScpiServer server = ScpiServer.start(new ScpiEmulator(sim), 0)) {
            String address = "tcp:127.0.0.1:" + server.port();
            Path file = dir.resolve("bench.yaml");
            CommandLineTest.Outcome done = CommandLineTest.execute("calibrate", "--device", address, "--channel", "2",
                    "--calibration", file.toString(), "--reference-i", "0", "--settle", "0s", "--samples", "10",
                    "--by", "QA");
            assertEquals(0, done.exit(), done.err());
            Calibration written = CalibrationFile.read(file);
            assertEquals("unit-42", written.serial());
            assertEquals(address, written.device());
            double offset = SimulatedInstrument.errors(AccuracyClass.CABINET, 2, SEED).get(1).currentOffsetA();
            // ten readings with 0.5 mA of noise each, and the driver's microampere decimals
            assertEquals(offset, written.channel(2).calibration().currentOffsetA(), 0.6e-3);

            Files.writeString(file, Files.readString(file).replace("unit-42", "unit-7"));
            Path recipe = Files.writeString(dir.resolve("r.yaml"), """
                    recipe: r
                    cell: {nominal_capacity: 5 Ah, chemistry: NMC}
                    steps:
                      - Rest for 1 minute
                    """);
            CommandLineTest.Outcome refused = CommandLineTest.execute("run", recipe.toString(), "--device", address,
                    "--calibration", file.toString(), "--run-dir", dir.resolve("run").toString(), "--plain");
            assertEquals(2, refused.exit(), refused.out());
            assertEquals(file + ": calibrates serial 'unit-7', but the device is 'unit-42' (calibrate this unit with "
                    + "'cycler calibrate', or give its own --calibration)", refused.err().strip());
            assertTrue(!Files.exists(dir.resolve("run/run.json")), "no run was started");
        }
    }
}
