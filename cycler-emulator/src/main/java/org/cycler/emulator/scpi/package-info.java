/**
 * The SCPI dialect of DESIGN section 9 from the device's side: {@link org.cycler.emulator.scpi.ScpiEmulator}
 * answers command lines over simulated cells, {@link org.cycler.emulator.scpi.ScpiServer} serves it on a TCP port.
 */
package org.cycler.emulator.scpi;
