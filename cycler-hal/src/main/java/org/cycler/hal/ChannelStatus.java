package org.cycler.hal;

/**
 * Hardware status bits reported per channel in {@link Measurements#status(int)}. The low four
 * bits match the SCPI questionable-status register ({@code STAT:QUES:COND?}).
 */
public final class ChannelStatus {

    public static final int OK = 0;
    public static final int OVER_VOLTAGE = 1;
    public static final int OVER_CURRENT = 1 << 1;
    public static final int OVER_TEMPERATURE = 1 << 2;
    public static final int HARDWARE_FAULT = 1 << 3;
    /** Set by a driver, never by hardware: no valid reading could be had for the channel. */
    public static final int COMM_LOSS = 1 << 4;
    /**
     * The device's host watchdog fired: no command reached it for longer than it was armed for,
     * so it turned the output off by itself (SCPI status bit 4, DESIGN section 9).
     */
    public static final int WATCHDOG = 1 << 5;
    /**
     * Set by a driver that reads the device's settings back: the output was commanded on and is
     * found off (another program, a front-panel key, a device reset).
     */
    public static final int OUTPUT_OFF = 1 << 6;
    /**
     * Set by a driver that reads the device's settings back: the channel is found in another mode
     * or at another setpoint than last commanded, or on though commanded off.
     */
    public static final int SETTING_CHANGED = 1 << 7;
    /** Either of the bits that say the output is not as commanded. */
    public static final int NOT_AS_COMMANDED = OUTPUT_OFF | SETTING_CHANGED;

    private ChannelStatus() {
    }

    /** A readable list of the set bits, e.g. {@code "over-voltage, hardware fault"}. */
    public static String describe(int bits) {
        if (bits == OK) {
            return "ok";
        }
        StringBuilder out = new StringBuilder();
        append(out, bits, OVER_VOLTAGE, "over-voltage");
        append(out, bits, OVER_CURRENT, "over-current");
        append(out, bits, OVER_TEMPERATURE, "over-temperature");
        append(out, bits, HARDWARE_FAULT, "hardware fault");
        append(out, bits, COMM_LOSS, "communication loss");
        append(out, bits, WATCHDOG, "host watchdog: output turned off by the device");
        append(out, bits, OUTPUT_OFF, "output found off though commanded on");
        append(out, bits, SETTING_CHANGED, "output found in another mode or at another setpoint than commanded");
        return out.toString();
    }

    private static void append(StringBuilder out, int bits, int bit, String name) {
        if ((bits & bit) != 0) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(name);
        }
    }
}
