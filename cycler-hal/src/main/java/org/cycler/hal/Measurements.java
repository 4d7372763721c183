package org.cycler.hal;

import java.util.Arrays;

/**
 * One batch of readings for every channel of a cycler, filled in place by {@link Cycler#read}.
 *
 * <p>Preallocated and reused tick after tick so the control loop allocates nothing. Indexed by
 * 1-based channel number. Units: volts, amperes (positive = charge), degrees Celsius.
 * Not thread-safe: owned by the thread that calls {@code read}; readers get copies.
 */
public final class Measurements {

    private final double[] voltageV;
    private final double[] currentA;
    private final double[] temperatureC;
    private final int[] status;

    public Measurements(int channelCount) {
        if (channelCount < 1) {
            throw new IllegalArgumentException("a cycler has at least one channel: " + channelCount);
        }
        voltageV = new double[channelCount];
        currentA = new double[channelCount];
        temperatureC = new double[channelCount];
        status = new int[channelCount];
        Arrays.fill(voltageV, Double.NaN);
        Arrays.fill(currentA, Double.NaN);
        Arrays.fill(temperatureC, Double.NaN);
    }

    public int channelCount() {
        return voltageV.length;
    }

    public double voltage(int channel) {
        return voltageV[channel - 1];
    }

    public double current(int channel) {
        return currentA[channel - 1];
    }

    public double temperature(int channel) {
        return temperatureC[channel - 1];
    }

    /** {@link ChannelStatus} bits. */
    public int status(int channel) {
        return status[channel - 1];
    }

    public void set(int channel, double voltage, double current, double temperature, int statusBits) {
        int i = channel - 1;
        voltageV[i] = voltage;
        currentA[i] = current;
        temperatureC[i] = temperature;
        status[i] = statusBits;
    }

    /** Marks a channel as unreadable: NaN readings with {@link ChannelStatus#COMM_LOSS}. */
    public void markLost(int channel) {
        set(channel, Double.NaN, Double.NaN, Double.NaN, ChannelStatus.COMM_LOSS);
    }
}
