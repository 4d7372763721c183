package org.cycler.hal;

/** Control modes that the hardware regulates itself; the scheduler only sets them. */
public enum Mode {
    /** Output off, no current. */
    REST,
    /** Constant current at a signed setpoint. */
    CC,
    /** Constant voltage with a current-magnitude limit. */
    CV,
    /** Constant current until the voltage setpoint is reached, then constant voltage. */
    CCCV,
    /** Constant signed power. */
    CP,
    /** Constant resistance load (discharge only). */
    CR
}
