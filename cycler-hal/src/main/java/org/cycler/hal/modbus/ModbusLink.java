package org.cycler.hal.modbus;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.io.ModbusSerialTransaction;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransaction;
import com.ghgande.j2mod.modbus.io.ModbusTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.net.SerialConnection;
import com.ghgande.j2mod.modbus.net.TCPMasterConnection;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.SerialParameters;

import org.cycler.hal.transport.DeviceAddress;

/**
 * One open Modbus connection (TCP, or RTU on a serial port) through j2mod, which does the framing,
 * CRCs and transaction ids: read a run of registers (function code 3 or 4), write a run (16).
 * Each request is tried once and its reply checked for shape (the function it answers, the
 * registers asked for); retrying and reconnecting are the caller's. Every failure is an
 * {@link IOException} with one line naming the address and the request.
 *
 * <p>Not thread-safe: owned by the driver's control thread.
 */
final class ModbusLink implements AutoCloseable {

    /** Opens a link, again after a failure. */
    @FunctionalInterface
    interface Opener {
        ModbusLink open() throws IOException;
    }

    private final String description;
    private final ModbusTransaction transaction;
    private final Runnable closer;

    private ModbusLink(String description, ModbusTransaction transaction, Runnable closer) {
        this.description = description;
        this.transaction = transaction;
        this.closer = closer;
        transaction.setRetries(1);
        transaction.setCheckingValidity(true);
    }

    /** Modbus TCP to {@code address}; the connect and every reply wait at most its timeout. */
    static ModbusLink tcp(DeviceAddress.Tcp address) throws IOException {
        String description = "modbus:" + address;
        TCPMasterConnection connection = new TCPMasterConnection(InetAddress.getByName(address.host()));
        connection.setPort(address.port());
        connection.setTimeout(millis(address.timeout()));
        try {
            connection.connect();
        } catch (Exception e) {
            connection.close();
            throw new IOException(description + ": cannot connect (" + why(e) + ")", e);
        }
        return new ModbusLink(description, new ModbusTCPTransaction(connection), connection::close);
    }

    /** Modbus RTU on the serial port of {@code address}: 8 data bits, no parity, one stop bit. */
    static ModbusLink rtu(DeviceAddress.Serial address) throws IOException {
        String description = "modbus:rtu:" + address.path();
        SerialParameters parameters = new SerialParameters(address.path(), address.baud(),
                AbstractSerialConnection.FLOW_CONTROL_DISABLED, AbstractSerialConnection.FLOW_CONTROL_DISABLED,
                8, AbstractSerialConnection.ONE_STOP_BIT, AbstractSerialConnection.NO_PARITY, false);
        parameters.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        SerialConnection connection = new SerialConnection(parameters);
        connection.setTimeout(millis(address.timeout()));
        try {
            connection.open();
        } catch (IOException | RuntimeException e) {
            // jSerialComm reports a port that has gone (a pseudo-terminal closed) with an unchecked exception
            connection.close();
            throw new IOException(description + ": cannot open the port (" + why(e) + ")", e);
        }
        return new ModbusLink(description, new ModbusSerialTransaction(connection), connection::close);
    }

    String description() {
        return description;
    }

    /**
     * Reads {@code count} registers from {@code address} of {@code table} into {@code into[at..]},
     * each as an unsigned 16-bit value.
     */
    void read(RegisterMap.Table table, int unit, int address, int count, int[] into, int at) throws IOException {
        String what = (table == RegisterMap.Table.INPUT ? "function 4" : "function 3") + " at " + address + " x" + count;
        ModbusRequest request = table == RegisterMap.Table.INPUT
                ? new ReadInputRegistersRequest(address, count)
                : new ReadMultipleRegistersRequest(address, count);
        ModbusResponse response = execute(request, unit, what);
        InputRegister[] registers = switch (response) {
            case ReadInputRegistersResponse r when table == RegisterMap.Table.INPUT -> r.getRegisters();
            case ReadMultipleRegistersResponse r when table == RegisterMap.Table.HOLDING -> r.getRegisters();
            default -> throw new IOException(description + ": " + what + ": malformed reply (answers function "
                    + response.getFunctionCode() + ")");
        };
        if (registers == null || registers.length != count) {
            throw new IOException(description + ": " + what + ": short reply ("
                    + (registers == null ? 0 : registers.length) + " registers)");
        }
        for (int k = 0; k < count; k++) {
            into[at + k] = registers[k].toUnsignedShort();
        }
    }

    /** Writes {@code words[from..from + count)} to the holding registers from {@code address}. */
    void write(int unit, int address, int[] words, int from, int count) throws IOException {
        String what = "function 16 at " + address + " x" + count;
        Register[] registers = new Register[count];
        for (int k = 0; k < count; k++) {
            registers[k] = new SimpleRegister(words[from + k]);
        }
        ModbusResponse response = execute(new WriteMultipleRegistersRequest(address, registers), unit, what);
        if (!(response instanceof WriteMultipleRegistersResponse w) || w.getReference() != address
                || w.getWordCount() != count) {
            throw new IOException(description + ": " + what + ": malformed reply");
        }
    }

    private ModbusResponse execute(ModbusRequest request, int unit, String what) throws IOException {
        request.setUnitID(unit);
        transaction.setRequest(request);
        try {
            transaction.execute();
        } catch (ModbusException e) {
            throw new IOException(description + ": " + what + ": " + why(e), e);
        }
        ModbusResponse response = transaction.getResponse();
        if (response == null) {
            throw new IOException(description + ": " + what + ": no reply");
        }
        return response;
    }

    @Override
    public void close() {
        closer.run();
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    private static String why(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String first = message.lines().findFirst().orElse(message).strip();
        return first.toLowerCase(java.util.Locale.ROOT).contains("timed out") || first.contains("failed to read")
                ? "no reply within the timeout (" + first + ")" : first;
    }
}
