package org.cycler.cli;

import java.util.concurrent.Callable;

import org.cycler.core.control.ControlMessages;
import picocli.CommandLine.Command;

/** {@code cycler stop RUN}: ends channels for good, outputs off. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop channels of a live run for good: output off, state STOPPED, data kept.",
            "Exit code 1 when the run is not live."})
final class StopCommand extends SteerCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return steer(ControlMessages.Command.STOP);
    }
}
