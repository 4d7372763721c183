package org.cycler.emulator.smu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.cycler.emulator.scpi.ScpiServer;
import org.cycler.hal.ChannelCommand;
import org.cycler.hal.Measurements;
import org.cycler.hal.sim.SimulatedCycler;

/**
 * A rack of emulated source-measure units over one {@link SimulatedCycler}: instrument k holds
 * the simulator's cell k. Each instrument is served on its own port or terminal; they share the
 * simulator (and its clock), so the rack's cells are exactly those of {@code cycler run --sim N}.
 *
 * <p><b>Threads.</b> Thread-safe: the instruments take this rack's lock for every command, so
 * clients of different instruments may talk at once.
 */
public final class SmuRack {

    private final SimulatedCycler sim;
    private final Measurements readings;
    private final List<SmuInstrument> instruments;
    private boolean closed;

    /**
     * @param sim the cells, one per instrument; the rack owns it from now on (it is read and
     *            commanded only under the rack's lock)
     */
    public SmuRack(SimulatedCycler sim) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.readings = new Measurements(sim.channelCount());
        List<SmuInstrument> list = new ArrayList<>();
        for (int ch = 1; ch <= sim.channelCount(); ch++) {
            list.add(new SmuInstrument(this, ch, sim.identity().serial() + "-" + ch, sim.identity().firmware()));
        }
        this.instruments = List.copyOf(list);
    }

    /** The instruments, instrument k at index k - 1. */
    public List<SmuInstrument> instruments() {
        return instruments;
    }

    /** Instrument {@code channel} (1-based). */
    public SmuInstrument instrument(int channel) {
        return instruments.get(channel - 1);
    }

    public int size() {
        return instruments.size();
    }

    /**
     * Serves every instrument on its own TCP port of the loopback interface: instrument k on
     * {@code firstPort + k - 1}, or each on a free port when {@code firstPort} is 0.
     *
     * @throws IOException when a port is taken; the servers already started are closed
     */
    public List<ScpiServer> serve(int firstPort) throws IOException {
        if (firstPort < 0 || (firstPort > 0 && firstPort + size() - 1 > 65_535)) {
            throw new IllegalArgumentException("ports " + firstPort + ".." + (firstPort + size() - 1)
                    + " are not all within 1..65535");
        }
        List<ScpiServer> servers = new ArrayList<>();
        try {
            for (int k = 0; k < size(); k++) {
                servers.add(ScpiServer.start(instruments.get(k), firstPort == 0 ? 0 : firstPort + k));
            }
        } catch (IOException e) {
            servers.forEach(ScpiServer::close);
            throw e;
        }
        return List.copyOf(servers);
    }

    /** Hands one instrument's setting to its cell. Caller holds the lock. */
    void command(ChannelCommand command) {
        sim.apply(List.of(command));
    }

    /** Advances the cells to now and returns the readings of every channel. Caller holds the lock. */
    Measurements measure() {
        sim.read(readings);
        return readings;
    }

    boolean closed() {
        return closed;
    }

    /**
     * Fault injection: a hardware fault on {@code channel}'s instrument (interlock, protection) turns
     * its output off; its end leaves the output off until commanded on again.
     */
    public synchronized void injectHardwareFault(int channel, boolean faulted) {
        sim.injectHardwareFault(channel, faulted);
        if (faulted) {
            instrument(channel).outputTurnedOff();
        }
    }

    /** Turns every output off and closes the simulator; no instrument answers after. Idempotent. */
    public synchronized void close() {
        closed = true;
        sim.close();
    }
}
