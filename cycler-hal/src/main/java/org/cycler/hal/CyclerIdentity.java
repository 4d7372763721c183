package org.cycler.hal;

import java.util.Objects;

/** Who a cycler says it is ({@code *IDN?}): manufacturer, model, serial number, firmware. */
public record CyclerIdentity(String manufacturer, String model, String serial, String firmware) {

    public CyclerIdentity {
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(firmware, "firmware");
    }

    /** The SCPI {@code *IDN?} form: {@code manufacturer,model,serial,firmware}. */
    @Override
    public String toString() {
        return manufacturer + "," + model + "," + serial + "," + firmware;
    }
}
