/**
 * The source-measure-unit driver of DESIGN section 12: {@link org.cycler.hal.smu.SmuCycler} drives a
 * rack of SCPI instruments with the Keithley 2400-series command set, one channel per instrument,
 * behind the {@link org.cycler.hal.Cycler} contract; the instrument's side is in
 * {@code org.cycler.emulator.smu}. docs/devices.md is the user's reference.
 */
package org.cycler.hal.smu;
