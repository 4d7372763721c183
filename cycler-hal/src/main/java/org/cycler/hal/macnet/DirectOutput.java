package org.cycler.hal.macnet;

import org.cycler.hal.ChannelCommand;

/**
 * One MacNet direct output, the fields of a (6,7) or (6,8) message: a mode letter and four limits
 * that limit each other, the channel delivering whatever the most limiting one allows. Immutable.
 *
 * <p>Units are SI. {@code currentA} and {@code powerW} are magnitudes: {@link #CHARGE} charges,
 * {@link #DISCHARGE} discharges, {@link #REST} turns the output off. A limit of zero limits nothing,
 * so each contract mode maps onto the limits that define it:
 * <table>
 *   <caption>Contract modes as direct outputs</caption>
 *   <tr><th>command</th><th>mode</th><th>Current</th><th>Voltage</th><th>Power</th><th>Resistance</th></tr>
 *   <tr><td>REST</td><td>R</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
 *   <tr><td>CC I</td><td>C/D by sign</td><td>|I|</td><td>0</td><td>0</td><td>0</td></tr>
 *   <tr><td>CC-CV I, V</td><td>C/D by sign</td><td>|I|</td><td>V</td><td>0</td><td>0</td></tr>
 *   <tr><td>CV V, limit</td><td>C/D toward V</td><td>limit</td><td>V</td><td>0</td><td>0</td></tr>
 *   <tr><td>CP P</td><td>C/D by sign</td><td>0</td><td>0</td><td>|P|</td><td>0</td></tr>
 *   <tr><td>CR R</td><td>D</td><td>0</td><td>0</td><td>0</td><td>R</td></tr>
 * </table>
 * A direct output has one direction, so a constant voltage is held from one side: charging toward
 * {@code V} when the channel's last reading was below it, discharging otherwise, with its current
 * limit as the current until {@code V} is reached. That is the CC-CV the device regulates;
 * {@link #command} therefore reads it back as CC-CV.
 *
 * @param mode          {@link #CHARGE}, {@link #DISCHARGE} or {@link #REST}
 * @param currentRange  MacNet's current range, 1 (highest) to 4
 */
public record DirectOutput(char mode, double currentA, double voltageV, double powerW, double resistanceOhm,
                           int currentRange) {

    public static final char CHARGE = 'C';
    public static final char DISCHARGE = 'D';
    public static final char REST = 'R';
    /** The range every output is sent in: the highest, so no setpoint is cut by the range. */
    public static final int HIGHEST_RANGE = 1;
    public static final int LOWEST_RANGE = 4;

    /** The output off. */
    public static final DirectOutput OFF = new DirectOutput(REST, 0, 0, 0, 0, HIGHEST_RANGE);

    public DirectOutput {
        if (mode != CHARGE && mode != DISCHARGE && mode != REST) {
            throw new IllegalArgumentException("direct-output mode must be C, D or R: '" + mode + "'");
        }
        checkLimit(currentA, "Current");
        checkLimit(voltageV, "Voltage");
        checkLimit(powerW, "Power");
        checkLimit(resistanceOhm, "Resistance");
        if (currentRange < HIGHEST_RANGE || currentRange > LOWEST_RANGE) {
            throw new IllegalArgumentException("CurrentRange must be within 1..4: " + currentRange);
        }
    }

    /**
     * The direct output for {@code command}.
     *
     * @param lastVoltageV the channel's latest voltage reading, which says the direction of a
     *                     constant voltage; NaN when there is none (a CV is then held by charging)
     */
    public static DirectOutput of(ChannelCommand command, double lastVoltageV) {
        return switch (command) {
            case ChannelCommand.Rest r -> OFF;
            case ChannelCommand.ConstantCurrent cc -> new DirectOutput(direction(cc.currentA()),
                    Math.abs(cc.currentA()), 0, 0, 0, HIGHEST_RANGE);
            case ChannelCommand.CcCv cccv -> new DirectOutput(direction(cccv.currentA()),
                    Math.abs(cccv.currentA()), cccv.voltageV(), 0, 0, HIGHEST_RANGE);
            case ChannelCommand.ConstantVoltage cv -> new DirectOutput(
                    lastVoltageV > cv.voltageV() ? DISCHARGE : CHARGE, cv.currentLimitA(), cv.voltageV(), 0, 0,
                    HIGHEST_RANGE);
            case ChannelCommand.ConstantPower cp -> new DirectOutput(direction(cp.powerW()), 0, 0,
                    Math.abs(cp.powerW()), 0, HIGHEST_RANGE);
            case ChannelCommand.ConstantResistance cr -> new DirectOutput(DISCHARGE, 0, 0, 0,
                    cr.resistanceOhm(), HIGHEST_RANGE);
        };
    }

    /**
     * What a channel regulating this output does, as a contract command: the most specific limit
     * set decides (resistance, then power, then voltage, then current).
     *
     * @throws IllegalArgumentException for an output no channel can regulate: a resistance while
     *                                  charging, a voltage with no current
     */
    public ChannelCommand command(int channel) {
        double sign = mode == DISCHARGE ? -1 : 1;
        if (mode == REST) {
            return new ChannelCommand.Rest(channel);
        }
        if (resistanceOhm > 0) {
            if (mode != DISCHARGE) {
                throw new IllegalArgumentException("a resistance load discharges: Resistance with mode " + mode);
            }
            return new ChannelCommand.ConstantResistance(channel, resistanceOhm);
        }
        if (powerW > 0) {
            return new ChannelCommand.ConstantPower(channel, sign * powerW);
        }
        if (voltageV > 0) {
            if (currentA == 0) {
                throw new IllegalArgumentException("a voltage limit needs a current: Current is 0");
            }
            return new ChannelCommand.CcCv(channel, sign * currentA, voltageV);
        }
        return new ChannelCommand.ConstantCurrent(channel, sign * currentA);
    }

    private static char direction(double signed) {
        return signed < 0 ? DISCHARGE : CHARGE;
    }

    private static void checkLimit(double value, String field) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite magnitude (>= 0): " + value);
        }
    }
}
