package org.cycler.core.calibration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.cycler.hal.calibration.ChannelCalibration;

/**
 * One device's calibration, channel by channel, as a calibration file holds it. Immutable.
 *
 * @param device   the device name (or address) the file calibrates, as {@code cycler calibrate}
 *                 was given it
 * @param serial   the serial number the device identified itself with when calibrated; empty
 *                 when it gave none
 * @param channels one entry per calibrated channel, in channel order, no channel twice
 */
public record Calibration(String device, String serial, List<Channel> channels) {

    public Calibration {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(serial, "serial");
        channels = channels.stream().sorted(Comparator.comparingInt(Channel::channel)).toList();
        for (int k = 1; k < channels.size(); k++) {
            if (channels.get(k).channel() == channels.get(k - 1).channel()) {
                throw new IllegalArgumentException("channel " + channels.get(k).channel() + " calibrated twice");
            }
        }
    }

    /**
     * One channel's calibration and where it came from.
     *
     * @param date      when it was calibrated, ISO-8601 (as the technician or the command wrote it)
     * @param by        who calibrated it
     * @param reference the reference instrument it was calibrated against
     */
    public record Channel(int channel, ChannelCalibration calibration, String date, String by, String reference) {
        public Channel {
            if (channel < 1) {
                throw new IllegalArgumentException("channel numbers start at 1: " + channel);
            }
            Objects.requireNonNull(calibration, "calibration");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** A calibration of {@code device} with no channel yet. */
    public static Calibration empty(String device, String serial) {
        return new Calibration(device, serial, List.of());
    }

    /** The entry of {@code channel}, or null when it was never calibrated. */
    public Channel channel(int channel) {
        for (Channel c : channels) {
            if (c.channel() == channel) {
                return c;
            }
        }
        return null;
    }

    /** This calibration with {@code entry} replacing the channel's earlier one, if any. */
    public Calibration with(Channel entry) {
        List<Channel> out = new ArrayList<>();
        for (Channel c : channels) {
            if (c.channel() != entry.channel()) {
                out.add(c);
            }
        }
        out.add(entry);
        return new Calibration(device, serial, out);
    }

    /** The highest channel calibrated; 0 when none is. */
    public int maxChannel() {
        return channels.isEmpty() ? 0 : channels.getLast().channel();
    }

    /**
     * The correction of channels 1..{@code channelCount}, channel {@code k} at index {@code k - 1};
     * channels never calibrated are not corrected.
     *
     * @throws IllegalArgumentException when the calibration names a channel beyond the count
     */
    public List<ChannelCalibration> perChannel(int channelCount) {
        if (maxChannel() > channelCount) {
            throw new IllegalArgumentException("calibrates channel " + maxChannel() + ", which does not exist on a "
                    + channelCount + "-channel cycler");
        }
        List<ChannelCalibration> out = new ArrayList<>(channelCount);
        for (int ch = 1; ch <= channelCount; ch++) {
            Channel c = channel(ch);
            out.add(c == null ? ChannelCalibration.IDENTITY : c.calibration());
        }
        return out;
    }
}
