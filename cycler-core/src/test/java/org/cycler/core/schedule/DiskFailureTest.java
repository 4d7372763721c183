package org.cycler.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.cycler.core.recipe.io.RecipeParser;
import org.cycler.core.store.CsvRunRecorder;
import org.cycler.core.store.FileSink;
import org.cycler.core.store.RunReader;
import org.cycler.core.store.RunInfo;
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

    /** A disk with {@code free} bytes left: a write that does not fit puts what fits, then fails. */
    private static FileSink fullAfter(long free) {
        AtomicLong left = new AtomicLong(free);
        return (file, options) -> new FilterOutputStream(Files.newOutputStream(file, options)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int fits = (int) Math.max(0, Math.min(len, left.getAndAdd(-len)));
                out.write(b, off, fits);
                if (fits < len) {
                    out.flush();
                    throw new IOException("No space left on device");
                }
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
    }

    @Test
    void aWriteCutShortByAFullDiskLeavesEveryFileOnWholeRowsAndTheStopsInTheJournal() throws Exception {
        RunDirectory dir = RunDirectory.create(temp.resolve("run")).writingThrough(fullAfter(300_001));
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
        end.channels().forEach(c -> assertEquals(ChannelState.STOPPED, c.state()));
        assertThrows(IOException.class, recorder::close);
        long rows = 0;
        for (int ch : new int[] {1, 2}) {
            String text = Files.readString(dir.dataFile(ch));
            assertTrue(text.endsWith("\n"), "channel " + ch + " ends on a whole row");
            for (String row : text.split("\n")) {
                assertEquals(17, row.split(",", -1).length, "channel " + ch + ": " + row);
            }
            rows += text.lines().count();
        }
        assertTrue(rows > 1000, "the rows written before the disk filled are kept: " + rows);
        List<ChannelEvent> journal = new RunReader(dir).journal();
        for (int ch : new int[] {1, 2}) {
            assertTrue(journal.stream().anyMatch(e -> e.channel() == ch && e.kind() == ChannelEvent.Kind.STATE
                    && e.state() == ChannelState.STOPPED && Scheduler.RECORDER_FAILED.equals(e.message())),
                    "the journal says why channel " + ch + " stopped: " + journal);
        }
    }

    @Test
    void runJsonThatCannotBeWrittenIsLeftAsItWasWithNoTemporaryFile() throws Exception {
        RunDirectory dir = RunDirectory.create(temp.resolve("info"));
        Files.writeString(dir.runInfo(), "{\"state\":\"RUNNING\"}");
        RunDirectory full = dir.writingThrough(fullAfter(10));
        RunInfo info = new RunInfo("r", "r", "r.yaml", "0", "2026-01-01T00:00:00Z", 0, null, null, "virtual", "max", 1,
                null, List.of(), RunInfo.State.RUNNING, null, RunInfo.CONVENTIONS, null, null);
        IOException e = assertThrows(IOException.class, () -> full.writeInfo(info.failed("2026-01-01T01:00:00Z", "x")));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals("{\"state\":\"RUNNING\"}", Files.readString(dir.runInfo()));
        assertFalse(Files.exists(dir.root().resolve("run.json.tmp")), "no empty run.json.tmp is left behind");
    }
}
