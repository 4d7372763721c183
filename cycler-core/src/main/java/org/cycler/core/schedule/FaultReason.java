package org.cycler.core.schedule;

/** Why a channel left RUNNING for UNSAFE or FAULT. */
public enum FaultReason {
    VOLTAGE_LIMIT(ChannelState.UNSAFE),
    CURRENT_LIMIT(ChannelState.UNSAFE),
    TEMPERATURE_LIMIT(ChannelState.UNSAFE),
    CHARGE_CAPACITY_LIMIT(ChannelState.UNSAFE),
    HARDWARE_STATUS(ChannelState.FAULT),
    COMMUNICATION_LOSS(ChannelState.FAULT),
    /**
     * The output is not as commanded: found off, in another mode or at another setpoint (another
     * program, a front-panel key, a device reset). Never taken for an end condition.
     */
    OUTPUT_CHANGED(ChannelState.FAULT),
    INVALID_READING(ChannelState.FAULT),
    /** Voltage, current and temperature all unchanged for too long with the output on: a stuck sensor or board. */
    STUCK_READING(ChannelState.FAULT);

    private final ChannelState state;

    FaultReason(ChannelState state) {
        this.state = state;
    }

    /** The state a channel goes to for this reason. */
    public ChannelState state() {
        return state;
    }
}
