package org.cycler.cli;

import org.cycler.core.BadInputException;
import org.cycler.core.run.SimulationSpec;
import org.cycler.hal.sim.Chemistry;

import picocli.CommandLine.Option;

/**
 * How a simulated lot is made, shared by {@code cycler run --sim} and {@code cycler emulate} so
 * that the same options make the same cells on both.
 */
final class LotOptions {

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the simulated lot (default: ${DEFAULT-VALUE}).")
    long seed = SimulationSpec.DEFAULT_SEED;

    @Option(names = "--defects", paramLabel = "SHARE",
            description = "Share of simulated cells made with a defect, 0..1 (default: ${DEFAULT-VALUE}).")
    double defectShare = SimulationSpec.DEFAULT_DEFECT_SHARE;

    @Option(names = "--chemistry", paramLabel = "NMC|LFP",
            description = "Simulated chemistry when the recipe's cell.chemistry does not say.")
    Chemistry chemistry;

    /** Refuses a defect share outside 0..1. */
    void check() throws BadInputException {
        if (!(defectShare >= 0 && defectShare <= 1)) {
            throw new BadInputException("--defects: " + defectShare + " (expected a share between 0 and 1)");
        }
    }
}
