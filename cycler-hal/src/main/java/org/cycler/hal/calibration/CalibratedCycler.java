package org.cycler.hal.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Cycler;
import org.cycler.hal.ForwardingCycler;
import org.cycler.hal.Measurements;

/**
 * A cycler whose readings and setpoints are corrected by each channel's {@link ChannelCalibration},
 * wrapped around any other (a driver, the simulator): what the layers above read and command is
 * the truth as the calibration's reference meter saw it. Readings are corrected in place after
 * the wrapped cycler's read, allocating nothing; setpoints are pre-corrected into fresh commands
 * when they change (a new setpoint is a new command anyway). Temperatures and status bits pass
 * unchanged, and NaN readings (a lost channel) stay NaN. Used by one control thread, as the
 * wrapped cycler is.
 */
public final class CalibratedCycler extends ForwardingCycler {

    private final ChannelCalibration[] channels;
    private final List<ChannelCommand> corrected = new ArrayList<>();

    /**
     * @param calibrations channel {@code k} at index {@code k - 1}; channels beyond the list are
     *                     not corrected
     * @throws IllegalArgumentException when the list names more channels than {@code inner} has
     */
    public CalibratedCycler(Cycler inner, List<ChannelCalibration> calibrations) {
        super(inner);
        if (calibrations.size() > inner.channelCount()) {
            throw new IllegalArgumentException("calibration for " + calibrations.size() + " channels of a "
                    + inner.channelCount() + "-channel cycler");
        }
        channels = new ChannelCalibration[inner.channelCount()];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = i < calibrations.size() ? Objects.requireNonNull(calibrations.get(i), "calibration")
                    : ChannelCalibration.IDENTITY;
        }
    }

    /** The calibration channel {@code channel} (1-based) is corrected by. */
    public ChannelCalibration calibration(int channel) {
        return channels[channel - 1];
    }

    @Override
    public void read(Measurements into) {
        inner.read(into);
        for (int ch = 1; ch <= channels.length; ch++) {
            ChannelCalibration c = channels[ch - 1];
            into.set(ch, c.voltage(into.voltage(ch)), c.current(into.current(ch)), into.temperature(ch),
                    into.status(ch));
        }
    }

    @Override
    public void apply(List<? extends ChannelCommand> commands) {
        corrected.clear();
        for (int k = 0; k < commands.size(); k++) {
            ChannelCommand command = commands.get(k);
            corrected.add(setpoint(command, channels[command.channel() - 1]));
        }
        inner.apply(corrected);
        corrected.clear();
    }

    /** The command that makes the channel deliver what {@code command} asks, under {@code c}. */
    static ChannelCommand setpoint(ChannelCommand command, ChannelCalibration c) {
        if (c.isIdentity()) {
            return command;
        }
        return switch (command) {
            case ChannelCommand.Rest rest -> rest;
            case ChannelCommand.ConstantCurrent cc ->
                    new ChannelCommand.ConstantCurrent(cc.channel(), c.currentSetpoint(cc.currentA()));
            case ChannelCommand.ConstantVoltage cv -> new ChannelCommand.ConstantVoltage(cv.channel(),
                    c.voltageSetpoint(cv.voltageV()), cv.currentLimitA() * c.currentGain());
            case ChannelCommand.CcCv cccv -> {
                double current = c.currentSetpoint(cccv.currentA());
                // an offset cannot flip a CC-CV's direction: keep the sign the recipe gave
                yield new ChannelCommand.CcCv(cccv.channel(),
                        Math.signum(current) == Math.signum(cccv.currentA()) ? current : cccv.currentA(),
                        c.voltageSetpoint(cccv.voltageV()));
            }
            case ChannelCommand.ConstantPower cp ->
                    new ChannelCommand.ConstantPower(cp.channel(), cp.powerW() * c.voltageGain() * c.currentGain());
            case ChannelCommand.ConstantResistance cr -> new ChannelCommand.ConstantResistance(cr.channel(),
                    cr.resistanceOhm() * c.voltageGain() / c.currentGain());
        };
    }

}
