package org.cycler.core.grading;

/**
 * The end of one execution of a step (the rows that share one {@code Step Count / 1}), as its last
 * data row tells it. SI units; current positive = charge.
 *
 * @param stepId          the step's position in the recipe
 * @param stepCount       which execution it was on its channel
 * @param completed       true when the step ended normally: a later step started, or the channel
 *                        finished its recipe with this step
 * @param voltageV        terminal voltage at the end; for an OCV or DCIR step, fitted through the
 *                        step's last rows ({@link StepEndFit})
 * @param currentA        current at the end, likewise
 * @param unixTimeS       wall-clock time of the end (virtual on a simulated run), seconds
 * @param dischargeAh     {@code Step Discharging Capacity / Ah} at the end
 * @param dischargeWh     discharge energy counted during the step
 * @param line            line of the last row in its data file, for messages
 */
record StepEnd(int stepId, long stepCount, boolean completed, double voltageV, double currentA, double unixTimeS,
               double dischargeAh, double dischargeWh, long line) {
}
