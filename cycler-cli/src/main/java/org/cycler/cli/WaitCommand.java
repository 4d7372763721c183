package org.cycler.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import org.cycler.station.http.StationClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cycler wait JOB --station URL}: blocks until the job ends; exit 0 if it ended DONE. */
@Command(name = "wait", mixinStandardHelpOptions = true,
        description = {"Wait until a station's job ends; print its end state.",
            "Exit code 0 when it ended DONE, 1 when it ended otherwise (STOPPED, FAILED, CANCELLED)."})
final class WaitCommand implements Callable<Integer> {

    /** How often the job is asked for. */
    static final Duration POLL = Duration.ofMillis(500);
    private static final Set<String> ENDED = Set.of("DONE", "STOPPED", "FAILED", "CANCELLED");

    @Spec
    CommandSpec spec;

    @Mixin
    StationOptions station;

    @Parameters(index = "0", paramLabel = "JOB", description = "Job number.")
    String job;

    @Override
    public Integer call() throws Exception {
        StationClient client = station.client();
        JsonNode j = client.job(job);
        while (!ENDED.contains(j.path("state").asText())) {
            Thread.sleep(POLL.toMillis());
            j = client.job(job);
        }
        PrintWriter out = spec.commandLine().getOut();
        String message = j.path("message").asText();
        out.println("job " + job + " " + j.path("state").asText() + (message.isEmpty() ? "" : ": " + message));
        out.flush();
        return j.path("state").asText().equals("DONE") ? 0 : CyclerCommand.EXIT_FAILURE;
    }
}
