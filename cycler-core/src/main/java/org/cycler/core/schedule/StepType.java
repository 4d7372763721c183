package org.cycler.core.schedule;

import org.cycler.core.recipe.Control;

/** The Battery Data Format {@code Step Type} of a step as it runs. */
public enum StepType {
    REST, CC_CHG, CC_DCH, CV_CHG, CV_DCH, CCCV_CHG, CCCV_DCH, CP_CHG, CP_DCH, CR_DCH;

    /**
     * The type of {@code control}. A voltage hold has no direction of its own: it is CV_CHG when
     * {@code holdDirection} is positive (it follows a charge in the recipe, or carries a charging
     * current), CV_DCH when it is negative; the other controls carry their own sign.
     */
    public static StepType of(Control control, int holdDirection) {
        return switch (control) {
            case Control.Rest r -> REST;
            case Control.ConstantCurrent cc -> cc.currentA() > 0 ? CC_CHG : CC_DCH;
            case Control.CcCv cccv -> cccv.currentA() > 0 ? CCCV_CHG : CCCV_DCH;
            case Control.HoldVoltage hold -> holdDirection >= 0 ? CV_CHG : CV_DCH;
            case Control.ConstantPower cp -> cp.powerW() > 0 ? CP_CHG : CP_DCH;
            case Control.ConstantResistance cr -> CR_DCH;
        };
    }

    /** +1 for a charging step, -1 for a discharging one, 0 for a rest. */
    public int direction() {
        return this == REST ? 0 : name().endsWith("_CHG") ? 1 : -1;
    }
}
