package org.cycler.hal.sim;

import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerContractTest;

/** The simulator under the HAL contract. */
class SimulatedCyclerContractTest extends CyclerContractTest {

    private SimulatedCycler sim;

    @Override
    protected Cycler create() {
        sim = new SimulatedCycler(ticker, cells, AMBIENT_C);
        return sim;
    }

    @Override
    protected void injectHardwareFault(int channel, boolean faulted) {
        sim.injectHardwareFault(channel, faulted);
    }
}
