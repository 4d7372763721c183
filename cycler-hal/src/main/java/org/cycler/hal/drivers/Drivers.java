package org.cycler.hal.drivers;

import java.io.IOException;

import org.cycler.hal.Cycler;
import org.cycler.hal.modbus.ModbusCycler;
import org.cycler.hal.DeviceLimits;
import org.cycler.hal.macnet.MacNetCycler;
import org.cycler.hal.scpi.ScpiCycler;
import org.cycler.hal.smu.SmuCycler;
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
     * @throws IOException when the device cannot be reached or does not identify itself
     */
    public static Cycler connect(DeviceAddress address) throws IOException {
        return connect(address, DeviceLimits.NONE);
    }

    /**
     * As {@link #connect(DeviceAddress)}, and hands the driver the channel safety limits the
     * device should enforce itself, where it can (MacNet's (6,10)); other drivers ignore them.
     */
    public static Cycler connect(DeviceAddress address, DeviceLimits limits) throws IOException {
        return switch (address) {
            case DeviceAddress.Smu smu -> SmuCycler.connect(smu);
            case DeviceAddress.Modbus modbus -> ModbusCycler.connect(modbus);
            case DeviceAddress.MacNet macnet -> {
                MacNetCycler cycler = MacNetCycler.connect(macnet);
                cycler.setSafetyLimits(limits);
                yield cycler;
            }
            default -> ScpiCycler.connect(address);
        };
    }

    /**
     * Connects as {@link #connect} does, for a host continuing a run after it died: a driver that
     * can leaves every channel as it is found, so that the caller reads each channel before it
     * commands it (SCPI); one whose instruments must be configured first sets them up with their
     * outputs off, as at connect (SMU); MacNet and Modbus connect as for a new run, commanding
     * nothing until the caller does.
     *
     * @throws IOException when the device cannot be reached or does not identify itself
     */
    public static Cycler attach(DeviceAddress address) throws IOException {
        return switch (address) {
            case DeviceAddress.Smu smu -> SmuCycler.connect(smu);
            case DeviceAddress.MacNet macnet -> MacNetCycler.connect(macnet);
            case DeviceAddress.Modbus modbus -> ModbusCycler.connect(modbus);
            default -> ScpiCycler.attach(address);
        };
    }
}
