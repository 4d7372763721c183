package org.cycler.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cycler.core.BadInputException;
import org.cycler.core.control.ControlClient;
import org.cycler.core.control.ControlMessages;

/** Sends one control request to a live run and turns a refusal into a one-line error. */
final class LiveRun {

    private LiveRun() {
    }

    /** The controller's answer, or a {@link NotLiveException} when no controller runs the run. */
    static ControlMessages.Response send(Path runDir, ControlMessages.Command command, int[] channels)
            throws IOException, BadInputException, NotLiveException {
        if (!Files.isRegularFile(runDir.resolve("run.json"))) {
            throw new BadInputException(runDir + ": not a run directory (no run.json)");
        }
        ControlMessages.Response response = ControlClient.send(runDir, command, channels)
                .orElseThrow(() -> new NotLiveException(runDir + ": the run is not live (no controller is running it)"));
        if (!response.ok()) {
            throw new BadInputException(runDir + ": " + response.error());
        }
        return response;
    }

    /** No controller answers for the run. */
    static final class NotLiveException extends Exception {
        NotLiveException(String message) {
            super(message);
        }
    }
}
