package org.cycler.cli;

import java.util.concurrent.Callable;

import org.cycler.core.control.ControlMessages;
import picocli.CommandLine.Command;

/** {@code cycler pause RUN}: outputs to REST, step time frozen, accumulators kept. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {"Pause channels of a live run: output off (REST), step time frozen, accumulators kept.",
            "Continue them with 'cycler resume'. Exit code 1 when the run is not live."})
final class PauseCommand extends SteerCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return steer(ControlMessages.Command.PAUSE);
    }
}
