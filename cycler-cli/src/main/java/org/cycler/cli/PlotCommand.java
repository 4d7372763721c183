package org.cycler.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.cycler.core.BadInputException;
import org.cycler.core.NumberRanges;
import org.cycler.core.grading.GradingSpec;
import org.cycler.core.grading.io.GradingSpecParser;
import org.cycler.core.store.RunDirectory;
import org.cycler.reports.plot.RunCharts;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cycler plot RUN (--channel N | --cycles | --bins) --out f.png}: a PNG chart of a run. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw a PNG chart of a run (headless; no display needed):",
            "--channel N: voltage and current against test time, steps shaded by type;",
            "--cycles: discharge capacity and coulombic efficiency per cycle (all channels, or --channels LIST);",
            "--bins: graded capacity as a histogram coloured by bin, with the spec's edges."})
final class PlotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run directory.")
    Path runDir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    /** Which chart. */
    static final class Kind {
        @Option(names = "--channel", paramLabel = "N", description = "Voltage and current of channel N.")
        Integer channel;

        @Option(names = "--cycles", description = "Capacity and coulombic efficiency per cycle.")
        boolean cycles;

        @Option(names = "--bins", description = "Graded capacity histogram coloured by bin (after 'cycler grade').")
        boolean bins;
    }

    @Option(names = "--channels", paramLabel = "LIST", description = "With --cycles: only these channels, e.g. 1-8,12.")
    String channels;

    @Option(names = "--out", paramLabel = "FILE.png", required = true, description = "The PNG file to write.")
    Path out;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1200x700",
            description = "Image size in pixels (default: ${DEFAULT-VALUE}).")
    String size;

    @Override
    public Integer call() throws Exception {
        RunDirectory run = Runs.open(runDir);
        int[] wh = size(size);
        if (kind.channel != null) {
            RunCharts.channel(run, kind.channel, out, wh[0], wh[1]);
        } else if (kind.cycles) {
            Optional<NumberRanges> selected = channels == null ? Optional.empty()
                    : Optional.of(NumberRanges.parse("--channels", channels, 1));
            RunCharts.cycles(run, selected, out, wh[0], wh[1]);
        } else {
            Path copy = run.gradingSpecCopy();
            Optional<GradingSpec> gradingSpec = Files.exists(copy) ? Optional.of(GradingSpecParser.parse(copy))
                    : Optional.empty();
            RunCharts.bins(run, gradingSpec, out, wh[0], wh[1]);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("wrote " + out);
        err.flush();
        return 0;
    }

    private static int[] size(String text) throws BadInputException {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            int w = Integer.parseInt(parts[0].strip());
            int h = Integer.parseInt(parts[1].strip());
            if (parts.length == 2 && w >= 200 && h >= 150 && w <= 10_000 && h <= 10_000) {
                return new int[] {w, h};
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // reported below
        }
        throw new BadInputException("--size: '" + text + "' (expected WIDTHxHEIGHT in pixels, e.g. 1200x700, "
                + "each 200 to 10000 wide and 150 to 10000 high)");
    }
}
