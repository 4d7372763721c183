package org.cycler.hal.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a device is, written as a URI (DESIGN section 9):
 * <ul>
 *   <li>{@code tcp:HOST:PORT}, e.g. {@code tcp:127.0.0.1:5025} or {@code tcp:[::1]:5025};</li>
 *   <li>{@code modbus:tcp:HOST[:PORT]?profile=FILE} or {@code modbus:rtu:PATH?baud=N&profile=FILE}: a
 *       Modbus device and its register map ({@link Modbus}).</li>
 *   <li>{@code macnet:HOST[:PORT]}, a Maccor cycler's MacNet server (JSON on PORT, default
 *       {@value MacNet#DEFAULT_PORT}; binary messages on PORT - {@value MacNet#BINARY_PORT_OFFSET}).</li>
 *   <li>{@code serial:PATH}, e.g. {@code serial:/dev/ttyUSB0?baud=115200} or a pseudo-terminal
 *       {@code serial:/dev/pts/3}; Windows ports as {@code serial:COM3}.</li>
 *   <li>{@code smu:ADDRESS[,ADDRESS...]}, a rack of source-measure units, one channel per
 *       instrument, each ADDRESS one of the two forms above (docs/devices.md).</li>
 * </ul>
 * The first two take {@code ?timeout=DURATION} ({@code 500ms}, {@code 2s}; default {@value #DEFAULT_TIMEOUT_MS} ms),
 * the longest wait for a reply line before it counts as missing; serial ports also take
 * {@code baud} (default {@value #DEFAULT_BAUD}). Several parameters join with {@code &}.
 * Immutable; {@link #toString()} gives back the canonical form.
 */
public sealed interface DeviceAddress {

    /** Default reply timeout, milliseconds. */
    long DEFAULT_TIMEOUT_MS = 1000;
    /** Default serial speed, bits per second. */
    int DEFAULT_BAUD = 115_200;

    /** How long to wait for a reply line before it counts as missing. */
    Duration timeout();

    /** A TCP socket to {@code host:port}. */
    record Tcp(String host, int port, Duration timeout) implements DeviceAddress {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("tcp address without a host");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("TCP port must be within 1..65535: " + port);
            }
            checkTimeout(timeout);
        }

        @Override
        public String toString() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "tcp:" + h + ":" + port + query(timeout, null);
        }
    }

    /** A serial port (or pseudo-terminal) opened by path, 8 data bits, no parity, one stop bit. */
    record Serial(String path, int baud, Duration timeout) implements DeviceAddress {
        public Serial {
            Objects.requireNonNull(path, "path");
            if (path.isBlank()) {
                throw new IllegalArgumentException("serial address without a port path");
            }
            if (baud < 50 || baud > 10_000_000) {
                throw new IllegalArgumentException("baud rate must be within 50..10000000: " + baud);
            }
            checkTimeout(timeout);
        }

        @Override
        public String toString() {
            return "serial:" + path + query(timeout, baud == DEFAULT_BAUD ? null : baud);
        }
    }

    /**
     * A rack of source-measure units, one channel per instrument, channel k at the k-th address
     * ({@code smu:ADDRESS[,ADDRESS...]}, each a {@link Tcp} or {@link Serial} address). Its
     * timeout is the longest of its instruments'.
     */
    record Smu(List<DeviceAddress> instruments) implements DeviceAddress {
        public Smu {
            instruments = List.copyOf(instruments);
            if (instruments.isEmpty()) {
                throw new IllegalArgumentException("smu address without an instrument");
            }
            for (DeviceAddress a : instruments) {
                if (!(a instanceof Tcp || a instanceof Serial)) {
                    throw new IllegalArgumentException("an smu instrument is a tcp: or serial: address: " + a);
                }
            }
        }

        @Override
        public Duration timeout() {
            Duration longest = instruments.get(0).timeout();
            for (DeviceAddress a : instruments) {
                longest = a.timeout().compareTo(longest) > 0 ? a.timeout() : longest;
            }
            return longest;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("smu:");
            for (int k = 0; k < instruments.size(); k++) {
                out.append(k == 0 ? "" : ",").append(instruments.get(k));
            }
            return out.toString();
        }
    }

    /**
     * A Maccor MacNet server: JSON-RPC messages on {@code port}, binary ones on
     * {@link #binaryPort()} (DESIGN section 12).
     */
    record MacNet(String host, int port, Duration timeout) implements DeviceAddress {
        /** MacNet's JSON port on a Maccor. */
        public static final int DEFAULT_PORT = 57_570;
        /** The binary port is this much below the JSON port (57560 on a Maccor). */
        public static final int BINARY_PORT_OFFSET = 10;

        public MacNet {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("macnet address without a host");
            }
            if (port <= BINARY_PORT_OFFSET || port > 65_535) {
                throw new IllegalArgumentException("MacNet port must be within " + (BINARY_PORT_OFFSET + 1)
                        + "..65535 (the binary port is " + BINARY_PORT_OFFSET + " below it): " + port);
            }
            checkTimeout(timeout);
        }

        /** The port of the binary messages. */
        public int binaryPort() {
            return port - BINARY_PORT_OFFSET;
        }

        /** The JSON port as a plain TCP address. */
        public Tcp json() {
            return new Tcp(host, port, timeout);
        }

        /** The binary port as a plain TCP address. */
        public Tcp binary() {
            return new Tcp(host, binaryPort(), timeout);
        }

        @Override
        public String toString() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "macnet:" + h + (port == DEFAULT_PORT ? "" : ":" + port) + query(timeout, null);
        }
    }

    /**
     * A Modbus device: {@code modbus:tcp:HOST[:PORT]} (port {@value #MODBUS_TCP_PORT} by default) or
     * {@code modbus:rtu:PATH[?baud=N]}, with the register map it is driven by,
     * {@code ?profile=FILE} (a path, relative to the working directory).
     *
     * @param link the TCP socket or the serial port the frames travel over
     */
    record Modbus(DeviceAddress link, String profile) implements DeviceAddress {
        /** The registered Modbus TCP port. */
        public static final int MODBUS_TCP_PORT = 502;

        public Modbus {
            if (!(link instanceof Tcp) && !(link instanceof Serial)) {
                throw new IllegalArgumentException("Modbus travels over TCP or a serial port: " + link);
            }
            Objects.requireNonNull(profile, "profile");
            if (profile.isBlank()) {
                throw new IllegalArgumentException("Modbus address without a register map (expected ?profile=FILE)");
            }
        }

        @Override
        public Duration timeout() {
            return link.timeout();
        }

        @Override
        public String toString() {
            String inner = link instanceof Serial ? "rtu:" + link.toString().substring("serial:".length()) : link.toString();
            return "modbus:" + inner + (inner.contains("?") ? "&" : "?") + "profile=" + profile;
        }
    }

    /**
     * Reads an address.
     *
     * @throws IllegalArgumentException with a one-line message naming what is wrong and the
     *                                  expected forms
     */
    static DeviceAddress parse(String text) {
        String t = Objects.requireNonNull(text, "address").strip();
        int colon = t.indexOf(':');
        if (colon < 0) {
            throw bad(text, "no scheme");
        }
        String scheme = t.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = t.substring(colon + 1);
        if (scheme.equals("smu")) {
            List<DeviceAddress> instruments = new ArrayList<>();
            for (String one : rest.split(",", -1)) {
                DeviceAddress a;
                try {
                    a = parse(one);
                } catch (IllegalArgumentException e) {
                    a = null;
                }
                if (!(a instanceof Tcp || a instanceof Serial)) {
                    throw bad(text, "instrument '" + one + "' is not a tcp:HOST:PORT or serial:PATH address");
                }
                instruments.add(a);
            }
            return new Smu(instruments);
        }
        String query = "";
        int mark = rest.indexOf('?');
        if (mark >= 0) {
            query = rest.substring(mark + 1);
            rest = rest.substring(0, mark);
        }
        Map<String, String> params = params(text, query);
        Duration timeout = params.containsKey("timeout") ? duration(text, params.remove("timeout"))
                : Duration.ofMillis(DEFAULT_TIMEOUT_MS);
        try {
            return switch (scheme) {
                case "tcp" -> {
                    rest = rest.startsWith("//") ? rest.substring(2) : rest;
                    String host;
                    String port;
                    if (rest.startsWith("[")) {
                        int close = rest.indexOf(']');
                        if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                            throw bad(text, "expected tcp:[IPv6]:PORT");
                        }
                        host = rest.substring(1, close);
                        port = rest.substring(close + 2);
                    } else {
                        int last = rest.lastIndexOf(':');
                        if (last < 0) {
                            throw bad(text, "no port");
                        }
                        host = rest.substring(0, last);
                        port = rest.substring(last + 1);
                    }
                    noneLeft(text, params);
                    yield new Tcp(host, integer(text, "port", port), timeout);
                }
                case "serial" -> {
                    int baud = params.containsKey("baud") ? integer(text, "baud", params.remove("baud")) : DEFAULT_BAUD;
                    noneLeft(text, params);
                    yield new Serial(rest, baud, timeout);
                }
                case "macnet" -> {
                    String host = rest;
                    int port = MacNet.DEFAULT_PORT;
                    int close = rest.startsWith("[") ? rest.indexOf(']') : -1;
                    int last = rest.lastIndexOf(':');
                    if (rest.startsWith("[") && close < 0) {
                        throw bad(text, "expected macnet:[IPv6][:PORT]");
                    }
                    if (last > close && (close >= 0 || rest.indexOf(':') == last)) {
                        host = rest.substring(0, last);
                        port = integer(text, "port", rest.substring(last + 1));
                    }
                    host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
                    noneLeft(text, params);
                    yield new MacNet(host, port, timeout);
                }
                case "modbus" -> {
                    String profile = params.remove("profile");
                    if (profile == null) {
                        throw bad(text, "no register map (expected modbus:tcp:HOST[:PORT]?profile=FILE or modbus:rtu:PATH?baud=N&profile=FILE)");
                    }
                    String timeoutParam = "timeout=" + timeout.toMillis() + "ms";
                    DeviceAddress link;
                    if (rest.startsWith("tcp:")) {
                        String hostPort = rest.substring("tcp:".length());
                        boolean hasPort = hostPort.startsWith("[") ? !hostPort.endsWith("]") : hostPort.contains(":");
                        noneLeft(text, params);
                        link = parse("tcp:" + hostPort + (hasPort ? "" : ":" + Modbus.MODBUS_TCP_PORT) + "?" + timeoutParam);
                    } else if (rest.startsWith("rtu:")) {
                        String baud = params.remove("baud");
                        noneLeft(text, params);
                        link = parse("serial:" + rest.substring("rtu:".length()) + "?" + timeoutParam
                                + (baud == null ? "" : "&baud=" + baud));
                    } else {
                        throw bad(text, "expected modbus:tcp:HOST[:PORT] or modbus:rtu:PATH after 'modbus:'");
                    }
                    yield new Modbus(link, profile);
                }
                default -> throw bad(text, "unknown scheme '" + scheme + "'");
            };
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("device address")) {
                throw e;
            }
            throw bad(text, e.getMessage());
        }
    }

    private static Map<String, String> params(String text, String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw bad(text, "parameter '" + pair + "' is not NAME=VALUE");
            }
            params.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), pair.substring(eq + 1));
        }
        return params;
    }

    private static void noneLeft(String text, Map<String, String> params) {
        if (!params.isEmpty()) {
            throw bad(text, "unknown parameter '" + params.keySet().iterator().next() + "'");
        }
    }

    private static int integer(String text, String what, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw bad(text, what + " '" + value + "' is not a whole number");
        }
    }

    private static Duration duration(String text, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).strip()));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).strip()) * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(text, "timeout '" + value + "' (expected e.g. 500ms or 2s)");
    }

    private static void checkTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    private static String query(Duration timeout, Integer baud) {
        StringBuilder q = new StringBuilder();
        if (baud != null) {
            q.append("baud=").append(baud);
        }
        if (timeout.toMillis() != DEFAULT_TIMEOUT_MS) {
            q.append(q.isEmpty() ? "" : "&").append("timeout=").append(timeout.toMillis()).append("ms");
        }
        return q.isEmpty() ? "" : "?" + q;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("device address '" + text + "': " + why
                + " (expected tcp:HOST:PORT or serial:PATH[?baud=N] or smu:ADDRESS[,ADDRESS...], e.g. tcp:127.0.0.1:5025, serial:/dev/ttyUSB0?baud=115200)");
    }
}
