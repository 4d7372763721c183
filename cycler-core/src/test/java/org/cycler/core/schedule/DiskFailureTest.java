package org.cycler.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.store.CsvRunRecorder;
import org.cycler.core.store.RunDirectory;
import org.cycler.hal.ChannelCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that fills up mid-run: the run stops safely and what was written stays readable. */
class DiskFailureTest {

    @TempDir
    Path temp;

    @Test
    void aFullDiskStopsEveryChannelWithOutputsOffAndKeepsTheRestReadable() throws Exception {
        RunDirectory dir = RunDirectory.create(temp.resolve("run"));
        // writes to /dev/full fail with ENOSPC, as on a full disk
        Files.createSymbolicLink(dir.dataFile(1), Path.of("/dev/full"));
        CsvRunRecorder recorder = new CsvRunRecorder(dir, Map.of(1, "A", 2, "B"), true);
        RunClock clock = RunClock.virtual();
        LinearCellCycler cycler = new LinearCellCycler(clock.ticker(), 2);
        Scheduler scheduler = new Scheduler(cycler, new RecipeProgram(RecipeParser.parse("""
                recipe: long
                logging: {period: 1 s}
                steps:
                  - Charge at 0.001 A for 100 hours
                """, "long.yaml")), new int[] {1, 2}, clock, Duration.ofSeconds(1), recorder, 0);
        RunProgress end = scheduler.run();
        assertTrue(end.testTimeS() < 3600 * 100, "stopped early: " + end.testTimeS());
        assertTrue(scheduler.recorderFailedAtS().isPresent());
        for (ChannelView c : end.channels()) {
            assertEquals(ChannelState.STOPPED, c.state());
            assertEquals(Scheduler.RECORDER_FAILED, c.message());
            assertInstanceOf(ChannelCommand.Rest.class, cycler.command(c.channel()), "output off");
        }
        IOException failure = assertThrows(IOException.class, recorder::close);
        assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
        List<String> rows = Files.readAllLines(dir.dataFile(2));
        assertTrue(rows.size() > 10, "channel 2's data up to the failure is there");
        assertEquals(17, rows.get(rows.size() - 1).split(",", -1).length, "and ends with a whole row");
    }
}
