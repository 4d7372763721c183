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
import org.cycler.core.store.RunInfo;
import org.cycler.core.store.RunReader;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;

/**
 * Where a crashed device run goes on from, and the cutting back that makes its files agree with
 * it. A device cannot be replayed, so each channel goes back to the last journal event that
 * carries its {@link org.cycler.core.schedule.ChannelCheckpoint} (a channel that had ended keeps
 * everything): its data rows after that event, its journal events after it and its cycles.csv
 * rows closed after it are cut away, so the rebuilt machine's totals and the files agree and no
 * row is written twice. docs/data.md describes it for users. {@code cycler resume} and a
 * restarted station both go on from here ({@link #continueOn}).
 */
public final class DeviceRecovery {

    private DeviceRecovery() {
    }

    /**
     * @param journal the journal as kept, in order: what the scheduler rebuilds the machines from
     * @param lastS   the latest test time left in any file, seconds (-Infinity when none)
     */
    record Point(List<ChannelEvent> journal, double lastS) {
    }

    /**
     * Where a continued device run's machines start: {@code journal} to rebuild them from
     * ({@link org.cycler.core.schedule.Scheduler#continueFrom}), and the test time of the first
     * tick, which carries on from the wall clock so that the time the controller was down is a gap.
     *
     * @param resumedFromS the latest test time the files kept, seconds (0 when none)
     */
    public record Continuation(List<ChannelEvent> journal, double firstTickS, double resumedFromS) {
    }

    /**
     * The speed a device run was made at, which it goes on at: a device runs on the wall clock.
     *
     * @throws BadInputException when run.json gives neither realtime nor a factor
     */
    public static Speed.Factor pace(RunDirectory dir, RunInfo info) throws BadInputException {
        if (!(Speed.parse(info.speed()) instanceof Speed.Factor pace)) {
            throw new BadInputException(dir.root() + ": run.json gives the device run speed '" + info.speed()
                    + "' (expected realtime or a factor)");
        }
        return pace;
    }

    /**
     * Checks that {@code device} (attached, outputs untouched) is the one the run started on and has
     * its channels, cuts the run's files back to each channel's last checkpoint ({@link #prepare})
     * and says where the run goes on at {@code pace}.
     *
     * @param nowUnixS the wall clock now, seconds since the epoch
     * @throws BadInputException when the device is another one or lacks a channel of the run
     */
    public static Continuation continueOn(Cycler device, RunDirectory dir, RunInfo info, CellRoster roster,
                                          Speed.Factor pace, double nowUnixS) throws IOException, BadInputException {
        CyclerIdentity id = device.identity();
        RunInfo.Identity was = info.cycler();
        if (!id.manufacturer().equals(was.manufacturer()) || !id.model().equals(was.model())
                || !id.serial().equals(was.serial())) {
            throw new BadInputException(info.device() + " is " + id + ", not the " + was.manufacturer() + ","
                    + was.model() + "," + was.serial() + " the run started on");
        }
        if (roster.maxChannel() > device.channelCount()) {
            throw new BadInputException("channel " + roster.maxChannel() + " does not exist on " + info.device()
                    + ", which has " + device.channelCount() + " channels");
        }
        Point point = prepare(dir, roster);
        double downS = (nowUnixS - info.startUnixTimeS()) * pace.factor();
        double at = Math.max(point.lastS() + info.tickS(), downS);
        return new Continuation(point.journal(), at, Math.max(0, point.lastS()));
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
