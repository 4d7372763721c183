/**
 * Line transports to devices: the {@link org.cycler.hal.transport.Transport} interface, raw TCP
 * ({@link org.cycler.hal.transport.TcpTransport}), framing with a maximum line length
 * ({@link org.cycler.hal.transport.LineFramer}) and device addresses as URIs
 * ({@link org.cycler.hal.transport.DeviceAddress}: {@code tcp:HOST:PORT}, {@code serial:PATH}).
 * Serial ports live in {@code org.cycler.hal.serial}, the only package that imports jSerialComm.
 *
 * <p>Every read and write has a deadline; failures are {@link java.io.IOException}s at this edge,
 * which the SCPI driver turns into channel states.
 */
package org.cycler.hal.transport;
