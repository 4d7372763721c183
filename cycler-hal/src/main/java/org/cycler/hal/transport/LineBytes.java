package org.cycler.hal.transport;

/**
 * A line of text as the bytes that go on the wire: ISO-8859-1, a character beyond it as
 * {@code ?}, then {@code \n}. The hosts and devices here speak ASCII; one place decides what
 * happens to anything else.
 */
public final class LineBytes {

    private LineBytes() {
    }

    /**
     * Writes {@code line} and its {@code \n} at the start of {@code into}, or of a new array at
     * least twice as long when it does not fit, and returns the array written: a 512-channel reply
     * is 25 kB every tick, without a copy of its own. The bytes are {@code line.length() + 1}.
     */
    public static byte[] withNewline(CharSequence line, byte[] into) {
        int length = line.length();
        byte[] bytes = into.length > length ? into : new byte[Math.max(length + 1, into.length * 2)];
        for (int k = 0; k < length; k++) {
            char c = line.charAt(k);
            bytes[k] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        bytes[length] = '\n';
        return bytes;
    }
}
