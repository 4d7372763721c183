package org.cycler.hal.drivers;

import java.io.IOException;

import org.cycler.hal.Cycler;
import org.cycler.hal.modbus.ModbusCycler;
import org.cycler.hal.scpi.ScpiCycler;
import org.cycler.hal.transport.DeviceAddress;

/**
 * The one place that turns a device address into a connected {@link Cycler}: everything above the
 * HAL connects through here and sees only the contract, never a driver's own type.
 *
 * <p>Stateless and thread-safe.
 */
public final class Drivers {

    private Drivers() {
    }

    /**
     * Connects to the device at {@code address} with the driver its address form names and checks
     * who it is.
     *
     * @throws org.cycler.hal.transport.DeviceFileException when a file the address names (a register map) is not usable
     * @throws IOException         when the device cannot be reached or does not identify itself
     */
    public static Cycler connect(DeviceAddress address) throws IOException {
        return switch (address) {
            case DeviceAddress.Modbus modbus -> ModbusCycler.connect(modbus);
            default -> ScpiCycler.connect(address);
        };
    }
}
