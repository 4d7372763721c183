package org.cycler.hal.transport;

import java.io.IOException;

/**
 * A line-oriented link to one device: text lines out, text lines back, each line terminated by
 * {@code \n} on the wire (DESIGN section 9). Serial ports and TCP sockets implement it; the SCPI
 * driver sees nothing else.
 *
 * <p><b>Deadlines.</b> No call blocks without bound: {@link #readLine} waits at most the timeout it
 * is given and every write at most the transport's own write timeout, so a device that stops
 * answering, or stops reading, turns into an {@link IOException} instead of a hung control loop.
 *
 * <p><b>Failure.</b> Any {@link IOException} leaves the transport in an unknown state (half a line
 * may have gone out or come in); the caller closes it and opens a new one through its
 * {@link Opener}.
 *
 * <p><b>Threads.</b> Not thread-safe: one owner thread per port (DESIGN section 9).
 */
public interface Transport extends AutoCloseable {

    /**
     * Writes {@code line} followed by {@code \n}, all of it or an exception. The line must not
     * contain {@code \n} itself; characters are sent as ASCII.
     *
     * @throws TransportTimeoutException when the device does not take the bytes within the write timeout
     * @throws IOException               when the link is broken
     */
    void write(CharSequence line) throws IOException;

    /**
     * The next complete line, without its terminator (a {@code \r\n} terminator is accepted too).
     *
     * @param timeoutNanos how long to wait for the line to be complete, nanoseconds
     * @throws TransportTimeoutException when no complete line arrived in time
     * @throws LineTooLongException      when a line exceeds the framer's maximum length
     * @throws IOException               when the link is broken or closed by the device
     */
    String readLine(long timeoutNanos) throws IOException;

    /** Drops every byte received so far and not yet read as a line: stale replies after a failure. */
    void discardInput() throws IOException;

    /** The address this transport is connected to, as a user wrote it, for messages. */
    String description();

    /** Releases the port or socket. Idempotent; never throws. */
    @Override
    void close();

    /** Opens a fresh transport to the same device: at connect time and again after a failure. */
    @FunctionalInterface
    interface Opener {
        Transport open() throws IOException;
    }
}
