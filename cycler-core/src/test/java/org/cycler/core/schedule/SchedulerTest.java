package org.cycler.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.Measurements;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.FaultInjectingCycler;
import org.cycler.hal.sim.InjectedFault;
import org.cycler.hal.sim.SimulatedCycler;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private final ListRecorder recorder = new ListRecorder();

    private static Recipe recipe(String yaml) throws RecipeException {
        return RecipeParser.parse(yaml, "test.yaml");
    }

    private RunProgress run(String yaml, RunClock clock, LinearCellCycler cycler, int... channels)
            throws RecipeException {
        Scheduler scheduler = new Scheduler(cycler, new RecipeProgram(recipe(yaml)), channels, clock, ONE_SECOND,
                recorder, 1_000_000);
        return scheduler.run();
    }

    private RunProgress run(String yaml) throws RecipeException {
        RunClock clock = RunClock.virtual();
        return run(yaml, clock, new LinearCellCycler(clock.ticker(), 1), 1);
    }

    @Test
    void aChannelsPictureNamesTheRunningStepsTypeAndWhatItHasMoved() throws Exception {
        RunClock clock = RunClock.virtual();
        Scheduler scheduler = new Scheduler(new LinearCellCycler(clock.ticker(), 1), new RecipeProgram(recipe("""
                recipe: charge then discharge
                steps:
                  - Charge at 2 A for 1 hour
                  - Discharge at 1 A for 1 hour
                """)), new int[] {1}, clock, ONE_SECOND, recorder, 1_000_000);
        ChannelView charging = scheduler.run(1800).channels().get(0);
        assertEquals(StepType.CC_CHG, charging.stepType());
        assertEquals(1.0, charging.stepCapacityAh(), 0.01);
        ChannelView discharging = scheduler.run(3600 + 900).channels().get(0);
        assertEquals(StepType.CC_DCH, discharging.stepType());
        assertEquals(0.25, discharging.stepCapacityAh(), 0.01, "the step's own amount, not the run's");
    }

    @Test
    void stepsFollowLoopsAndCountStepsAndCyclesAsTheDesignDefines() throws Exception {
        RunProgress end = run("""
                recipe: loops
                steps:
                  - Rest for 10 seconds
                  - cycle: 2
                    steps:
                      - Charge at 1 A for 60 seconds
                      - Discharge at 1 A for 60 seconds
                  - Rest for 10 seconds
                """);
        List<ChannelEvent> starts = recorder.events(ChannelEvent.Kind.STEP_START);
        assertEquals(List.of(1, 2, 3, 2, 3, 4), starts.stream().map(ChannelEvent::stepId).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), starts.stream().map(ChannelEvent::stepCount).toList());
        assertEquals(List.of(0, 1, 1, 2, 2, 2), starts.stream().map(ChannelEvent::cycleCount).toList());
        assertEquals(ChannelState.DONE, end.channels().get(0).state());
        assertEquals(260.0, end.testTimeS(), 1e-9);
    }

    @Test
    void constantCurrentChargeIsCountedExactly() throws Exception {
        run("""
                recipe: one hour at 1 A
                steps:
                  - Charge at 1 A for 1 hour
                """);
        Sample last = recorder.samples.get(recorder.samples.size() - 1);
        assertEquals(1.0, last.chargeAh(), 1e-9);
        assertEquals(1.0, last.stepChargeAh(), 1e-9);
        assertEquals(0.0, last.dischargeAh(), 0.0);
        // V = 3.0 + q + I R rises linearly from 3.05 to 4.05 V: 3.55 Wh
        assertEquals(3.55, last.chargeWh(), 1e-6);
        assertEquals(StepType.CC_CHG, last.stepType());
        assertEquals(3600.0, last.stepTimeS(), 1e-9);
    }

    /** The SCPI drivers' timing over the linear cells: apply queues, the next read applies and then measures. */
    private static final class AppliedWithNextRead implements Cycler {
        final LinearCellCycler cells;
        final List<ChannelCommand> queued = new ArrayList<>();

        AppliedWithNextRead(LinearCellCycler cells) {
            this.cells = cells;
        }

        @Override
        public CyclerIdentity identity() {
            return cells.identity();
        }

        @Override
        public int channelCount() {
            return cells.channelCount();
        }

        @Override
        public void read(Measurements into) {
            if (!queued.isEmpty()) {
                cells.apply(queued);
                queued.clear();
            }
            cells.read(into);
        }

        @Override
        public void apply(List<? extends ChannelCommand> commands) {
            queued.addAll(commands);
        }

        @Override
        public boolean appliesWithNextRead() {
            return true;
        }

        @Override
        public void close() {
            cells.close();
        }
    }

    @Test
    void onACyclerThatAppliesWithItsNextReadEachIntervalCountsTheSetpointThatHeldInIt() throws Exception {
        RunClock clock = RunClock.virtual();
        LinearCellCycler cells = new LinearCellCycler(clock.ticker(), 1);
        new Scheduler(new AppliedWithNextRead(cells), new RecipeProgram(recipe("""
                recipe: charge to a voltage
                steps:
                  - Rest for 10 seconds
                  - Charge at 1 A until 3.5 V
                  - Rest for 10 seconds
                """)), new int[] {1}, clock, ONE_SECOND, recorder, 1_000_000).run();
        List<Sample> charging = recorder.samples.stream().filter(r -> r.stepType() == StepType.CC_CHG).toList();
        Sample first = charging.get(0);
        assertEquals(1.0, first.currentA(), 1e-12, "the step's first reading is under its setpoint");
        assertEquals(0.0, first.stepChargeAh(), 1e-12, "the tick before it, the cell still rested");
        Sample last = charging.get(charging.size() - 1);
        double cellChargeAh = last.voltageV() - LinearCellCycler.OCV_EMPTY_V - 1.0 * LinearCellCycler.RESISTANCE_OHM;
        assertEquals(cellChargeAh, last.stepChargeAh(), 1e-9, "the step counts what the cell took in it");
        Sample end = recorder.samples.get(recorder.samples.size() - 1);
        assertEquals(cells.charge(1), end.chargeAh(), 1e-9, "the run counts what the cell took");
    }

    @Test
    void testLevelTotalsNeverResetWhileStepTotalsDo() throws Exception {
        run("""
                recipe: up and down
                steps:
                  - Charge at 2 A for 30 minutes
                  - Discharge at 1 A for 30 minutes
                """);
        Sample last = recorder.samples.get(recorder.samples.size() - 1);
        assertEquals(1.0, last.chargeAh(), 1e-9);
        assertEquals(0.5, last.dischargeAh(), 1e-9);
        assertEquals(0.0, last.stepChargeAh(), 1e-12);
        assertEquals(0.5, last.stepDischargeAh(), 1e-9);
        assertTrue(last.currentA() < 0, "discharge current is negative");
    }

    @Test
    void ccCvHoldsTheVoltageUntilTheCurrentFallsToTheCutoff() throws Exception {
        run("""
                recipe: cccv
                steps:
                  - Charge at 1 A until 3.5 V then hold until 0.1 A
                """);
        Sample last = recorder.samples.get(recorder.samples.size() - 1);
        assertEquals(StepType.CCCV_CHG, last.stepType());
        assertTrue(last.currentA() <= 0.1 && last.currentA() > 0.09, "ends at the cut-off: " + last.currentA());
        assertEquals(3.5, last.voltageV(), 1e-3);
    }

    @Test
    void aHoldTakesItsDirectionFromTheStepBeforeItOrFromItsCurrentOnTheSimulator() throws Exception {
        RunClock clock = RunClock.virtual();
        SimulatedCycler cycler = new SimulatedCycler(clock.ticker(), List.of(Chemistry.NMC.typicalCell(5.0)), 25);
        Scheduler scheduler = new Scheduler(cycler, new RecipeProgram(recipe("""
                recipe: two-line cc-cv
                cell: {nominal_capacity: 5 Ah}
                safety: {voltage: [2.5 V, 4.25 V], current: 10 A}
                steps:
                  - Charge at 1C until 4.2 V
                  - Hold at 4.2 V until C/50
                  - Discharge at 1C until 3.2 V
                  - Hold at 3.2 V until C/50
                  - Rest for 1 minute
                  - Hold at 3.6 V until C/20
                """)), new int[] {1}, clock, ONE_SECOND, recorder, 1_000_000);
        assertEquals(ChannelState.DONE, scheduler.run().channels().get(0).state());
        java.util.Map<Integer, java.util.Set<StepType>> types = new java.util.TreeMap<>();
        for (Sample row : recorder.samples) {
            types.computeIfAbsent(row.stepId(), k -> new java.util.TreeSet<>()).add(row.stepType());
            if (row.stepId() == 2 && row.stepTimeS() > 0) {
                assertTrue(row.currentA() > 0, "the hold after a charge charges: " + row.currentA());
            }
        }
        assertEquals(java.util.Set.of(StepType.CV_CHG), types.get(2), "a hold after a charge");
        assertEquals(java.util.Set.of(StepType.CV_DCH), types.get(4), "a hold after a discharge");
        assertEquals(java.util.Set.of(StepType.CV_CHG), types.get(6), "a hold after a rest, by its charging current");
    }

    @Test
    void gotoLeavesTheStepAndEndsTheRecipe() throws Exception {
        RunClock clock = RunClock.virtual();
        LinearCellCycler cycler = new LinearCellCycler(clock.ticker(), 1);
        cycler.setCharge(1, 0.5);
        run("""
                recipe: goto
                steps:
                  - step: Discharge at 1 A until 2.9 V
                    goto: {if: "voltage < 3.4 V", step: end}
                  - Rest for 1 hour
                """, clock, cycler, 1);
        List<ChannelEvent> starts = recorder.events(ChannelEvent.Kind.STEP_START);
        assertEquals(1, starts.size(), "the rest after the goto never starts");
        Sample last = recorder.samples.get(recorder.samples.size() - 1);
        assertTrue(last.voltageV() < 3.4 && last.voltageV() > 3.39, "left at the goto's threshold: " + last.voltageV());
        assertEquals(ChannelState.DONE, recorder.events(ChannelEvent.Kind.STATE).get(0).state());
    }

    @Test
    void stepEndNamesTheConditionOrGotoThatFiredAndTheValueItSaw() throws Exception {
        RunClock clock = RunClock.virtual();
        LinearCellCycler cycler = new LinearCellCycler(clock.ticker(), 1);
        cycler.setCharge(1, 0.5);
        run("""
                recipe: why
                steps:
                  - Rest for 10 seconds
                  - Charge at 1 A until 3.6 V or 2 hours
                  - step: Discharge at 1 A for 1 hour
                    goto: {if: "voltage < 3.4 V", step: end}
                """, clock, cycler, 1);
        List<String> why = recorder.events(ChannelEvent.Kind.STEP_END).stream().map(ChannelEvent::message).toList();
        assertEquals(3, why.size(), why.toString());
        assertEquals("end: step time >= 10.0 s (saw 10.000 s)", why.get(0));
        assertTrue(why.get(1).startsWith("end: voltage >= 3.6 V (saw 3.6"), why.get(1));
        assertTrue(why.get(2).matches("goto end: voltage < 3.4 V \\(saw 3\\.(39\\d+|400000) V\\)"), why.get(2));
    }

    @Test
    void rowsAreLoggedAtStepStartPeriodAndStepEnd() throws Exception {
        run("""
                recipe: logging
                logging: {period: 10 s}
                steps:
                  - Rest for 100 seconds
                  - Rest for 15 seconds
                """);
        List<Double> times = recorder.samples.stream().map(Sample::testTimeS).toList();
        assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0, 101.0, 111.0, 115.0),
                times);
        assertEquals(1, recorder.samples.get(10).stepId(), "the step's end row carries its own step");
        assertEquals(2, recorder.samples.get(11).stepId());
    }

    @Test
    void voltageDeltaLogsBetweenPeriods() throws Exception {
        run("""
                recipe: delta
                logging: {period: 1 h, delta_voltage: 5 mV}
                steps:
                  - Charge at 1 A for 10 minutes
                """);
        List<Sample> rows = recorder.samples;
        // 1 V/Ah at 1 A: 5 mV every 18 s
        for (int k = 2; k < rows.size() - 1; k++) {
            double gap = rows.get(k).testTimeS() - rows.get(k - 1).testTimeS();
            assertEquals(18.0, gap, 1.0, "row " + k);
        }
        assertTrue(rows.size() > 30);
    }

    @Test
    void safetyIsCheckedBeforeEndConditions() throws Exception {
        RecipeProgram program = new RecipeProgram(recipe("""
                recipe: safety first
                safety: {voltage: [2.5 V, 4.1 V]}
                steps:
                  - Charge at 1 A until 4.0 V
                """));
        ChannelMachine machine = new ChannelMachine(1, program, recorder);
        List<ChannelCommand> commands = new ArrayList<>();
        machine.onReading(0, 0, 3.5, 0, 25, ChannelStatus.OK, commands);
        machine.onReading(1, 1, 3.6, 1, 25, ChannelStatus.OK, commands);
        commands.clear();
        machine.onReading(2, 2, 4.2, 1, 25, ChannelStatus.OK, commands);
        assertEquals(ChannelState.UNSAFE, machine.state());
        assertEquals(FaultReason.VOLTAGE_LIMIT, machine.view().faultReason());
        assertInstanceOf(ChannelCommand.Rest.class, commands.get(0), "output off at once");
    }

    @Test
    void aFaultyChannelStopsAndTheOthersGoOn() throws Exception {
        RunClock clock = RunClock.virtual();
        LinearCellCycler cycler = new LinearCellCycler(clock.ticker(), 3);
        cycler.forceStatus(2, ChannelStatus.COMM_LOSS);
        cycler.setTemperature(3, 70);
        RunProgress end = run("""
                recipe: faults
                safety: {temperature: [0 degC, 60 degC]}
                steps:
                  - Charge at 1 A for 10 minutes
                """, clock, cycler, 1, 2, 3);
        assertEquals(ChannelState.DONE, end.channels().get(0).state());
        assertEquals(FaultReason.COMMUNICATION_LOSS, end.channels().get(1).faultReason());
        assertEquals(ChannelState.FAULT, end.channels().get(1).state());
        assertEquals(ChannelState.UNSAFE, end.channels().get(2).state());
        assertEquals(FaultReason.TEMPERATURE_LIMIT, end.channels().get(2).faultReason());
        assertInstanceOf(ChannelCommand.Rest.class, cycler.command(3));
        assertEquals(1.0 / 6, cycler.charge(1), 1e-9);
    }

    /** Hardware without a temperature sensor, whose readings may freeze or lose a sensor after some reads. */
    private static final class Sensorless implements org.cycler.hal.Cycler {
        final LinearCellCycler cells;
        final org.cycler.hal.Measurements frozen = new org.cycler.hal.Measurements(1);
        double temperatureC = Double.NaN;
        long freezeAfter = Long.MAX_VALUE;
        long sensorLostAfter = Long.MAX_VALUE;
        long reads;

        Sensorless(LinearCellCycler cells) {
            this.cells = cells;
        }

        @Override
        public org.cycler.hal.CyclerIdentity identity() {
            return cells.identity();
        }

        @Override
        public int channelCount() {
            return 1;
        }

        @Override
        public void read(org.cycler.hal.Measurements into) {
            if (++reads <= freezeAfter) {
                cells.read(frozen);
            }
            into.set(1, frozen.voltage(1), frozen.current(1), reads > sensorLostAfter ? Double.NaN : temperatureC,
                    frozen.status(1));
        }

        @Override
        public void apply(List<? extends ChannelCommand> commands) {
            cells.apply(commands);
        }

        @Override
        public void close() {
            cells.close();
        }
    }

    private static final String TEN_MINUTES_WITH_TEMPERATURE_LIMITS = """
            recipe: no sensor
            safety: {temperature: [0 degC, 60 degC]}
            steps:
              - Charge at 1 A for 10 minutes
            """;

    private RunProgress runSensorless(Sensorless cycler, RunClock clock) throws RecipeException {
        Scheduler scheduler = new Scheduler(cycler, new RecipeProgram(recipe(TEN_MINUTES_WITH_TEMPERATURE_LIMITS)),
                new int[] {1}, clock, ONE_SECOND, recorder, 1_000_000);
        return scheduler.run();
    }

    @Test
    void aChannelWithoutATemperatureSensorRunsToTheEnd() throws Exception {
        RunClock clock = RunClock.virtual();
        RunProgress end = runSensorless(new Sensorless(new LinearCellCycler(clock.ticker(), 1)), clock);
        assertEquals(ChannelState.DONE, end.channels().get(0).state());
        assertTrue(Double.isNaN(recorder.samples.get(recorder.samples.size() - 1).temperatureC()));
    }

    @Test
    void aSensorThatStopsReadingIsAnInvalidReading() throws Exception {
        RunClock clock = RunClock.virtual();
        Sensorless cycler = new Sensorless(new LinearCellCycler(clock.ticker(), 1));
        cycler.temperatureC = 25;
        cycler.sensorLostAfter = 5;
        RunProgress end = runSensorless(cycler, clock);
        assertEquals(FaultReason.INVALID_READING, end.channels().get(0).faultReason());
    }

    @Test
    void aStuckChannelWithoutATemperatureSensorIsStillCaught() throws Exception {
        RunClock clock = RunClock.virtual();
        Sensorless cycler = new Sensorless(new LinearCellCycler(clock.ticker(), 1));
        cycler.freezeAfter = 60;
        RunProgress end = runSensorless(cycler, clock);
        assertEquals(FaultReason.STUCK_READING, end.channels().get(0).faultReason());
    }

    @Test
    void aCommLossShorterThanTheBudgetIsRiddenOutAndALongerOneFaults() throws Exception {
        RunClock clock = RunClock.virtual();
        LinearCellCycler cells = new LinearCellCycler(clock.ticker(), 3);
        double shortLossS = ChannelMachine.COMM_LOSS_BUDGET_S / 2;
        FaultInjectingCycler cycler = new FaultInjectingCycler(cells, clock.ticker(), List.of(
                new InjectedFault(1, InjectedFault.Kind.COMM_LOSS, 120, shortLossS),
                new InjectedFault(2, InjectedFault.Kind.COMM_LOSS, 120, 60)));
        Scheduler scheduler = new Scheduler(cycler, new RecipeProgram(recipe("""
                recipe: comm loss
                steps:
                  - Charge at 1 A for 10 minutes
                """)), new int[] {1, 2, 3}, clock, ONE_SECOND, recorder, 1_000_000);
        RunProgress end = scheduler.run();
        assertEquals(ChannelState.DONE, end.channels().get(0).state(), "a short loss recovers");
        assertEquals(ChannelState.FAULT, end.channels().get(1).state(), "a long loss faults");
        assertEquals(FaultReason.COMMUNICATION_LOSS, end.channels().get(1).faultReason());
        assertTrue(end.channels().get(1).testTimeS() <= 120 + ChannelMachine.COMM_LOSS_BUDGET_S + 1,
                "faults once the budget is spent: " + end.channels().get(1).testTimeS());
        Sample last = recorder.samples(1).get(recorder.samples(1).size() - 1);
        Sample healthy = recorder.samples(3).get(recorder.samples(3).size() - 1);
        assertEquals(healthy.chargeAh(), last.chargeAh(), 1e-9, "the gap is counted from the readings either side");
        assertTrue(recorder.samples(1).stream().allMatch(r -> Double.isFinite(r.voltageV())), "no lost reading logged");
    }

    @Test
    void pauseFreezesStepTimeAndResumeFinishesTheRest() throws Exception {
        RecipeProgram program = new RecipeProgram(recipe("""
                recipe: pause
                steps:
                  - Charge at 1 A for 10 seconds
                  - Rest for 5 seconds
                """));
        ChannelMachine machine = new ChannelMachine(1, program, recorder);
        List<ChannelCommand> commands = new ArrayList<>();
        for (int t = 0; t <= 30; t++) {
            if (t == 4) {
                machine.pause(t, OperatorAction.Kind.PAUSE.message(), commands);
            }
            if (t == 14) {
                machine.resume(t, OperatorAction.Kind.RESUME.message(), commands);
            }
            boolean paused = t > 4 && t <= 14;
            machine.onReading(t, t, 3.5, paused || t == 0 ? 0 : 1, 25, ChannelStatus.OK, commands);
        }
        List<ChannelEvent> ends = recorder.events(ChannelEvent.Kind.STEP_END);
        assertEquals(20.0, ends.get(0).testTimeS(), 1e-9, "10 s of charge around a 10 s pause");
        assertEquals(10.0 / 3600, ends.get(0).chargeAh(), 1e-9, "no charge counted while paused");
    }

    @Test
    void stepTimeStandsStillWhilePausedAndNeverRunsBackwards() throws Exception {
        RecipeProgram program = new RecipeProgram(recipe("""
                recipe: pause rows
                logging: {period: 1 s}
                steps:
                  - Charge at 1 A for 10 seconds
                """));
        ChannelMachine machine = new ChannelMachine(1, program, recorder);
        List<ChannelCommand> commands = new ArrayList<>();
        for (int t = 0; t <= 30; t++) {
            if (t == 4) {
                machine.pause(t, OperatorAction.Kind.PAUSE.message(), commands);
            }
            if (t == 14) {
                machine.resume(t, OperatorAction.Kind.RESUME.message(), commands);
            }
            boolean paused = t > 4 && t <= 14;
            machine.onReading(t, t, 3.5, paused || t == 0 ? 0 : 1, 25, ChannelStatus.OK, commands);
        }
        double previous = -1;
        for (Sample row : recorder.samples) {
            assertTrue(row.stepTimeS() >= previous, "step time runs backwards at test time " + row.testTimeS());
            previous = row.stepTimeS();
            if (row.testTimeS() >= 4 && row.testTimeS() <= 14) {
                assertEquals(4.0, row.stepTimeS(), 1e-9, "paused at step time 4 s, row at " + row.testTimeS());
            }
        }
        assertEquals(10.0, previous, 1e-9);
    }

    @Test
    void pauseStopAndFaultEachEndWithARowOfTheOutputOff() throws Exception {
        RunClock clock = RunClock.virtual();
        LinearCellCycler cycler = new LinearCellCycler(clock.ticker(), 3);
        cycler.setCharge(3, 0.15);
        Scheduler scheduler = new Scheduler(cycler, new RecipeProgram(recipe("""
                recipe: output off
                logging: {period: 10 s}
                safety: {voltage: [2.5 V, 3.3 V]}
                steps:
                  - Charge at 2.5 A for 10 minutes
                """)), new int[] {1, 2, 3}, clock, ONE_SECOND, recorder, 1_000_000);
        scheduler.replay(List.of(new OperatorAction(20, 1, OperatorAction.Kind.PAUSE),
                new OperatorAction(25, 2, OperatorAction.Kind.STOP)));
        RunProgress end = scheduler.run(60);
        assertEquals(ChannelState.UNSAFE, end.channels().get(2).state());
        Sample paused = recorder.samples(1).stream().filter(r -> r.testTimeS() > 20).findFirst().orElseThrow();
        assertEquals(21.0, paused.testTimeS(), 1e-9, "written right after the pause, not at the next period");
        assertEquals(0.0, paused.currentA(), 0.0, "the paused channel's row has its output off");
        assertEquals(26.0, recorder.samples(2).get(recorder.samples(2).size() - 1).testTimeS(), 1e-9, "right after the stop");
        for (int ch : new int[] {2, 3}) {
            List<Sample> rows = recorder.samples(ch);
            assertEquals(0.0, rows.get(rows.size() - 1).currentA(), 0.0, "channel " + ch + " ends with its output off");
            assertEquals(2.5, rows.get(rows.size() - 2).currentA(), 1e-9, "channel " + ch + " was charging before");
            assertEquals(0.0, end.channels().get(ch - 1).currentA(), 0.0, "status shows channel " + ch + " off");
        }
        assertEquals(0.0, end.channels().get(0).currentA(), 0.0);
    }

    @Test
    void firstCycleEfficiencyPairsTheFirstDischargeWithTheFormationCharge() throws Exception {
        run("""
                recipe: efficiency
                steps:
                  - Charge at 1 A for 1 hour
                  - cycle: 2
                    steps:
                      - Discharge at 1 A for 54 minutes
                      - Charge at 1 A for 54 minutes
                """);
        List<CycleSummary> cycles = recorder.cycles;
        assertEquals(List.of(0, 1, 2), cycles.stream().map(CycleSummary::cycleCount).toList());
        assertTrue(Double.isNaN(cycles.get(0).coulombicEfficiency()));
        assertEquals(0.9, cycles.get(1).coulombicEfficiency(), 1e-6);
        assertEquals(1.0, cycles.get(2).coulombicEfficiency(), 1e-6);
        assertEquals(0.9, cycles.get(2).dischargeAh(), 1e-9);
    }

    @Test
    void shortDischargesLaterInACycleDoNotDisturbItsEfficiency() throws Exception {
        run("""
                recipe: tail
                steps:
                  - Charge at 1 A for 1 hour
                  - cycle: 2
                    steps:
                      - Discharge at 1 A for 30 minutes
                      - Charge at 1 A for 30 minutes
                  - Discharge at 1 A for 30 minutes
                  - Charge at 1 A for 15 minutes
                  - Discharge at 1 A for 10 seconds
                """);
        CycleSummary last = recorder.cycles.get(recorder.cycles.size() - 1);
        assertEquals(2, last.cycleCount());
        assertEquals(1.0, last.coulombicEfficiency(), 1e-6);
        assertEquals(1.0 + 10.0 / 3600, last.dischargeAh(), 1e-9, "the totals still count everything");
    }

    @Test
    void aCycleWhoseChargeAndDischargeDifferInDepthHasNoEfficiency() throws Exception {
        run("""
                recipe: partial
                steps:
                  - cycle: 2
                    steps:
                      - Charge at 1 A for 6 minutes
                      - Discharge at 1 A for 24 minutes
                      - Charge at 1 A for 30 minutes
                """);
        CycleSummary first = recorder.cycles.get(0);
        assertEquals(0.1, first.pairedChargeAh(), 1e-9);
        assertEquals(0.4, first.pairedDischargeAh(), 1e-9);
        assertTrue(Double.isNaN(first.coulombicEfficiency()), "not 4.0: " + first.coulombicEfficiency());
        assertTrue(first.partial(), "flagged as a partial cycle");
        CycleSummary second = recorder.cycles.get(1);
        assertEquals(0.4 / 0.6, second.coulombicEfficiency(), 1e-6, "0.5 Ah charged before it, 0.4 Ah out");
        assertFalse(second.partial());
    }

    @Test
    void aChargeFirstLoopPairsEachCyclesOwnChargeAndDischarge() throws Exception {
        run("""
                recipe: charge first
                steps:
                  - cycle: 2
                    steps:
                      - Charge at 1 A for 30 minutes
                      - Rest for 1 minute
                      - Discharge at 1 A for 27 minutes
                """);
        assertEquals(List.of(1, 2), recorder.cycles.stream().map(CycleSummary::cycleCount).toList());
        assertEquals(0.9, recorder.cycles.get(0).coulombicEfficiency(), 1e-6);
        assertEquals(0.9, recorder.cycles.get(1).coulombicEfficiency(), 1e-6);
    }
}
