/**
 * The simulated cycler: an equivalent-circuit cell model behind the {@link org.cycler.hal.Cycler}
 * contract, so recipes, the scheduler and grading run without hardware.
 *
 * <p>Pieces: {@link org.cycler.hal.sim.Chemistry} (open-circuit voltage tables and typical cell
 * values), {@link org.cycler.hal.sim.CellParameters} (one cell, validated),
 * {@link org.cycler.hal.sim.CellLot} (a seeded production lot with manufacturing spread and
 * defective cells) and {@link org.cycler.hal.sim.SimulatedCycler} (the channels, integrating
 * every cell lazily up to the injected {@link org.cycler.hal.Ticker}'s time).
 *
 * <p>Units are SI (volts, amperes, seconds, ampere-hours, ohms, joules, watts, degrees Celsius);
 * current is signed, <b>positive = charge, negative = discharge</b>; channels are 1-based.
 */
package org.cycler.hal.sim;
