/**
 * Serial ports through jSerialComm: the {@link org.cycler.hal.transport.Transport} for
 * {@code serial:} addresses (USB-serial adapters, UARTs, pseudo-terminals) and the list of ports
 * the machine has. The only package that imports {@code com.fazecast}.
 */
package org.cycler.hal.serial;
