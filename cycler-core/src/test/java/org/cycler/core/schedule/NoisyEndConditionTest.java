package org.cycler.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.sim.SimulatedInstrument;
import org.junit.jupiter.api.Test;

/** Current and dV/dt ends on a noisy instrument end where they end on an exact one. */
class NoisyEndConditionTest {

    private static final int CHANNELS = 4;
    private static final String RECIPE = """
            recipe: noisy ends
            cell: {nominal_capacity: 5 Ah, chemistry: NMC}
            safety: {voltage: [2.4 V, 4.25 V], current: 10 A, temperature: [-10 degC, 60 degC]}
            steps:
              - Charge at 1C until 4.2 V
              - Hold at 4.2 V until C/50
              - Discharge at 1C for 20 minutes
              - Rest until 1 mV/min or for 3 hours
            """;

    /** Step ID -> channel -> how long the step ran, seconds. */
    private static Map<Integer, Map<Integer, Double>> durations(AccuracyClass accuracy) throws Exception {
        List<CellParameters> cells = CellLot.generate(Chemistry.NMC, 5.0, CHANNELS, 5, 0);
        RunClock clock = RunClock.virtual();
        SimulatedCycler sim = new SimulatedCycler(clock.ticker(), cells, 25, "sim-5",
                new SimulatedInstrument(accuracy, CHANNELS, 5, 17));
        ListRecorder recorder = new ListRecorder();
        new Scheduler(sim, new RecipeProgram(RecipeParser.parse(RECIPE, "noisy.yaml")), new int[] {1, 2, 3, 4},
                clock, Duration.ofMillis(100), recorder, 0).run();
        Map<Integer, Map<Integer, Double>> out = new HashMap<>();
        Map<Integer, Double> started = new HashMap<>();
        for (ChannelEvent e : recorder.events) {
            if (e.kind() == ChannelEvent.Kind.STEP_START) {
                started.put(e.channel(), e.testTimeS());
            } else if (e.kind() == ChannelEvent.Kind.STEP_END) {
                out.computeIfAbsent(e.stepId(), k -> new HashMap<>())
                        .put(e.channel(), e.testTimeS() - started.get(e.channel()));
            }
        }
        return out;
    }

    @Test
    void untilC50AndDvDtEndsOnACabinetEndWithinOnePercentOfTheExactInstrumentsTime() throws Exception {
        Map<Integer, Map<Integer, Double>> ideal = durations(AccuracyClass.IDEAL);
        Map<Integer, Map<Integer, Double>> cabinet = durations(AccuracyClass.CABINET);
        for (int step : new int[] {2, 4}) {
            for (int ch = 1; ch <= CHANNELS; ch++) {
                double exact = ideal.get(step).get(ch);
                double noisy = cabinet.get(step).get(ch);
                assertTrue(exact > 600 && exact < 3 * 3600 - 1, "step " + step + " ended on its condition: " + exact);
                assertEquals(exact, noisy, 0.01 * exact, "step " + step + ", channel " + ch);
            }
        }
    }
}
