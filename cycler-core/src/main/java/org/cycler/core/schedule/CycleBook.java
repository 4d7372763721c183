package org.cycler.core.schedule;

/**
 * One channel's per-cycle totals and the charge/discharge pair its coulombic efficiency is taken
 * from. Mutable, owned by the control thread.
 *
 * <p>Efficiency pairs a discharge with the charge that went in before it. A <em>discharge run</em>
 * is all discharge from a discharging step to the next charging step (rests do not break it); its paired charge is everything
 * charged since the previous run. A cycle's efficiency comes from the first run that starts in
 * it. So in a discharge-first loop the formation charge of cycle 0 pairs with cycle 1's first
 * discharge (first-cycle efficiency shows the SEI loss), in a charge-first loop each cycle pairs
 * its own charge and discharge, and short discharges later in a cycle (DCIR pulses after a
 * partial charge) do not disturb the figure.
 */
final class CycleBook {

    private final int channel;
    private int cycle;
    private double chargeAh;
    private double dischargeAh;
    private double chargeWh;
    private double dischargeWh;

    private double chargeSinceRunAh;
    private boolean inRun;
    private boolean runCounts;
    private double runChargeAh;
    private double runDischargeAh;
    private boolean paired;
    private double pairedChargeAh;
    private double pairedDischargeAh;

    CycleBook(int channel) {
        this.channel = channel;
    }

    int cycle() {
        return cycle;
    }

    /** The book as a journal checkpoint carries it. */
    ChannelCheckpoint.Cycle snapshot() {
        return new ChannelCheckpoint.Cycle(cycle, chargeAh, dischargeAh, chargeWh, dischargeWh, chargeSinceRunAh, inRun,
                runCounts, runChargeAh, runDischargeAh, paired, pairedChargeAh, pairedDischargeAh);
    }

    /** Takes the book back to what {@link #snapshot()} gave. */
    void restore(ChannelCheckpoint.Cycle s) {
        cycle = s.cycle();
        chargeAh = s.chargeAh();
        dischargeAh = s.dischargeAh();
        chargeWh = s.chargeWh();
        dischargeWh = s.dischargeWh();
        chargeSinceRunAh = s.chargeSinceRunAh();
        inRun = s.inRun();
        runCounts = s.runCounts();
        runChargeAh = s.runChargeAh();
        runDischargeAh = s.runDischargeAh();
        paired = s.paired();
        pairedChargeAh = s.pairedChargeAh();
        pairedDischargeAh = s.pairedDischargeAh();
    }

    /**
     * Adds one interval's charge and discharge (both non-negative) of a step whose direction is
     * {@code stepDirection}: positive for a charging step, negative for a discharging one, 0 for a
     * rest. Discharge runs start and end with the steps, never with the sign of one interval: a
     * real instrument's offset and noise put small amounts of both into every rest, which count in
     * the cycle's totals but neither start nor end a run.
     */
    void add(double chargedAh, double dischargedAh, double chargedWh, double dischargedWh, int stepDirection) {
        chargeAh += chargedAh;
        dischargeAh += dischargedAh;
        chargeWh += chargedWh;
        dischargeWh += dischargedWh;
        if (stepDirection < 0 && !inRun) {
            inRun = true;
            runCounts = !paired;
            runChargeAh = chargeSinceRunAh;
            runDischargeAh = 0;
            chargeSinceRunAh = 0;
        } else if (stepDirection > 0 && inRun) {
            endRun();
        }
        if (inRun) {
            runDischargeAh += dischargedAh;
        } else {
            chargeSinceRunAh += chargedAh;
        }
    }

    private void endRun() {
        inRun = false;
        takePair();
    }

    private void takePair() {
        if (runCounts) {
            paired = true;
            runCounts = false;
            pairedChargeAh = runChargeAh;
            pairedDischargeAh = runDischargeAh;
        }
    }

    /**
     * Closes the open cycle at test time {@code t} and opens {@code next}; returns the closed
     * cycle's summary, or null when it saw neither charge nor discharge.
     */
    CycleSummary close(double t, int next) {
        takePair();
        CycleSummary summary = chargeAh == 0 && dischargeAh == 0 ? null
                : new CycleSummary(channel, cycle, chargeAh, dischargeAh, chargeWh, dischargeWh,
                        paired ? pairedChargeAh : Double.NaN, paired ? pairedDischargeAh : Double.NaN, t);
        cycle = next;
        chargeAh = 0;
        dischargeAh = 0;
        chargeWh = 0;
        dischargeWh = 0;
        paired = false;
        return summary;
    }
}
