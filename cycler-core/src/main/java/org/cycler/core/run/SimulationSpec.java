package org.cycler.core.run;

import java.util.List;
import java.util.Optional;

import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.InjectedFault;

/**
 * How to make a simulated lot: cycler channels, seed, share of defective cells, ambient
 * temperature, the chemistry when the recipe does not name it, and how the channels measure.
 *
 * @param channels     channel count of the simulated cycler
 * @param defectShare  fraction of cells (0..1) made with a defect
 * @param ambientC     degrees Celsius
 * @param faults       faults to inject into the readings, on a schedule
 * @param accuracy     how the channels measure and source; the seed draws each channel's fixed errors
 * @param noiseSeed    seed of the per-reading noise and jitter
 */
public record SimulationSpec(int channels, long seed, double defectShare, double ambientC,
                             Optional<Chemistry> chemistry, List<InjectedFault> faults, AccuracyClass accuracy,
                             long noiseSeed) {

    public static final long DEFAULT_SEED = 1;
    public static final double DEFAULT_DEFECT_SHARE = 0.05;
    public static final double DEFAULT_AMBIENT_C = 25.0;

    public SimulationSpec {
        if (channels < 1) {
            throw new IllegalArgumentException("a simulated cycler has at least one channel: " + channels);
        }
        faults = List.copyOf(faults);
        java.util.Objects.requireNonNull(accuracy, "accuracy");
        if (!(defectShare >= 0 && defectShare <= 1)) {
            throw new IllegalArgumentException("defect share must be within 0..1: " + defectShare);
        }
    }
}
