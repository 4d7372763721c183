/**
 * A rack of source-measure units from the instruments' side (DESIGN section 12):
 * {@link org.cycler.emulator.smu.SmuRack} puts one {@link org.cycler.emulator.smu.SmuInstrument}
 * speaking the Keithley 2400-series commands on each simulated cell, each served on its own TCP
 * port by {@link org.cycler.emulator.scpi.ScpiServer}.
 */
package org.cycler.emulator.smu;
