package org.cycler.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cycler.core.json.Json;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Measurements;
import org.cycler.hal.Mode;
import org.cycler.hal.VirtualTicker;
import org.junit.jupiter.api.Test;

/** A step machine rebuilt from its journal goes on as the machine that was never interrupted. */
class ContinuedMachineTest {

    private static final String TWO_CYCLES = """
            recipe: two cycles
            logging: {period: 10 s}
            steps:
              - Rest for 10 seconds
              - cycle: 2
                steps:
                  - Charge at 1 A until 3.6 V then hold until 0.05 A
                  - Discharge at 1 A until 3.1 V
            """;
    /** Step ID of the CC-CV charge in {@link #TWO_CYCLES}. */
    private static final int CCCV_STEP = 2;

    private static RecipeProgram program(String yaml) throws RecipeException {
        return new RecipeProgram(RecipeParser.parse(yaml, "test.yaml"));
    }

    /** Drives {@code machine} on {@code cycler} one reading a second from {@code fromS} until it ends. */
    private static void drive(ChannelMachine machine, LinearCellCycler cycler, VirtualTicker ticker, int fromS,
                              Map<Integer, Double> chargeAt) {
        Measurements m = new Measurements(1);
        List<ChannelCommand> commands = new ArrayList<>();
        for (int t = fromS; !machine.state().isTerminal() && t < 100_000; t++) {
            ticker.advanceNanos(t * 1_000_000_000L - ticker.nanos());
            cycler.read(m);
            chargeAt.put(t, cycler.charge(1));
            machine.onReading(t, t, m.voltage(1), m.current(1), m.temperature(1), m.status(1), commands);
            if (!commands.isEmpty()) {
                cycler.apply(commands);
                commands.clear();
            }
        }
    }

    private static ChannelEvent roundTrip(ChannelEvent event) throws Exception {
        return Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(event), ChannelEvent.class);
    }

    private static Sample last(ListRecorder recorder) {
        return recorder.samples.get(recorder.samples.size() - 1);
    }

    @Test
    void aMachineRebuiltFromTheJournalMidCcCvEndsAsTheUninterruptedOne() throws Exception {
        RecipeProgram program = program(TWO_CYCLES);
        ListRecorder whole = new ListRecorder();
        VirtualTicker clock = new VirtualTicker();
        LinearCellCycler cell = new LinearCellCycler(clock, 1);
        Map<Integer, Double> chargeAt = new HashMap<>();
        ChannelMachine uninterrupted = new ChannelMachine(1, program, whole, true, 0);
        drive(uninterrupted, cell, clock, 0, chargeAt);
        assertEquals(ChannelState.DONE, uninterrupted.state());

        List<ChannelEvent> carrying = whole.events.stream().filter(e -> e.checkpoint() != null).toList();
        for (int k = 1; k < carrying.size(); k++) {
            assertTrue(carrying.get(k).testTimeS() - carrying.get(k - 1).testTimeS() <= 10 + 1e-9,
                    "a checkpoint at least every logging period, not after " + carrying.get(k - 1));
        }
        List<ChannelEvent> inCcCv = carrying.stream()
                .filter(e -> e.kind() == ChannelEvent.Kind.CHECKPOINT && e.stepId() == CCCV_STEP && e.cycleCount() == 2)
                .toList();
        // The hold is the last quarter of the step: 0.5 Ah at 1 A, then a 180 s time constant down to 0.05 A.
        ChannelEvent midCv = inCcCv.get(inCcCv.size() * 9 / 10);
        assertTrue(cell.charge(1) > 0 && whole.samples.stream().anyMatch(s -> s.testTimeS() > midCv.testTimeS() - 10
                && s.testTimeS() <= midCv.testTimeS() && s.currentA() < 1.0), "the checkpoint is in the hold");
        ChannelEvent journaled = roundTrip(midCv);
        assertEquals(midCv, journaled, "the journal gives the checkpoint back exactly");
        assertEquals(List.of(2), journaled.checkpoint().iterations(), "second iteration of the loop");
        assertEquals(Mode.CCCV, journaled.checkpoint().mode());
        assertEquals(List.of(1.0, 3.6), journaled.checkpoint().setpoint());

        // The controller comes back at once; the device held nothing (output off), the cell is as it was.
        int at = (int) journaled.testTimeS();
        VirtualTicker clock2 = new VirtualTicker();
        clock2.advanceNanos(at * 1_000_000_000L);
        LinearCellCycler sameCell = new LinearCellCycler(clock2, 1);
        sameCell.setCharge(1, chargeAt.get(at));
        ListRecorder continued = new ListRecorder();
        ChannelMachine rebuilt = new ChannelMachine(1, program, continued, true, 0);
        rebuilt.restore(journaled);
        drive(rebuilt, sameCell, clock2, at, new HashMap<>());

        assertEquals(ChannelState.DONE, rebuilt.state());
        ChannelEvent cvEnd = whole.events.stream().filter(e -> e.kind() == ChannelEvent.Kind.STEP_END
                && e.stepId() == CCCV_STEP && e.cycleCount() == 2).findFirst().orElseThrow();
        ChannelEvent cvEndAgain = continued.events(ChannelEvent.Kind.STEP_END).get(0);
        assertEquals(cvEnd.testTimeS(), cvEndAgain.testTimeS(), 1e-9, "the CC-CV ends at the same time");
        assertEquals(cvEnd.stepCount(), cvEndAgain.stepCount());
        assertEquals(cvEnd.cycleCount(), cvEndAgain.cycleCount(), "same loop counter");
        assertEquals(cvEnd.chargeAh(), cvEndAgain.chargeAh(), 1e-5);
        Sample a = last(whole);
        Sample b = last(continued);
        assertEquals(a.testTimeS(), b.testTimeS(), 1e-9);
        assertEquals(a.stepTimeS(), b.stepTimeS(), 1e-9, "step time");
        assertEquals(a.stepCount(), b.stepCount());
        assertEquals(a.cycleCount(), b.cycleCount());
        assertEquals(a.chargeAh(), b.chargeAh(), 1e-5, "charge accumulator");
        assertEquals(a.dischargeAh(), b.dischargeAh(), 1e-5, "discharge accumulator");
        assertEquals(a.chargeWh(), b.chargeWh(), 1e-4);
        assertEquals(a.dischargeWh(), b.dischargeWh(), 1e-4);
        CycleSummary cycleTwo = whole.cycles.stream().filter(c -> c.cycleCount() == 2).findFirst().orElseThrow();
        CycleSummary cycleTwoAgain = continued.cycles.stream().filter(c -> c.cycleCount() == 2).findFirst().orElseThrow();
        assertEquals(cycleTwo.chargeAh(), cycleTwoAgain.chargeAh(), 1e-5, "the open cycle's book came back");
        assertEquals(cycleTwo.dischargeAh(), cycleTwoAgain.dischargeAh(), 1e-5);
        assertEquals(cycleTwo.coulombicEfficiency(), cycleTwoAgain.coulombicEfficiency(), 1e-5);
    }

    @Test
    void aRebuiltMachineReadsBeforeItCommandsAndTakesAnOffOutputForNoEndOfTheHold() throws Exception {
        RecipeProgram program = program(TWO_CYCLES);
        ListRecorder whole = new ListRecorder();
        ChannelMachine first = new ChannelMachine(1, program, whole, true, 0);
        VirtualTicker clock = new VirtualTicker();
        LinearCellCycler cell = new LinearCellCycler(clock, 1);
        drive(first, cell, clock, 0, new HashMap<>());
        ChannelEvent inCcCv = whole.events.stream().filter(e -> e.kind() == ChannelEvent.Kind.CHECKPOINT
                && e.stepId() == CCCV_STEP).findFirst().orElseThrow();

        ListRecorder continued = new ListRecorder();
        ChannelMachine rebuilt = new ChannelMachine(1, program, continued, true, 0);
        rebuilt.restore(roundTrip(inCcCv));
        List<ChannelCommand> commands = new ArrayList<>();
        rebuilt.onReading(5000, 5000, 3.3, 0, 25, ChannelStatus.OK, commands);
        assertEquals(ChannelState.RUNNING, rebuilt.state(), "zero current with the output off is not the hold's end");
        assertInstanceOf(ChannelCommand.CcCv.class, commands.get(0), "the step's setpoint goes out again");
        assertEquals(1, continued.samples.size(), "the reading found is logged, nothing invented before it");
        assertEquals(inCcCv.chargeAh(), continued.samples.get(0).chargeAh(), 0.0, "no charge counted over the gap");
        ChannelEvent state = continued.events(ChannelEvent.Kind.STATE).get(0);
        assertEquals(ChannelMachine.CONTINUED, state.message());
        assertNotNull(state.checkpoint());
    }

    @Test
    void aRebuiltMachineFoundPastItsVoltageEndEndsTheStepAsTheEndConditionSays() throws Exception {
        RecipeProgram program = program("""
                recipe: cc then rest
                steps:
                  - Charge at 1 A until 3.6 V
                  - Rest for 10 seconds
                """);
        ListRecorder whole = new ListRecorder();
        ChannelMachine first = new ChannelMachine(1, program, whole, true, 0);
        VirtualTicker clock = new VirtualTicker();
        drive(first, new LinearCellCycler(clock, 1), clock, 0, new HashMap<>());
        ChannelEvent inCc = whole.events.stream().filter(e -> e.kind() == ChannelEvent.Kind.CHECKPOINT
                && e.stepId() == 1).findFirst().orElseThrow();

        ListRecorder continued = new ListRecorder();
        ChannelMachine rebuilt = new ChannelMachine(1, program, continued, true, 0);
        rebuilt.restore(roundTrip(inCc));
        List<ChannelCommand> commands = new ArrayList<>();
        rebuilt.onReading(9000, 9000, 3.65, 0, 25, ChannelStatus.OK, commands);
        ChannelEvent end = continued.events(ChannelEvent.Kind.STEP_END).get(0);
        assertTrue(end.message().startsWith("end: voltage >= 3.6 V"), end.message());
        assertInstanceOf(ChannelCommand.Rest.class, commands.get(0), "on to the rest, not back to the charge");
        assertEquals(2, continued.events(ChannelEvent.Kind.STEP_START).get(0).stepId());
    }

    @Test
    void anOutputFoundOffBehindTheMachinesBackIsAFaultNeverAnEnd() throws Exception {
        RecipeProgram program = program(TWO_CYCLES);
        ListRecorder recorder = new ListRecorder();
        ChannelMachine machine = new ChannelMachine(1, program, recorder);
        List<ChannelCommand> commands = new ArrayList<>();
        machine.onReading(0, 0, 3.3, 0, 25, ChannelStatus.OK, commands);
        for (int t = 1; t <= 20; t++) {
            machine.onReading(t, t, 3.35, t > 10 ? 1 : 0, 25, ChannelStatus.OK, commands);
        }
        assertEquals(CCCV_STEP, machine.view().stepId());
        machine.onReading(21, 21, 3.3, 0, 25, ChannelStatus.OUTPUT_OFF, commands);
        assertEquals(ChannelState.FAULT, machine.state());
        assertEquals(FaultReason.OUTPUT_CHANGED, machine.view().faultReason());
        ChannelEvent fault = recorder.events(ChannelEvent.Kind.STATE).get(0);
        assertTrue(fault.message().contains("output found off though commanded on (commanded CCCV 1.0, 3.6)"),
                fault.message());
        assertTrue(recorder.events(ChannelEvent.Kind.STEP_END).get(1).message().startsWith("FAULT"),
                "the hold is cut short by the fault, not ended by its current");
    }
}
