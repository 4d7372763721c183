package org.cycler.core.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cycler.core.BadInputException;
import org.cycler.core.control.ControlMessages;
import org.cycler.core.schedule.ChannelEvent;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunReader;
import org.cycler.core.store.RunInfo;

/**
 * The status of a run that no controller drives, read from its files: run.json names the run and
 * its channels, the journal each channel's last state (and its fault), the data files' last rows
 * where each channel stood (step, cycle, voltage, current, temperature, test time). The answer
 * has the shape of a live run's status, so both print alike. Reads the data files' tails only.
 */
public final class RunStatus {

    private RunStatus() {
    }

    /**
     * The run's state as its files leave it.
     *
     * @return the run's state from run.json ({@code FINISHED}, {@code STOPPED}, {@code FAILED},
     *         or {@code RUNNING} for a run whose controller died) and each channel's last status
     * @throws BadInputException when the directory is not a run or a file cannot be read
     */
    public static Ended fromFiles(Path runDir) throws BadInputException {
        RunReader reader;
        try {
            reader = new RunReader(RunDirectory.open(runDir));
        } catch (IOException e) {
            throw new BadInputException(runDir + ": cannot read the run's files (" + e.getMessage() + ")", e);
        }
        try {
            RunInfo info = reader.info();
            Map<Integer, ChannelEvent> lastState = new HashMap<>();
            for (ChannelEvent e : reader.journal()) {
                if (e.kind() == ChannelEvent.Kind.STATE) {
                    lastState.put(e.channel(), e);
                }
            }
            List<ControlMessages.ChannelStatus> channels = new ArrayList<>();
            double runTime = 0;
            for (RunInfo.ChannelInfo c : info.channels()) {
                Optional<RunReader.DataRow> last = reader.lastDataRow(c.channel());
                ChannelEvent state = lastState.get(c.channel());
                double time = last.isPresent() ? last.get().testTimeS() : state == null ? 0 : state.testTimeS();
                runTime = Math.max(runTime, time);
                String name = state != null ? state.state().name() : info.state() == RunInfo.State.RUNNING ? "RUNNING" : "-";
                String reason = state == null || state.reason() == null ? null : state.reason().name();
                String message = reason == null ? null : state.message();
                if (last.isPresent()) {
                    RunReader.DataRow row = last.get();
                    channels.add(new ControlMessages.ChannelStatus(c.channel(), c.barcode(), name, row.stepId(),
                            row.stepCount(), (int) row.cycleCount(), row.voltageV(), row.currentA(), row.temperatureC(),
                            time, reason, message));
                } else {
                    channels.add(new ControlMessages.ChannelStatus(c.channel(), c.barcode(), name,
                            state == null ? 0 : state.stepId(), state == null ? 0L : state.stepCount(),
                            state == null ? 0 : state.cycleCount(), null, null, null, time, reason, message));
                }
            }
            return new Ended(info.state(), new ControlMessages.Response(true, null, info.runId(), info.recipeName(),
                    runTime, List.copyOf(channels), null));
        } catch (BadInputException | RuntimeException e) {
            throw new BadInputException(runDir + ": cannot read the run's files (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param runState the run's state in run.json
     * @param status   the channels as the files leave them
     */
    public record Ended(RunInfo.State runState, ControlMessages.Response status) {
    }
}
