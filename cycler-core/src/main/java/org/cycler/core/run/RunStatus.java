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
import org.cycler.core.store.BdfColumns;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunFiles;
import org.cycler.core.store.RunInfo;

/**
 * The status of a run that no controller drives, read from its files: run.json names the run and
 * its channels, the journal each channel's last state (and its fault), the data files' last rows
 * where each channel stood (step, cycle, voltage, current, temperature, test time). The answer
 * has the shape of a live run's status, so both print alike. Reads the data files' tails only.
 */
public final class RunStatus {

    private static final int TIME = BdfColumns.ALL.indexOf(BdfColumns.TEST_TIME);
    private static final int VOLTAGE = BdfColumns.ALL.indexOf(BdfColumns.VOLTAGE);
    private static final int CURRENT = BdfColumns.ALL.indexOf(BdfColumns.CURRENT);
    private static final int CYCLE = BdfColumns.ALL.indexOf(BdfColumns.CYCLE_COUNT);
    private static final int STEP_COUNT = BdfColumns.ALL.indexOf(BdfColumns.STEP_COUNT);
    private static final int STEP_ID = BdfColumns.ALL.indexOf(BdfColumns.STEP_ID);
    private static final int TEMPERATURE = BdfColumns.ALL.indexOf(BdfColumns.TEMPERATURE);

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
        try {
            RunDirectory dir = RunDirectory.open(runDir);
            RunInfo info = dir.readInfo();
            Map<Integer, ChannelEvent> lastState = new HashMap<>();
            for (ChannelEvent e : RunFiles.readJournal(dir.journal())) {
                if (e.kind() == ChannelEvent.Kind.STATE) {
                    lastState.put(e.channel(), e);
                }
            }
            List<ControlMessages.ChannelStatus> channels = new ArrayList<>();
            double runTime = 0;
            for (RunInfo.ChannelInfo c : info.channels()) {
                Optional<List<String>> row = RunFiles.lastRow(dir.dataFile(c.channel()));
                ChannelEvent state = lastState.get(c.channel());
                double time = row.map(r -> number(r, TIME)).orElse(state == null ? 0 : state.testTimeS());
                runTime = Math.max(runTime, time);
                String name = state != null ? state.state().name() : info.state() == RunInfo.State.RUNNING ? "RUNNING" : "-";
                channels.add(new ControlMessages.ChannelStatus(c.channel(), c.barcode(), name,
                        row.map(r -> (int) number(r, STEP_ID)).orElse(state == null ? 0 : state.stepId()),
                        row.map(r -> (long) number(r, STEP_COUNT)).orElse(state == null ? 0L : state.stepCount()),
                        row.map(r -> (int) number(r, CYCLE)).orElse(state == null ? 0 : state.cycleCount()),
                        row.map(r -> number(r, VOLTAGE)).orElse(null), row.map(r -> number(r, CURRENT)).orElse(null),
                        row.map(r -> number(r, TEMPERATURE)).orElse(null), time,
                        state == null || state.reason() == null ? null : state.reason().name(),
                        state == null || state.reason() == null ? null : state.message()));
            }
            return new Ended(info.state(), new ControlMessages.Response(true, null, info.runId(), info.recipeName(),
                    runTime, List.copyOf(channels), null));
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(runDir + ": cannot read the run's files (" + e.getMessage() + ")", e);
        }
    }

    private static double number(List<String> row, int column) {
        String text = row.get(column);
        return text.isEmpty() ? Double.NaN : Double.parseDouble(text);
    }

    /**
     * @param runState the run's state in run.json
     * @param status   the channels as the files leave them
     */
    public record Ended(RunInfo.State runState, ControlMessages.Response status) {
    }
}
