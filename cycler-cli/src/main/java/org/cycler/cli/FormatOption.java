package org.cycler.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cycler.core.BadInputException;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --format} option of every data command, as one mixin: the same help text, naming the
 * formats that command allows and its default, and the same one-line error (exit 2) for a format
 * it does not allow.
 */
final class FormatOption {

    /** A command that prints in one of several formats. */
    interface Formatted {
        /** The formats the command allows; the first is its default. */
        List<OutputFormat> formats();
    }

    static final String NAME = "--format";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The help text is made per command by {@link #describe}. */
    @Option(names = NAME, paramLabel = "FORMAT", description = "Output format.")
    String text;

    /** The format asked for, or the command's default. */
    OutputFormat get() throws BadInputException {
        List<OutputFormat> allowed = ((Formatted) mixee.userObject()).formats();
        if (text == null) {
            return allowed.get(0);
        }
        for (OutputFormat f : allowed) {
            if (f.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new BadInputException(NAME + ": '" + text + "' (expected " + spoken(allowed) + ")");
    }

    /**
     * Gives the {@code --format} of every command under {@code cli} that is {@link Formatted} its
     * own label ({@code table|csv|json}) and help text ({@code Output format: table, csv or json
     * (default: table).}).
     */
    static void describe(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            describe(sub);
        }
        if (cli.getCommand() instanceof Formatted formatted) {
            CommandSpec spec = cli.getCommandSpec();
            OptionSpec option = spec.findOption(NAME);
            List<String> labels = formatted.formats().stream().map(OutputFormat::label).toList();
            spec.remove(option);
            spec.addOption(OptionSpec.builder(option).paramLabel(String.join("|", labels))
                    .description("Output format: " + spoken(formatted.formats()) + " (default: " + labels.get(0) + ").")
                    .build());
        }
    }

    /** {@code table, csv or json}. */
    private static String spoken(List<OutputFormat> formats) {
        List<String> labels = new ArrayList<>(formats.stream().map(OutputFormat::label).toList());
        String last = labels.remove(labels.size() - 1);
        return labels.isEmpty() ? last : String.join(", ", labels) + " or " + last;
    }
}
