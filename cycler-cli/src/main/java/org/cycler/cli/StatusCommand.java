package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.core.NumberRanges;
import org.cycler.core.control.ControlMessages;
import org.cycler.core.run.RunStatus;
import org.cycler.core.store.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cycler status RUN}: every channel of a live run, as its controller sees it now; of a run
 * that ended, its final state as the run's files leave it.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a run: per channel state, step, cycle, voltage, current, elapsed time and faults.",
            "A live run as its controller sees it now; a run that ended as its files leave it (run.json, the journal"
                + " and each data file's last row).",
            "Exit code 1 when the run neither is live nor ended (its controller died: cycler resume RUN)."})
final class StatusCommand implements Callable<Integer>, FormatOption.Formatted {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN|JOB", description = "Run directory; with --station, a job number.")
    Path runDir;

    @Mixin
    StationOptions station;

    @Mixin
    FormatOption format;

    @Override
    public List<OutputFormat> formats() {
        return List.of(OutputFormat.TABLE, OutputFormat.JSON);
    }

    @Override
    public Integer call() throws Exception {
        OutputFormat chosen = format.get();
        PrintWriter out = spec.commandLine().getOut();
        if (station.given()) {
            com.fasterxml.jackson.databind.JsonNode job = station.client().job(runDir.toString());
            if (chosen == OutputFormat.JSON) {
                out.println(org.cycler.core.json.Json.MAPPER.writeValueAsString(job));
            } else {
                printJob(out, job);
            }
            out.flush();
            return 0;
        }
        ControlMessages.Response response;
        RunInfo.State ended = null;
        try {
            response = LiveRun.send(runDir, ControlMessages.Command.STATUS, null);
        } catch (LiveRun.NotLiveException e) {
            RunStatus.Ended files = RunStatus.fromFiles(runDir);
            response = files.status();
            ended = files.runState();
        }
        boolean died = ended == RunInfo.State.RUNNING;
        if (chosen == OutputFormat.JSON) {
            out.println(org.cycler.core.control.ControlClient.toJson(response));
        } else {
            print(out, response);
            if (ended != null) {
                out.println(died ? "run not live: its controller died (cycler resume " + runDir + ")"
                        : "run ended " + ended + "; the final state from its files");
            }
        }
        out.flush();
        if (died) {
            spec.commandLine().getErr().println(runDir + ": the run is not live (no controller is running it)");
            return CyclerCommand.EXIT_FAILURE;
        }
        return 0;
    }

    static void print(PrintWriter out, ControlMessages.Response r) {
        out.printf(Locale.ROOT, "run %s: %s, test time %s%n", r.runId(), r.recipe(), ProgressDisplay.clock(r.testTimeS()));
        String row = "%4s  %-16s  %-7s  %4s  %6s  %5s  %9s  %10s  %7s  %10s  %s%n";
        out.printf(Locale.ROOT, row, "CH", "BARCODE", "STATE", "STEP", "COUNT", "CYCLE", "V", "I A", "T degC",
                "ELAPSED", "FAULT");
        for (ControlMessages.ChannelStatus c : r.channels()) {
            out.printf(Locale.ROOT, row, c.channel(), c.barcode(), c.state(), c.stepId(), c.stepCount(), c.cycleCount(),
                    number(c.voltageV(), 4), number(c.currentA(), 4), number(c.temperatureC(), 1),
                    ProgressDisplay.clock(c.testTimeS()),
                    c.fault() == null ? "-" : c.fault().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + c.message());
        }
        if (r.stats() != null) {
            StatsTable.print(out, r.stats(), false);
        }
    }

    private static void printJob(PrintWriter out, com.fasterxml.jackson.databind.JsonNode job)
            throws org.cycler.core.BadInputException {
        out.printf(Locale.ROOT, "job %s: %s on %s, %s%s%n", job.path("id").asText(), job.path("recipe").asText(),
                job.path("device").asText(), job.path("state").asText(),
                job.path("message").asText().isEmpty() ? "" : " (" + job.path("message").asText() + ")");
        out.println("run directory: " + job.path("run_dir").asText());
        if (job.path("channel_states").isEmpty() && !job.path("state").asText().equals("QUEUED")) {
            // An ended job has no live channels: its final state is in its run directory's files.
            Path dir = Path.of(job.path("run_dir").asText());
            if (Files.isDirectory(dir)) {
                print(out, RunStatus.fromFiles(dir).status());
            } else {
                out.println("its final state is in its run directory's files, on the station's computer");
            }
            return;
        }
        String row = "%4s  %-16s  %-7s  %4s  %5s  %9s  %10s  %10s%n";
        out.printf(Locale.ROOT, row, "CH", "BARCODE", "STATE", "STEP", "CYCLE", "V", "I A", "ELAPSED");
        for (com.fasterxml.jackson.databind.JsonNode c : job.path("channel_states")) {
            out.printf(Locale.ROOT, row, c.path("channel").asInt(),
                    job.path("barcodes").path(c.path("channel").asText()).asText(), c.path("state").asText(),
                    c.path("step_id").asInt(), c.path("cycle_count").asInt(),
                    String.format(Locale.ROOT, "%.4f", c.path("voltage_v").asDouble()),
                    String.format(Locale.ROOT, "%.4f", c.path("current_a").asDouble()),
                    ProgressDisplay.clock(c.path("test_time_s").asDouble()));
        }
    }

    private static String number(Double value, int places) {
        return value == null ? "-" : String.format(Locale.ROOT, "%." + places + "f", value);
    }

    /** Channel lists for the steering commands. */
    static int[] channels(String text) throws org.cycler.core.BadInputException {
        return text == null ? null : NumberRanges.channels("--channels", text);
    }
}
