package org.cycler.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.cycler.core.BadInputException;
import org.cycler.core.recipe.Recipe;
import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.ChannelView;
import org.cycler.core.schedule.FaultReason;
import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.CellRoster;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.InjectedFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults injected into some channels fence those channels off and leave the rest untouched. */
class FaultInjectionTest {

    private static final Path RECIPE = Path.of("..", "protocols", "nmc-formation.yaml");

    @TempDir
    Path temp;

    private FormationRun.RunResult run(String name, List<InjectedFault> faults) throws Exception {
        Recipe recipe = RecipeParser.parse(RECIPE);
        SimulationSpec spec = new SimulationSpec(6, 7, 0.0, 25, Optional.empty(), faults, AccuracyClass.IDEAL, 7);
        return FormationRun.simulated(RECIPE, recipe, spec, CellRoster.generated("F", 6), new Speed.Max(),
                Duration.ofSeconds(1), temp.resolve(name)).run();
    }

    @Test
    void faultyChannelsAreFencedOffAndHealthyOnesMatchAFaultFreeRun() throws Exception {
        FormationRun.RunResult clean = run("clean", List.of());
        FormationRun.RunResult faulty = run("faulty", List.of(
                new InjectedFault(2, InjectedFault.Kind.OVER_TEMPERATURE, 7200, Double.POSITIVE_INFINITY),
                new InjectedFault(3, InjectedFault.Kind.COMM_LOSS, 3600, 60),
                new InjectedFault(4, InjectedFault.Kind.STUCK_READING, 9 * 3600, Double.POSITIVE_INFINITY),
                new InjectedFault(5, InjectedFault.Kind.VOLTAGE_SPIKE, 20 * 3600, 0)));
        List<ChannelView> channels = faulty.channels();
        assertEquals(FaultReason.TEMPERATURE_LIMIT, channels.get(1).faultReason());
        assertEquals(7201.0, channels.get(1).testTimeS(), 1.0, "fenced off within one tick");
        assertEquals(FaultReason.COMMUNICATION_LOSS, channels.get(2).faultReason());
        assertEquals(FaultReason.STUCK_READING, channels.get(3).faultReason());
        assertEquals(FaultReason.VOLTAGE_LIMIT, channels.get(4).faultReason());
        for (int ch : new int[] {1, 6}) {
            assertEquals(ChannelState.DONE, channels.get(ch - 1).state());
            assertEquals(withoutUnixTime(clean.directory().dataFile(ch)), withoutUnixTime(faulty.directory().dataFile(ch)),
                    "channel " + ch + " is identical to the fault-free run, but for the wall clock");
        }
        String faults = Files.readString(faulty.directory().faults());
        assertTrue(faults.contains("2,F-002,7200.000,UNSAFE,temperature limit,"), faults);
        assertEquals(5, faults.lines().count(), "a header and one row per fenced-off channel: " + faults);
    }

    /** The rows with the wall-clock column taken out: two runs started at different times. */
    private static List<String> withoutUnixTime(Path file) throws java.io.IOException {
        int unix = BdfColumns.ALL.indexOf(BdfColumns.UNIX_TIME);
        return Files.readAllLines(file).stream().map(row -> {
            List<String> cells = new java.util.ArrayList<>(List.of(row.split(",", -1)));
            cells.remove(unix);
            return String.join(",", cells);
        }).toList();
    }

    @Test
    void faultOptionsReadAsWritten() throws Exception {
        InjectedFault fault = FaultOption.parse("5:comm-loss@30min+1min");
        assertEquals(new InjectedFault(5, InjectedFault.Kind.COMM_LOSS, 1800, 60), fault);
        assertEquals(0.0, FaultOption.parse("1:voltage-spike@1h").durationS(), "a spike is one reading");
        assertEquals(Double.POSITIVE_INFINITY, FaultOption.parse("1:nan-reading@2 h").durationS());
        assertEquals("--fault: unknown kind 'meltdown' in '1:meltdown@1h' (expected over-temperature, voltage-spike, "
                + "stuck-reading, nan-reading, comm-loss, slow-reply, hardware-fault)",
                assertThrows(BadInputException.class, () -> FaultOption.parse("1:meltdown@1h")).getMessage());
        assertEquals("--fault: 'soon' in '1:comm-loss@soon' is not a duration (expected e.g. 90 s, 30min, 2h)",
                assertThrows(BadInputException.class, () -> FaultOption.parse("1:comm-loss@soon")).getMessage());
        assertEquals("--fault: 'oops' (expected CHANNEL:KIND@TIME[+DURATION], e.g. 3:comm-loss@2h+5min)",
                assertThrows(BadInputException.class, () -> FaultOption.parse("oops")).getMessage());
    }
}
