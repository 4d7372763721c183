package org.cycler.core.store;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The contents of {@code run.json}: what ran, on what, for which cells, and how it ended.
 * Immutable; {@code with...} methods return updated copies.
 *
 * @param recipeSha256    SHA-256 of the recipe file's bytes, hex
 * @param startUnixTimeS  wall-clock time of test time zero, seconds since the epoch
 * @param device          the address the cycler was reached at ({@code tcp:...}, {@code serial:...});
 *                        null on the simulator
 * @param clock           {@code virtual} or {@code real}
 * @param speed           as given to {@code --speed}: {@code max}, {@code realtime} or a factor such as {@code 60x}
 * @param tickS           control-loop tick, seconds
 * @param simulation      how the simulated cells were made; null on hardware
 * @param state           how the run stands: RUNNING while a controller drives it (or after one died)
 * @param conventions     the definitions behind the data files' columns
 * @param failure         why the run FAILED (a write error, a lost device); null otherwise
 * @param emptyPockets    channels the barcode file marks as empty pockets: no cell, not run;
 *                        null when there are none
 * @param calibration     the channel calibration the readings and setpoints were corrected by;
 *                        null when none was applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunInfo(String runId, String recipeName, String recipeFile, String recipeSha256, String createdAt,
                      double startUnixTimeS, Identity cycler, String device, String clock, String speed, double tickS,
                      Simulation simulation, List<ChannelInfo> channels, State state, String finishedAt,
                      Map<String, String> conventions, String failure, List<Integer> emptyPockets,
                      AppliedCalibration calibration) {

    /** A run without calibration. */
    public RunInfo(String runId, String recipeName, String recipeFile, String recipeSha256, String createdAt,
                   double startUnixTimeS, Identity cycler, String device, String clock, String speed, double tickS,
                   Simulation simulation, List<ChannelInfo> channels, State state, String finishedAt,
                   Map<String, String> conventions, String failure, List<Integer> emptyPockets) {
        this(runId, recipeName, recipeFile, recipeSha256, createdAt, startUnixTimeS, cycler, device, clock, speed,
                tickS, simulation, channels, state, finishedAt, conventions, failure, emptyPockets, null);
    }

    /** The definitions every data file of every run follows (DESIGN section 3). */
    public static final Map<String, String> CONVENTIONS = Map.of(
            "units", "SI: V, A, s, Ah, Wh, W, degC",
            "current_sign", "positive = charge, negative = discharge",
            "step_id", "position of the step in the recipe, 1-based, repeats when a loop repeats",
            "step_count", "steps started on the channel in this run, monotonic",
            "cycle_count", "starts at 0, +1 each time a cycle: block starts an iteration",
            "capacities", "test-level count from run start and never reset; Step ones reset each step; non-negative",
            "coulombic_efficiency", "discharge of the cycle / charge that preceded it (charge-first pairing)",
            "unix_time", "run start + test time (so both advance together, also on a virtual clock)");

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    /** How a run stands, as run.json says it. */
    public enum State {
        /** Driven by a controller, or left so by one that died (then {@code cycler resume} continues it). */
        RUNNING,
        /** Every channel ended on its own. */
        FINISHED,
        /** Stopped by an operator. */
        STOPPED,
        /** The data could not be written or the device was lost; {@code failure} says why when known. */
        FAILED
    }

    public record Identity(String manufacturer, String model, String serial, String firmware) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChannelInfo(int channel, String barcode) {
    }

    /**
     * @param channelCount channels of the simulated cycler (the roster may use fewer)
     * @param faults       faults injected into the readings
     * @param accuracy     how the channels measured; null in runs made before accuracy classes,
     *                     whose readings were exact
     * @param noiseSeed    seed of the per-reading noise; null with {@code accuracy}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Simulation(int channelCount, long seed, String chemistry, double nominalCapacityAh,
                             double defectShare, double ambientC, List<Fault> faults, Accuracy accuracy,
                             Long noiseSeed) {
    }

    /**
     * An accuracy class as run.json records it, every figure written out (SI units; gains as
     * fractions of the reading; fixed errors as bounds, noise and jitter as one standard deviation),
     * so a run made with a class file resumes without the file.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Accuracy(String name, double currentGainError, double currentOffsetA, double voltageGainError,
                           double voltageOffsetV, double currentNoiseA, double voltageNoiseV,
                           double currentResolutionA, double voltageResolutionV, double temperatureNoiseC,
                           double sampleJitterS) {

        /** The figures of {@code a}, as run.json records them. */
        public static Accuracy of(org.cycler.hal.sim.AccuracyClass a) {
            return new Accuracy(a.name(), a.currentGainError(), a.currentOffsetA(), a.voltageGainError(),
                    a.voltageOffsetV(), a.currentNoiseA(), a.voltageNoiseV(), a.currentResolutionA(),
                    a.voltageResolutionV(), a.temperatureNoiseC(), a.sampleJitterS());
        }
    }

    /**
     * An injected fault (see {@code cycler run --fault}).
     *
     * @param kind      e.g. {@code comm-loss}
     * @param durationS seconds; 0 for one reading; null for the rest of the run
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Fault(int channel, String kind, double atS, Double durationS) {
    }

    /**
     * The calibration file a run applied, with every channel's figures written out, so that the
     * data can be traced to it and a resumed run applies the same without the file.
     *
     * @param file     the calibration file as given or found
     * @param sha256   SHA-256 of the file's bytes, hex
     * @param device   the device the file says it calibrates
     * @param serial   the serial it was calibrated on; empty when unknown
     * @param channels the calibrated channels (the others were not corrected)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AppliedCalibration(String file, String sha256, String device, String serial,
                                     List<CalibratedChannel> channels) {
    }

    /**
     * One channel's calibration: it read {@code raw = gain * true + offset}; readings were
     * corrected as {@code (raw - offset) / gain}, setpoints sent as {@code gain * wanted + offset}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CalibratedChannel(int channel, double voltageGain, double voltageOffsetV, double currentGain,
                                    double currentOffsetA, String date, String by, String reference) {
    }

    /** This run with {@code applied} recorded as its calibration. */
    public RunInfo withCalibration(AppliedCalibration applied) {
        return new RunInfo(runId, recipeName, recipeFile, recipeSha256, createdAt, startUnixTimeS, cycler, device, clock,
                speed, tickS, simulation, channels, state, finishedAt, conventions, failure, emptyPockets, applied);
    }

    public RunInfo finished(State endState, String finishedAtIso) {
        return new RunInfo(runId, recipeName, recipeFile, recipeSha256, createdAt, startUnixTimeS, cycler, device, clock,
                speed, tickS, simulation, channels, endState, finishedAtIso, conventions, null, emptyPockets,
                calibration);
    }

    /** The run ended FAILED because of {@code why} (one line, as a user reads it). */
    public RunInfo failed(String finishedAtIso, String why) {
        return new RunInfo(runId, recipeName, recipeFile, recipeSha256, createdAt, startUnixTimeS, cycler, device, clock,
                speed, tickS, simulation, channels, State.FAILED, finishedAtIso, conventions, why, emptyPockets,
                calibration);
    }
}
