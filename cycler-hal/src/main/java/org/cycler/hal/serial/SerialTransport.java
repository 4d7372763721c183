package org.cycler.hal.serial;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.cycler.hal.transport.DeviceAddress;
import org.cycler.hal.transport.LineBytes;
import org.cycler.hal.transport.LineFramer;
import org.cycler.hal.transport.Transport;
import org.cycler.hal.transport.TransportTimeoutException;

import com.fazecast.jSerialComm.SerialPort;

/**
 * A serial port through jSerialComm, opened by path ({@code /dev/ttyUSB0}, {@code COM3}, or a
 * pseudo-terminal such as {@code /dev/pts/4}), 8 data bits, no parity, one stop bit, no flow
 * control. Reads are semi-blocking with the caller's deadline, writes blocking with the reply
 * timeout as their deadline, so a port that goes away or a device that stops reading never holds
 * the control thread.
 *
 * <p>Not thread-safe: one owner thread per port.
 */
public final class SerialTransport implements Transport {

    private static final int READ_CHUNK = 16 * 1024;

    private final SerialPort port;
    private final String description;
    private final LineFramer framer;
    private final int writeTimeoutMs;
    private final byte[] in = new byte[READ_CHUNK];
    private byte[] out = new byte[4096];
    private int readTimeoutMs = -1;
    private boolean closed;

    private SerialTransport(SerialPort port, String description, LineFramer framer, int writeTimeoutMs) {
        this.port = port;
        this.description = description;
        this.framer = framer;
        this.writeTimeoutMs = writeTimeoutMs;
    }

    /**
     * Opens the port named by {@code address}.
     *
     * @throws IOException when the port does not exist, is busy or refuses the settings
     */
    public static SerialTransport open(DeviceAddress.Serial address, int maxLineLength) throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(address.path());
        } catch (RuntimeException e) {
            throw new IOException("no serial port " + address.path() + ": " + e.getMessage(), e);
        }
        int writeTimeoutMs = (int) Math.min(Integer.MAX_VALUE, address.timeout().toMillis());
        port.setComPortParameters(address.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                writeTimeoutMs, writeTimeoutMs);
        if (!port.openPort()) {
            throw new IOException("cannot open serial port " + address.path() + " (error "
                    + port.getLastErrorCode() + ": does it exist, and may this user open it?)");
        }
        SerialTransport transport = new SerialTransport(port, address.toString(), new LineFramer(maxLineLength),
                writeTimeoutMs);
        port.flushIOBuffers();
        return transport;
    }

    public static SerialTransport open(DeviceAddress.Serial address) throws IOException {
        return open(address, LineFramer.DEFAULT_MAX_LINE_LENGTH);
    }

    @Override
    public void write(CharSequence line) throws IOException {
        requireOpen();
        out = LineBytes.withNewline(line, out);
        int length = line.length() + 1;
        int written = 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(writeTimeoutMs);
        while (written < length) {
            int n = port.writeBytes(out, length - written, written);
            if (n < 0) {
                throw new IOException(description + ": write failed (error " + port.getLastErrorCode() + ")");
            }
            written += n;
            if (written < length && System.nanoTime() > deadline) {
                throw new TransportTimeoutException(description + " did not take a command within "
                        + writeTimeoutMs + " ms");
            }
        }
    }

    @Override
    public String readLine(long timeoutNanos) throws IOException {
        requireOpen();
        String line = framer.nextLine();
        if (line != null) {
            return line;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TransportTimeoutException("no reply from " + description + " within "
                        + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
            }
            setReadTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1)));
            int n = port.readBytes(in, in.length);
            if (n < 0) {
                throw new IOException(description + ": the port is gone (read error " + port.getLastErrorCode() + ")");
            }
            if (n > 0) {
                framer.feed(in, 0, n);
                line = framer.nextLine();
                if (line != null) {
                    return line;
                }
            }
        }
    }

    @Override
    public void discardInput() throws IOException {
        requireOpen();
        int available;
        while ((available = port.bytesAvailable()) > 0) {
            if (port.readBytes(in, Math.min(available, in.length)) < 0) {
                throw new IOException(description + ": the port is gone");
            }
        }
        if (available < 0) {
            throw new IOException(description + ": the port is gone");
        }
        framer.clear();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        port.closePort();
    }

    private void setReadTimeout(int millis) {
        if (millis != readTimeoutMs) {
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                    millis, writeTimeoutMs);
            readTimeoutMs = millis;
        }
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException(description + " is closed");
        }
    }
}
