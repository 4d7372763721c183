package org.cycler.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cycler.core.BadInputException;
import org.cycler.core.calibration.ChannelCalibrator;

/**
 * Parses {@code cycler calibrate}'s reference points: {@code VALUE[@SETPOINT]}, each a number with
 * an optional unit ({@code 3.70012}, {@code 3700.12mV}, {@code 0.99962A@1A}, {@code 0@rest}).
 * Without a setpoint (or with {@code @rest}) the channel is read at rest; with one, a voltage
 * point holds the channel at that constant voltage and a current point at that constant current.
 */
final class ReferenceOption {

    private static final String NUMBER = "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?";
    private static final Pattern FORM = Pattern.compile("\\s*(" + NUMBER + ")\\s*([a-zA-Z]*)\\s*(?:@\\s*(?:(rest)|("
            + NUMBER + ")\\s*([a-zA-Z]*)))?\\s*", Pattern.CASE_INSENSITIVE);

    private ReferenceOption() {
    }

    /** A voltage point of {@code --reference-v}. */
    static ChannelCalibrator.Reference voltage(String text) throws BadInputException {
        double[] p = parse("--reference-v", text, "V");
        return new ChannelCalibrator.Reference(p[0], Double.isNaN(p[1]) ? new ChannelCalibrator.Hold.Rest()
                : new ChannelCalibrator.Hold.Voltage(positive("--reference-v", text, p[1])));
    }

    /** A current point of {@code --reference-i}. */
    static ChannelCalibrator.Reference current(String text) throws BadInputException {
        double[] p = parse("--reference-i", text, "A");
        return new ChannelCalibrator.Reference(p[0], Double.isNaN(p[1]) ? new ChannelCalibrator.Hold.Rest()
                : new ChannelCalibrator.Hold.Current(p[1]));
    }

    /** {reference, setpoint or NaN for rest}, in SI units. */
    private static double[] parse(String option, String text, String unit) throws BadInputException {
        Matcher m = FORM.matcher(text);
        String expected = " (expected VALUE[@SETPOINT] in " + unit + " or m" + unit + ", e.g. "
                + ("V".equals(unit) ? "3.70012, 3.60005V@3.6V" : "0, 0.99962A@1A, -1.0003@-1") + ")";
        if (!m.matches()) {
            throw new BadInputException(option + ": '" + text + "'" + expected);
        }
        double reference = scaled(option, text, m.group(1), m.group(2), unit, expected);
        double setpoint = m.group(4) == null ? Double.NaN : scaled(option, text, m.group(4), m.group(5), unit, expected);
        return new double[] {reference, setpoint};
    }

    private static double scaled(String option, String text, String number, String suffix, String unit, String expected)
            throws BadInputException {
        double value = Double.parseDouble(number);
        String s = suffix.toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals(unit.toLowerCase(Locale.ROOT))) {
            return value;
        }
        if (s.equals("m" + unit.toLowerCase(Locale.ROOT))) {
            return value / 1000;
        }
        throw new BadInputException(option + ": unknown unit '" + suffix + "' in '" + text + "'" + expected);
    }

    private static double positive(String option, String text, double volts) throws BadInputException {
        if (!(volts > 0)) {
            throw new BadInputException(option + ": '" + text + "': a constant-voltage setpoint must be above 0 V");
        }
        return volts;
    }
}
