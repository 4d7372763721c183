package org.cycler.core.run;

import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cycler.core.BadInputException;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.recipe.SourceLocation;
import org.cycler.core.recipe.io.Quantities;
import org.cycler.hal.sim.InjectedFault;

/**
 * Fault injection as written on the command line: {@code CHANNEL:KIND@TIME[+DURATION]}, e.g.
 * {@code 3:over-temperature@2h}, {@code 5:comm-loss@30min+1min}, {@code 7:voltage-spike@1h}.
 * Without a duration a fault lasts to the end of the run, except a voltage spike, which is one
 * reading.
 */
public final class FaultOption {

    private static final Pattern FORM = Pattern.compile("\\s*(\\d+)\\s*:\\s*([a-zA-Z-]+)\\s*@\\s*([^+]+?)\\s*(?:\\+\\s*(.+?))?\\s*");
    private static final String KINDS = "over-temperature, voltage-spike, stuck-reading, nan-reading, comm-loss, "
            + "slow-reply, hardware-fault";

    private FaultOption() {
    }

    public static InjectedFault parse(String text) throws BadInputException {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new BadInputException("--fault: '" + text + "' (expected CHANNEL:KIND@TIME[+DURATION], e.g. 3:comm-loss@2h+5min)");
        }
        InjectedFault.Kind kind = InjectedFault.Kind.ofSpelling(m.group(2)).orElseThrow(() -> new BadInputException(
                "--fault: unknown kind '" + m.group(2) + "' in '" + text + "' (expected " + KINDS + ")"));
        double at = seconds(m.group(3), text);
        double duration = m.group(4) != null ? seconds(m.group(4), text)
                : kind == InjectedFault.Kind.VOLTAGE_SPIKE ? 0 : Double.POSITIVE_INFINITY;
        int channel = Integer.parseInt(m.group(1));
        if (channel < 1) {
            throw new BadInputException("--fault: channel " + channel + " in '" + text + "' (channels start at 1)");
        }
        return new InjectedFault(channel, kind, at, duration);
    }

    private static double seconds(String duration, String whole) throws BadInputException {
        try {
            return Quantities.parse(duration, EnumSet.of(Quantities.Kind.DURATION),
                    new SourceLocation("--fault", 1, 1)).value();
        } catch (RecipeException e) {
            throw new BadInputException("--fault: '" + duration + "' in '" + whole + "' is not a duration (expected e.g. 90 s, 30min, 2h)");
        }
    }
}
