package org.cycler.core.schedule;

import org.cycler.core.recipe.Control;

/** The Battery Data Format {@code Step Type} of a step as it runs. */
public enum StepType {
    REST, CC_CHG, CC_DCH, CV_CHG, CV_DCH, CCCV_CHG, CCCV_DCH, CP_CHG, CP_DCH, CR_DCH;

    /**
     * The type of {@code control}; a voltage hold is CV_CHG when it holds above the voltage the
     * cell had when the step started, CV_DCH otherwise.
     */
    public static StepType of(Control control, double voltageAtStartV) {
        return switch (control) {
            case Control.Rest r -> REST;
            case Control.ConstantCurrent cc -> cc.currentA() > 0 ? CC_CHG : CC_DCH;
            case Control.CcCv cccv -> cccv.currentA() > 0 ? CCCV_CHG : CCCV_DCH;
            case Control.HoldVoltage hold -> hold.voltageV() >= voltageAtStartV ? CV_CHG : CV_DCH;
            case Control.ConstantPower cp -> cp.powerW() > 0 ? CP_CHG : CP_DCH;
            case Control.ConstantResistance cr -> CR_DCH;
        };
    }
}
