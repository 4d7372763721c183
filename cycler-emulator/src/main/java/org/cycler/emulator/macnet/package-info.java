/**
 * The MacNet emulator: {@link org.cycler.emulator.macnet.MacNetEmulator} answers MacNet's
 * direct-mode messages over the simulated cells, {@link org.cycler.emulator.macnet.MacNetServer}
 * serves it on a JSON port and the binary port 10 below it.
 */
package org.cycler.emulator.macnet;
