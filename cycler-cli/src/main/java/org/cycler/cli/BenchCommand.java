package org.cycler.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cycler bench ...}: the measurements behind BENCHMARKS.md, one subcommand each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure performance figures against DESIGN section 10 (see BENCHMARKS.md).",
        subcommands = {BenchTickCommand.class, BenchScaleCommand.class, BenchLogCommand.class, BenchSimCommand.class,
            BenchGradeCommand.class, BenchDeviceCommand.class, BenchClaimsCommand.class, BenchStationCommand.class})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
