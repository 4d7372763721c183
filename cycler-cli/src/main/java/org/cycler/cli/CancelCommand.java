package org.cycler.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cycler cancel JOB --station URL}: takes a queued job out of the queue. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Take a queued job out of a station's queue (a running job is stopped with 'cycler stop').")
final class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StationOptions station;

    @Parameters(index = "0", paramLabel = "JOB", description = "Job number.")
    String job;

    @Override
    public Integer call() throws Exception {
        var j = station.client().act(job, "cancel", null);
        spec.commandLine().getOut().println("job " + job + " " + j.path("state").asText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
