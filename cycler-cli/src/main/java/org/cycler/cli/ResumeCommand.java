package org.cycler.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.cycler.core.BadInputException;
import org.cycler.core.control.ControlClient;
import org.cycler.core.control.ControlMessages;
import org.cycler.core.run.FormationRun;
import org.cycler.core.run.Speed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cycler resume RUN}: on a live run, continues paused channels; on a run whose controller
 * died (crash, kill -9, power loss), continues every channel where it was.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Live run: continue paused channels (all, or --channels).",
            "Crashed run (its controller died): continue every channel in the step it was in, with its capacity, "
                + "energy and cycle counters, appending to the same files; a device run goes on, on the device "
                + "named in run.json, from its journal's last checkpoint."})
final class ResumeCommand extends SteerCommand implements Callable<Integer> {

    @Option(names = "--plain", description = "Plain progress lines instead of the live display (crashed runs).")
    boolean plain;

    @Option(names = "--stats", description = "At the end, print the control loop's timing (crashed runs).")
    boolean stats;

    @Option(names = "--speed", paramLabel = "max|realtime|FACTOR", description = "Crashed simulated runs: continue "
            + "at this speed instead of the run's own (the data are the same at every speed).")
    String speed;

    @Override
    public Integer call() throws Exception {
        if (station.given()) {
            return steer(ControlMessages.Command.RESUME);
        }
        Optional<Speed> pace = speed == null ? Optional.empty() : Optional.of(Speed.parse(speed));
        if (ControlClient.send(runDir, ControlMessages.Command.STATUS, null).isPresent()) {
            if (pace.isPresent()) {
                throw new BadInputException("--speed: the run is live; only a crashed run resumes at a new speed");
            }
            return steer(ControlMessages.Command.RESUME);
        }
        if (channels != null) {
            throw new BadInputException("--channels: the run is not live; a crashed run resumes every channel");
        }
        FormationRun run = FormationRun.resume(runDir, pace);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "resuming %s: %s, files complete up to test time %s%n", runDir,
                run.info().recipeName(), ProgressDisplay.clock(Math.max(0, run.resumedFromS().orElse(0.0))));
        RunPresenter.present(out, run, plain, stats);
        return 0;
    }
}
