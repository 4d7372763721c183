/**
 * The run directory (DESIGN section 5): its Battery Data Format data files, journal, cycles, run.json
 * and simulated-cell truth, written here and read here.
 */
package org.cycler.core.store;
