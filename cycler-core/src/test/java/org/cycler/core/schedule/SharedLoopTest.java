package org.cycler.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.Measurements;
import org.cycler.hal.VirtualTicker;
import org.cycler.hal.sim.CellLot;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.junit.jupiter.api.Test;

class SharedLoopTest {

    private static final Duration TICK = Duration.ofSeconds(1);

    private static final String CHARGE_DISCHARGE = """
            recipe: a
            cell: {nominal_capacity: 5 Ah}
            steps:
              - Charge at 1C until 4.1 V
              - step: Discharge at 1C until 3.0 V
                measure: capacity
            """;
    private static final String SLOW_DISCHARGE = """
            recipe: b
            cell: {nominal_capacity: 5 Ah}
            steps:
              - Rest for 5 minutes
              - step: Discharge at 0.5C until 3.2 V
                measure: capacity
            """;

    private static RecipeProgram program(String yaml) throws RecipeException {
        return new RecipeProgram(RecipeParser.parse(yaml, "test.yaml"));
    }

    private static SimulatedCycler lot(RunClock clock) {
        return new SimulatedCycler(clock.ticker(), CellLot.generate(Chemistry.NMC, 5.0, 4, 7, 0.0), 25);
    }

    private static double[] capacities(RunProgress end) {
        return end.channels().stream().mapToDouble(ChannelView::measuredCapacityAh).toArray();
    }

    private static double[] alone(String yaml, int... channels) throws RecipeException {
        RunClock clock = RunClock.virtual();
        return capacities(new Scheduler(lot(clock), program(yaml), channels, clock, TICK, new ListRecorder(), 0).run());
    }

    @Test
    void twoRunsOnDisjointChannelsOfOneLoopMeasureWhatEachMeasuresAlone() throws Exception {
        RunClock clock = RunClock.virtual();
        CountingCycler device = new CountingCycler(lot(clock));
        Scheduler loop = Scheduler.shared(device, clock, TICK);
        ListRecorder recorderA = new ListRecorder();
        ListRecorder recorderB = new ListRecorder();
        Scheduler.Group a = loop.attach(program(CHARGE_DISCHARGE), new int[] {1, 2}, recorderA, 0);
        loop.run(600);
        assertTrue(device.commanded.stream().allMatch(ch -> ch <= 2), "nothing commands channels 3-4 before their run");
        Scheduler.Group b = loop.attach(program(SLOW_DISCHARGE), new int[] {3, 4}, recorderB, 0);
        a.ended().thenCombine(b.ended(), (x, y) -> y).thenRun(loop::close);
        loop.run();

        double[] together = capacities(a.ended().join());
        double[] later = capacities(b.ended().join());
        double[] aloneA = alone(CHARGE_DISCHARGE, 1, 2);
        double[] aloneB = alone(SLOW_DISCHARGE, 3, 4);
        for (int k = 0; k < 2; k++) {
            assertTrue(together[k] > 1, "run a measured a capacity");
            assertEquals(aloneA[k], together[k], aloneA[k] * 1e-3);
            assertEquals(aloneB[k], later[k], aloneB[k] * 2e-3);
        }
        assertTrue(recorderB.events(ChannelEvent.Kind.STEP_START).stream().allMatch(e -> e.channel() >= 3));
        assertTrue(recorderA.events(ChannelEvent.Kind.STEP_START).stream().allMatch(e -> e.channel() <= 2));
        assertTrue(device.reads > 600);
    }

    @Test
    void aChannelBelongsToOneLiveRunAtATime() throws Exception {
        RunClock clock = RunClock.virtual();
        Scheduler loop = Scheduler.shared(lot(clock), clock, TICK);
        loop.attach(program(CHARGE_DISCHARGE), new int[] {1, 2}, new ListRecorder(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.attach(program(SLOW_DISCHARGE), new int[] {2, 3}, new ListRecorder(), 0));
        assertEquals("channel 2 belongs to another run", e.getMessage());
        loop.attach(program(SLOW_DISCHARGE), new int[] {3, 4}, new ListRecorder(), 0);
    }

    @Test
    void aRunsChannelsAreFreeAgainOnceItEnded() throws Exception {
        RunClock clock = RunClock.virtual();
        Scheduler loop = Scheduler.shared(lot(clock), clock, TICK);
        Scheduler.Group first = loop.attach(program(SLOW_DISCHARGE), new int[] {1}, new ListRecorder(), 0);
        first.ended().thenRun(loop::close);
        loop.run();
        Scheduler.Group second = loop.attach(program(SLOW_DISCHARGE), new int[] {1}, new ListRecorder(), 0);
        second.stop(null, "alice");
        second.ended().thenRun(loop::close);
        loop.run();
        assertEquals(ChannelState.STOPPED, second.ended().join().channels().get(0).state());
    }

    @Test
    void aRunContinuedInASharedLoopJoinsInTheStepOfItsLastCheckpointAtTheTestTimeGiven() throws Exception {
        RecipeProgram program = program("""
                recipe: c
                logging: {period: 10 s}
                steps:
                  - Rest for 10 seconds
                  - cycle: 3
                    steps:
                      - Charge at 1 A for 30 seconds
                      - Discharge at 1 A for 30 seconds
                """);
        VirtualTicker ticker = new VirtualTicker();
        LinearCellCycler cell = new LinearCellCycler(ticker, 1);
        ListRecorder before = new ListRecorder();
        ChannelMachine machine = new ChannelMachine(1, program, before, true, 0);
        Measurements m = new Measurements(1);
        List<ChannelCommand> commands = new ArrayList<>();
        for (int t = 0; t <= 85; t++) {
            ticker.advanceNanos(t * 1_000_000_000L - ticker.nanos());
            cell.read(m);
            machine.onReading(t, t, m.voltage(1), m.current(1), m.temperature(1), m.status(1), commands);
            cell.apply(commands);
            commands.clear();
        }
        ChannelEvent last = before.events.stream().filter(e -> e.checkpoint() != null).reduce((a, b) -> b).orElseThrow();

        RunClock clock = RunClock.virtual();
        Scheduler loop = Scheduler.shared(lot(clock), clock, TICK);
        Scheduler.Group continued = loop.attachContinuing(program, new int[] {1}, new ListRecorder(), 0, before.events,
                500);
        ChannelView view = continued.progress().channels().get(0);
        assertEquals(500, continued.progress().testTimeS());
        assertEquals(last.stepId(), view.stepId(), "the step of the checkpoint");
        assertEquals(last.stepCount(), view.stepCount());
        assertEquals(last.cycleCount(), view.cycleCount(), "the loop counter of the checkpoint");
        assertThrows(IllegalArgumentException.class,
                () -> loop.attach(program, new int[] {1}, new ListRecorder(), 0), "the channel is the continued run's");
    }

    /** A cycler that checks the loop sends at most one batch of setpoints per read, and notes whom it commands. */
    private static final class CountingCycler implements Cycler {
        private final Cycler inner;
        final List<Integer> commanded = new ArrayList<>();
        int reads;
        private boolean appliedThisTick;

        CountingCycler(Cycler inner) {
            this.inner = inner;
        }

        @Override
        public CyclerIdentity identity() {
            return inner.identity();
        }

        @Override
        public int channelCount() {
            return inner.channelCount();
        }

        @Override
        public void read(Measurements into) {
            appliedThisTick = false;
            reads++;
            inner.read(into);
        }

        @Override
        public void apply(List<? extends ChannelCommand> commands) {
            if (appliedThisTick) {
                throw new AssertionError("two batches of setpoints in one tick");
            }
            appliedThisTick = true;
            commands.forEach(c -> commanded.add(c.channel()));
            inner.apply(commands);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
