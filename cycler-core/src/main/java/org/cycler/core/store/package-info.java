/**
 * The run directory (DESIGN section 5): its Battery Data Format data files, journal, cycles, run.json
 * and simulated-cell truth, written here and read here ({@link org.cycler.core.store.RunReader}, the
 * one reader every other package uses).
 */
package org.cycler.core.store;
