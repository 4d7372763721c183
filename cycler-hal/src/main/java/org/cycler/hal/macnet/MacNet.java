package org.cycler.hal.macnet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.cycler.hal.ChannelStatus;

/**
 * The MacNet messages both ends of the wire share (DESIGN section 12): function classes and
 * numbers, channel states, result codes, the JSON-RPC envelope and the binary direct output.
 * Stateless; the builders append to a caller's buffer so a tick allocates no strings per request.
 *
 * <p>A request is one line, {@code {"jsonrpc":"2.0","id":N,"method":"MacNet","params":{"FClass":c,
 * "FNum":n,"Chan":ch,...}}}; the reply carries the same {@code id} and a {@code result} object that
 * repeats {@code FClass}, {@code FNum} and {@code Chan}, or a JSON-RPC {@code error}. Replies end
 * with {@code \r\n}. Numbers are written with {@link Double#toString} (locale-free, and read back
 * as the identical double).
 */
public final class MacNet {

    public static final String METHOD = "MacNet";

    /** (1,1) system information: who the cycler is. */
    public static final int SYSTEM = 1;
    public static final int SYSTEM_INFO = 1;
    /** (1,2) general information: {@code TestChannels}, {@code AuxChannels}. */
    public static final int GENERAL_INFO = 2;
    /** (4,x) readings. */
    public static final int READ = 4;
    /** (4,1) {@code Status} list of {@code Len} channels from {@code Chan}. */
    public static final int READ_STATUS = 1;
    /** (4,4) {@code AuxValues} of one channel (the emulator: its cell temperature, degrees Celsius). */
    public static final int READ_AUX = 4;
    /** (4,7) status and readings of one channel. */
    public static final int READ_CHANNEL = 7;
    /** (6,x) control. */
    public static final int CONTROL = 6;
    public static final int RESET = 5;
    public static final int START_DIRECT = 7;
    public static final int SET_DIRECT = 8;
    public static final int SAFETY_LIMITS = 10;

    /** Most channels one (4,1) request may ask for. */
    public static final int MAX_STATUS_CHANNELS = 128;

    /** (6,x) {@code Result}: done. */
    public static final int RESULT_OK = 0;
    /** (6,8) {@code Result}: the channel is not active. */
    public static final int RESULT_NOT_ACTIVE = 2;
    /** (6,8) {@code Result}: sent sooner than {@code MIN_COMMAND_INTERVAL} after the last one. */
    public static final int RESULT_TOO_FAST = 3;
    /** (6,8) {@code Result}: direct mode is not active on the channel. */
    public static final int RESULT_NOT_DIRECT = 4;

    /** {@code Stat} codes. */
    public static final int STAT_AVAILABLE = 0;
    public static final int STAT_ACTIVE = 2;
    public static final int STAT_SUSPENDED = 3;
    public static final int STAT_PROBLEM = 5;
    public static final int STAT_POWER_FAIL = 9;
    public static final int STAT_NO_CONTROLLER = 10;
    public static final int STAT_SHUT_DOWN = 11;
    public static final int STAT_BLOCKED = 13;
    public static final int STAT_WAITING = 14;

    /**
     * Bits of a reading's {@code RF2} field: the hardware's own limits, as the emulator reports
     * them (bit 0 over-voltage, 1 over-current, 2 over-temperature, as {@link ChannelStatus}).
     */
    public static final int RF2_LIMIT_BITS = ChannelStatus.OVER_VOLTAGE | ChannelStatus.OVER_CURRENT
            | ChannelStatus.OVER_TEMPERATURE;

    /** Bytes of the binary (6,8): four uint16 (FClass, FNum, Chan, length), then the payload. */
    public static final int BINARY_HEADER_BYTES = 8;
    /** The binary (6,8) payload: four float32 and two uint8. */
    public static final int BINARY_PAYLOAD_BYTES = 18;
    public static final int BINARY_MESSAGE_BYTES = BINARY_HEADER_BYTES + BINARY_PAYLOAD_BYTES;

    private MacNet() {
    }

    /**
     * The {@link ChannelStatus} bits of a channel in state {@code stat} with limit flags
     * {@code rf2}: a channel that cannot run (suspended, problem, power fail, no controller, shut
     * down, blocked) is a hardware fault; any unknown state is too.
     */
    public static int statusBits(int stat, int rf2) {
        int bits = rf2 & RF2_LIMIT_BITS;
        boolean runs = stat >= STAT_AVAILABLE && stat <= STAT_WAITING && stat != STAT_SUSPENDED
                && stat != STAT_PROBLEM && stat != STAT_POWER_FAIL && stat != STAT_NO_CONTROLLER
                && stat != STAT_SHUT_DOWN && stat != STAT_BLOCKED;
        return runs ? bits : bits | ChannelStatus.HARDWARE_FAULT;
    }

    /** Appends a request up to its last parameter; close it with {@link #end}. */
    public static StringBuilder begin(StringBuilder out, long id, int fClass, int fNum, int wireChannel) {
        return out.append("{\"jsonrpc\":\"2.0\",\"id\":").append(id).append(",\"method\":\"").append(METHOD)
                .append("\",\"params\":{\"FClass\":").append(fClass).append(",\"FNum\":").append(fNum)
                .append(",\"Chan\":").append(wireChannel);
    }

    /** Appends {@code ,"name":value}. */
    public static StringBuilder field(StringBuilder out, String name, double value) {
        return out.append(",\"").append(name).append("\":").append(Double.toString(value));
    }

    /** Appends {@code ,"name":value}. */
    public static StringBuilder field(StringBuilder out, String name, long value) {
        return out.append(",\"").append(name).append("\":").append(value);
    }

    /** Appends {@code ,"name":"value"}; {@code value} must need no escaping. */
    public static StringBuilder field(StringBuilder out, String name, String value) {
        return out.append(",\"").append(name).append("\":\"").append(value).append('"');
    }

    /** Closes a request begun with {@link #begin}. */
    public static StringBuilder end(StringBuilder out) {
        return out.append("}}");
    }

    /** Appends the direct-output fields of (6,7) and (6,8). */
    public static StringBuilder output(StringBuilder out, DirectOutput o) {
        field(out, "Current", o.currentA());
        field(out, "Voltage", o.voltageV());
        field(out, "Power", o.powerW());
        field(out, "Resistance", o.resistanceOhm());
        field(out, "CurrentRange", o.currentRange());
        return field(out, "ChMode", String.valueOf(o.mode()));
    }

    /**
     * Writes the binary (6,8) for {@code wireChannel} into {@code out} (little-endian, from its
     * position; {@value #BINARY_MESSAGE_BYTES} bytes). The mode byte is the mode's ASCII letter.
     */
    public static void binaryOutput(ByteBuffer out, int wireChannel, DirectOutput o) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) CONTROL).putShort((short) SET_DIRECT).putShort((short) wireChannel)
                .putShort((short) BINARY_PAYLOAD_BYTES);
        out.putFloat((float) o.currentA()).putFloat((float) o.voltageV()).putFloat((float) o.powerW())
                .putFloat((float) o.resistanceOhm());
        out.put((byte) o.currentRange()).put((byte) o.mode());
    }
}
