package org.cycler.cli;

import java.io.PrintWriter;

import org.cycler.core.BadInputException;
import org.cycler.core.recipe.RecipeException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cycler} command. Exit codes: 0 success, 1 the work failed, 2 bad input (a usage
 * error, a broken recipe, an unusable file); bad input is one line, never a stack trace.
 */
@Command(name = "cycler",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Formation and grading control for lithium-ion cells.",
        subcommands = {RunCommand.class, ValidateCommand.class, StatusCommand.class, PauseCommand.class,
            ResumeCommand.class, StopCommand.class, GradeCommand.class, BinsCommand.class, CellsCommand.class, ServeCommand.class, MatchCommand.class,
            ExportCommand.class, PlotCommand.class, EmulateCommand.class, DevicesCommand.class, CalibrateCommand.class, BenchCommand.class,
            StationCommand.class, SubmitCommand.class, JobsCommand.class, WaitCommand.class,
            CancelCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class})
public final class CyclerCommand implements Runnable {

    /** The work could not be done (I/O failure, hardware gone). */
    public static final int EXIT_FAILURE = 1;
    /** The input is unusable: usage, recipe, file. */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // charts render into images only; set before anything loads AWT, so no display is ever needed
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, as tests and main use it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CyclerCommand());
        cli.setExecutionExceptionHandler(CyclerCommand::handle);
        cli.setParameterExceptionHandler(CyclerCommand::badUsage);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        FormatOption.describe(cli);
        return cli;
    }

    /** A usage error is one line, naming the command whose help tells more; exit code 2. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(e.getMessage().strip().replace('\n', ' ') + " (see '" + cli.getCommandSpec().qualifiedName()
                + " --help')");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof RecipeException || e instanceof BadInputException) {
            err.println(e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        err.println("cycler: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        err.flush();
        return EXIT_FAILURE;
    }
}
