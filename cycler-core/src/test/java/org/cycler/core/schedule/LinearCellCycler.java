package org.cycler.core.schedule;

import java.util.List;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.Measurements;
import org.cycler.hal.Ticker;

/**
 * A test cycler whose cells are ideal: OCV rises linearly with charge, {@code V = OCV + I R}, no
 * dynamics, so every expected figure can be worked out by hand. CV and CC-CV are solved exactly.
 * A channel's status bits and readings can be forced, to test faults.
 */
final class LinearCellCycler implements Cycler {

    static final double OCV_EMPTY_V = 3.0;
    static final double VOLTS_PER_AH = 1.0;
    static final double RESISTANCE_OHM = 0.05;

    private final Ticker ticker;
    private final int channels;
    private final double[] chargeAh;
    private final double[] temperature;
    private final ChannelCommand[] command;
    private final int[] forcedStatus;
    private long lastNanos;
    int applies;

    LinearCellCycler(Ticker ticker, int channels) {
        this.ticker = ticker;
        this.channels = channels;
        chargeAh = new double[channels];
        temperature = new double[channels];
        command = new ChannelCommand[channels];
        forcedStatus = new int[channels];
        java.util.Arrays.fill(temperature, 25);
        for (int i = 0; i < channels; i++) {
            command[i] = new ChannelCommand.Rest(i + 1);
        }
        lastNanos = ticker.nanos();
    }

    void setCharge(int channel, double ah) {
        chargeAh[channel - 1] = ah;
    }

    void setTemperature(int channel, double celsius) {
        temperature[channel - 1] = celsius;
    }

    void forceStatus(int channel, int bits) {
        forcedStatus[channel - 1] = bits;
    }

    double charge(int channel) {
        return chargeAh[channel - 1];
    }

    ChannelCommand command(int channel) {
        return command[channel - 1];
    }

    @Override
    public CyclerIdentity identity() {
        return new CyclerIdentity("Test", "LINEAR", "0", "1");
    }

    @Override
    public int channelCount() {
        return channels;
    }

    private double ocv(int i) {
        return OCV_EMPTY_V + VOLTS_PER_AH * chargeAh[i];
    }

    private double current(int i) {
        return switch (command[i]) {
            case ChannelCommand.Rest r -> 0;
            case ChannelCommand.ConstantCurrent cc -> cc.currentA();
            case ChannelCommand.ConstantVoltage cv ->
                    clamp((cv.voltageV() - ocv(i)) / RESISTANCE_OHM, cv.currentLimitA());
            case ChannelCommand.CcCv c -> {
                double cv = (c.voltageV() - ocv(i)) / RESISTANCE_OHM;
                yield c.currentA() > 0 ? Math.min(c.currentA(), Math.max(0, cv)) : Math.max(c.currentA(), Math.min(0, cv));
            }
            case ChannelCommand.ConstantPower p -> {
                double e = ocv(i);
                yield (-e + Math.sqrt(e * e + 4 * RESISTANCE_OHM * p.powerW())) / (2 * RESISTANCE_OHM);
            }
            case ChannelCommand.ConstantResistance r -> -ocv(i) / (r.resistanceOhm() + RESISTANCE_OHM);
        };
    }

    private static double clamp(double value, double limit) {
        return Math.max(-limit, Math.min(limit, value));
    }

    /** Integrates in 10 ms sub-steps so CV converges like regulated hardware. */
    private void advance() {
        long now = ticker.nanos();
        double remaining = (now - lastNanos) / 1e9;
        lastNanos = now;
        while (remaining > 1e-12) {
            double dt = Math.min(0.01, remaining);
            for (int i = 0; i < channels; i++) {
                chargeAh[i] += current(i) * dt / 3600;
            }
            remaining -= dt;
        }
    }

    @Override
    public void read(Measurements into) {
        advance();
        for (int i = 0; i < channels; i++) {
            double current = current(i);
            if (forcedStatus[i] == ChannelStatus.COMM_LOSS) {
                into.markLost(i + 1);
            } else {
                into.set(i + 1, ocv(i) + current * RESISTANCE_OHM, current, temperature[i], forcedStatus[i]);
            }
        }
    }

    @Override
    public void apply(List<? extends ChannelCommand> commands) {
        advance();
        applies++;
        for (ChannelCommand c : commands) {
            command[c.channel() - 1] = c;
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < channels; i++) {
            command[i] = new ChannelCommand.Rest(i + 1);
        }
    }
}
