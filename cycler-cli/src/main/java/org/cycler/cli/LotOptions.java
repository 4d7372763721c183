package org.cycler.cli;

import java.util.List;
import java.util.Optional;

import org.cycler.core.BadInputException;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.run.AccuracyClasses;
import org.cycler.core.run.SimulationSpec;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.InjectedFault;

import picocli.CommandLine.Option;

/**
 * How a simulated lot is made and how its channels measure, shared by {@code cycler run --sim}
 * and {@code cycler emulate} so that the same options make the same cells on both.
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

    @Option(names = "--accuracy", paramLabel = "ideal|cabinet|smu|FILE.yaml",
            description = "How the simulated channels measure and source: a shipped class or an accuracy file "
                    + "(default: ${DEFAULT-VALUE}).")
    String accuracy = AccuracyClasses.DEFAULT;

    @Option(names = "--noise-seed", paramLabel = "N",
            description = "Seed of the per-reading noise and jitter (default: the --seed).")
    Long noiseSeed;

    /** The accuracy class {@code --accuracy} names. */
    AccuracyClass accuracyClass() throws RecipeException {
        return AccuracyClasses.resolve(accuracy);
    }

    /** The seed of the per-reading noise. */
    long noiseSeed() {
        return noiseSeed == null ? seed : noiseSeed;
    }

    /** The simulation these options describe, on {@code channels} channels. */
    SimulationSpec spec(int channels, List<InjectedFault> faults) throws RecipeException {
        return new SimulationSpec(channels, seed, defectShare, SimulationSpec.DEFAULT_AMBIENT_C,
                Optional.ofNullable(chemistry), faults, accuracyClass(), noiseSeed());
    }

    /** Refuses a defect share outside 0..1. */
    void check() throws BadInputException {
        if (!(defectShare >= 0 && defectShare <= 1)) {
            throw new BadInputException("--defects: " + defectShare + " (expected a share between 0 and 1)");
        }
    }
}
