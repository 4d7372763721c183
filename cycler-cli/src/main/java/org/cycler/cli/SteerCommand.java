package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

import org.cycler.core.control.ControlMessages;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code pause}, {@code stop} and the live form of {@code resume} share: a run directory,
 * an optional channel list, one request to the run's controller, the resulting states.
 */
abstract class SteerCommand {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN|JOB", description = "Run directory; with --station, a job number.")
    Path runDir;

    @Mixin
    StationOptions station;

    @Option(names = "--channels", paramLabel = "LIST", description = "Only these channels, e.g. 1-8,12 (default: all).")
    String channels;

    /** Sends {@code command}; prints the channels' states. */
    int steer(ControlMessages.Command command) throws Exception {
        if (station.given()) {
            String job = runDir.toString();
            JsonNode j = station.client().act(job, command.wireName(), StatusCommand.channels(channels));
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s sent to job %s (%s); it takes effect at the next tick.%n", command.wireName(), job,
                    channels == null ? "all channels" : "channels " + channels);
            out.flush();
            return j.has("id") ? 0 : CyclerCommand.EXIT_FAILURE;
        }
        ControlMessages.Response response;
        try {
            response = LiveRun.send(runDir, command, StatusCommand.channels(channels));
        } catch (LiveRun.NotLiveException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return CyclerCommand.EXIT_FAILURE;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s sent to %s (%s); it takes effect at the next tick.%n", command.wireName(), runDir,
                channels == null ? "all channels" : "channels " + channels);
        out.flush();
        return 0;
    }
}
