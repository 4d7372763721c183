package org.cycler.core.schedule;

/**
 * One logged data row of one channel: a Battery Data Format row (DESIGN section 5). Immutable.
 * SI units; current positive = charge. Test-level capacities and energies count from run start
 * and never reset; step ones reset at each step. All capacities and energies are non-negative.
 *
 * @param stepCount how many steps have started on this channel in this run (monotonic)
 * @param stepId    the step's position in the recipe (repeats when a loop repeats)
 */
public record Sample(int channel, double testTimeS, double unixTimeS, double voltageV, double currentA,
                     double temperatureC, int cycleCount, long stepCount, int stepId, StepType stepType,
                     double stepTimeS, double chargeAh, double dischargeAh, double stepChargeAh,
                     double stepDischargeAh, double chargeWh, double dischargeWh) {

    /** Power in watts, signed like current. */
    public double powerW() {
        return voltageV * currentA;
    }
}
