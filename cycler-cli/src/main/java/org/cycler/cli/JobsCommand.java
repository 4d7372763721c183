package org.cycler.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.cycler.core.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cycler jobs --station URL}: the station's queued, running and finished jobs. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List a station's jobs: queued, running and finished, in submission order.")
final class JobsCommand implements Callable<Integer>, FormatOption.Formatted {

    @Spec
    CommandSpec spec;

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
        List<JsonNode> jobs = station.client().jobs();
        PrintWriter out = spec.commandLine().getOut();
        if (format.get() == OutputFormat.JSON) {
            out.println(Json.MAPPER.writeValueAsString(jobs));
        } else {
            String row = "%5s  %-9s  %-12s  %-10s  %-24s  %s%n";
            out.printf(Locale.ROOT, row, "JOB", "STATE", "DEVICE", "CHANNELS", "RECIPE", "RUN DIR");
            for (JsonNode j : jobs) {
                int[] channels = Json.MAPPER.convertValue(j.path("channels"), int[].class);
                out.printf(Locale.ROOT, row, j.path("id").asText(), j.path("state").asText(), j.path("device").asText(),
                        org.cycler.core.NumberRanges.format(channels), j.path("recipe").asText(),
                        j.path("run_dir").asText() + (j.path("message").asText().isEmpty() ? ""
                                : "  (" + j.path("message").asText() + ")"));
            }
        }
        out.flush();
        return 0;
    }
}
