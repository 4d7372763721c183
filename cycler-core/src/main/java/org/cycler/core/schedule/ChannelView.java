package org.cycler.core.schedule;

/**
 * What a reader (progress display, status, end-of-run summary) sees of one channel. Immutable.
 *
 * @param lastDischargeCapacityAh discharge capacity of the last step that discharged, NaN if none
 * @param measuredCapacityAh      discharge capacity of the last {@code measure: capacity} step, NaN if none
 * @param faultReason             null unless the channel is UNSAFE or FAULT
 * @param stepType                the running step's type (REST before the first step)
 * @param stepCapacityAh          charge plus discharge moved in the running step, Ah
 */
public record ChannelView(int channel, ChannelState state, int stepId, long stepCount, int cycleCount,
                          double voltageV, double currentA, double temperatureC, double testTimeS,
                          double lastDischargeCapacityAh, double measuredCapacityAh, FaultReason faultReason, String message,
                          StepType stepType, double stepCapacityAh) {
}
