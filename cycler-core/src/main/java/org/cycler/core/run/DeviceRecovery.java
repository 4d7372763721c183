package org.cycler.core.run;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cycler.core.BadInputException;
import org.cycler.core.schedule.ChannelEvent;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.CycleColumns;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunFiles;
import org.cycler.core.store.RunReader;

/**
 * Where a crashed device run goes on from, and the cutting back that makes its files agree with
 * it. A device cannot be replayed, so each channel goes back to the last journal event that
 * carries its {@link org.cycler.core.schedule.ChannelCheckpoint} (a channel that had ended keeps
 * everything): its data rows after that event, its journal events after it and its cycles.csv
 * rows closed after it are cut away, so the rebuilt machine's totals and the files agree and no
 * row is written twice. docs/data.md describes it for users.
 */
final class DeviceRecovery {

    private DeviceRecovery() {
    }

    /**
     * @param journal the journal as kept, in order: what the scheduler rebuilds the machines from
     * @param lastS   the latest test time left in any file, seconds (-Infinity when none)
     */
    record Point(List<ChannelEvent> journal, double lastS) {
    }

    static Point prepare(RunDirectory dir, CellRoster roster) throws IOException, BadInputException {
        RunReader reader = new RunReader(dir);
        List<ChannelEvent> events = reader.journal();
        Map<Integer, Double> keepUpTo = new HashMap<>();
        for (int channel : roster.channels()) {
            keepUpTo.put(channel, Double.NEGATIVE_INFINITY);
        }
        for (ChannelEvent e : events) {
            if (keepUpTo.get(e.channel()) == null || keepUpTo.get(e.channel()) == Double.POSITIVE_INFINITY) {
                continue;
            }
            if (e.kind() == ChannelEvent.Kind.STATE && e.state().isTerminal()) {
                keepUpTo.put(e.channel(), Double.POSITIVE_INFINITY);
            } else if (e.checkpoint() != null) {
                keepUpTo.put(e.channel(), e.testTimeS());
            }
        }
        double last = Double.NEGATIVE_INFINITY;
        for (int channel : roster.channels()) {
            RunFiles.keepRowsUpTo(dir.dataFile(channel), keepUpTo.get(channel));
            last = Math.max(last, reader.lastRowTime(channel));
        }
        List<ChannelEvent> kept = events.stream()
                .filter(e -> e.testTimeS() <= keepUpTo.getOrDefault(e.channel(), Double.NEGATIVE_INFINITY)).toList();
        RunFiles.keepEvents(dir.journal(), e -> e.testTimeS() <= keepUpTo.getOrDefault(e.channel(), Double.NEGATIVE_INFINITY));
        for (ChannelEvent e : kept) {
            last = Math.max(last, e.testTimeS());
        }
        RunFiles.cutToLastLine(dir.cycles());
        CycleColumns.keepRows(dir.cycles(), (channel, endS) -> endS <= keepUpTo.getOrDefault(channel, Double.NEGATIVE_INFINITY));
        return new Point(kept, last);
    }
}
