package org.cycler.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cycler.core.BadInputException;
import org.cycler.core.schedule.ChannelEvent;
import org.cycler.core.schedule.OperatorAction;
import org.cycler.core.store.CellRoster;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunFiles;
import org.cycler.core.store.RunReader;

/**
 * Where a crashed run's files can be continued from, and the cutting back that makes them ready
 * to be appended to.
 *
 * <p>The writer writes in test-time order, so each data file is complete up to its last complete
 * row, and the journal up to its last complete event. The resume point is the earliest of those
 * over the channels still running and the journal: every file holds everything up to it. Data
 * rows after it, torn lines and journal events at or after it are cut away; the resumed run
 * writes them again. Operator actions (pause, resume, stop of single channels) are read from the
 * whole journal first, so the resumed run repeats them.
 */
final class RunRecovery {

    private RunRecovery() {
    }

    /**
     * @param resumeAfterS  the resume point, test seconds: rows up to it and events before it stay
     * @param actions       operator actions to repeat
     */
    record Point(double resumeAfterS, List<OperatorAction> actions) {
    }

    static Point prepare(RunDirectory dir, CellRoster roster) throws IOException, BadInputException {
        RunReader reader = new RunReader(dir);
        List<ChannelEvent> events = reader.journal();
        List<OperatorAction> actions = new ArrayList<>();
        Map<Integer, Double> endedAt = new HashMap<>();
        double journalEnd = 0;
        for (ChannelEvent e : events) {
            journalEnd = Math.max(journalEnd, e.testTimeS());
            if (e.kind() == ChannelEvent.Kind.STATE) {
                OperatorAction.Kind.ofMessage(e.message())
                        .ifPresent(kind -> actions.add(new OperatorAction(e.testTimeS(), e.channel(), kind)));
                if (e.state().isTerminal()) {
                    endedAt.put(e.channel(), e.testTimeS());
                }
            }
        }
        double point = Double.POSITIVE_INFINITY;
        double latest = Double.NEGATIVE_INFINITY;
        for (int channel : roster.channels()) {
            double last = reader.lastRowTime(channel);
            latest = Math.max(latest, last);
            Double ended = endedAt.get(channel);
            if (ended == null || ended > last) {
                point = Math.min(point, last);
            }
        }
        if (point == Double.POSITIVE_INFINITY) {
            point = latest;
        }
        point = Math.min(point, events.isEmpty() ? Double.NEGATIVE_INFINITY : journalEnd);
        if (point == Double.NEGATIVE_INFINITY) {
            point = -1;
        }
        for (int channel : roster.channels()) {
            RunFiles.keepRowsUpTo(dir.dataFile(channel), point);
        }
        RunFiles.keepEventsBefore(dir.journal(), point);
        Files.deleteIfExists(dir.cycles());
        return new Point(point, actions);
    }
}
