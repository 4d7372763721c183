package org.cycler.hal.sim;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.ForwardingCycler;
import org.cycler.hal.Measurements;
import org.cycler.hal.Ticker;

/**
 * A cycler whose readings go wrong on a schedule ({@link InjectedFault}), wrapped around another
 * (normally the simulator): how tests and demos show that one misbehaving channel is fenced off
 * while the others go on. Setpoints pass through untouched; only what is read is changed, as a
 * faulty sensor, cable or channel board would. Test time counts from construction on the same
 * ticker the wrapped cycler uses. Used by one control thread.
 */
public final class FaultInjectingCycler extends ForwardingCycler {

    /** The temperature an over-temperature fault reads, degrees Celsius. */
    public static final double OVER_TEMPERATURE_C = 85.0;
    /** How far a voltage spike lifts the reading, volts. */
    public static final double SPIKE_V = 1.0;
    /** How much longer a slow reply takes, milliseconds of wall time. */
    public static final long SLOW_REPLY_MS = 50;

    private final Ticker ticker;
    private long originNanos = -1;
    private final List<InjectedFault> faults;
    private final boolean[] fired;
    private final double[][] frozen;

    public FaultInjectingCycler(Cycler inner, Ticker ticker, List<InjectedFault> faults) {
        super(inner);
        this.ticker = ticker;
        this.faults = List.copyOf(faults);
        for (InjectedFault fault : this.faults) {
            if (fault.channel() > inner.channelCount()) {
                throw new IllegalArgumentException("fault on channel " + fault.channel() + ", which does not exist on a "
                        + inner.channelCount() + "-channel cycler");
            }
        }
        this.fired = new boolean[this.faults.size()];
        this.frozen = new double[this.faults.size()][];
    }

    @Override
    public void read(Measurements into) {
        if (originNanos < 0) {
            originNanos = ticker.nanos();
        }
        double t = (ticker.nanos() - originNanos) / 1e9;
        for (int k = 0; k < faults.size(); k++) {
            if (faults.get(k).kind() == InjectedFault.Kind.SLOW_REPLY && active(k, t)) {
                LockSupport.parkNanos(SLOW_REPLY_MS * 1_000_000);
            }
        }
        inner.read(into);
        for (int k = 0; k < faults.size(); k++) {
            if (active(k, t)) {
                corrupt(k, faults.get(k), into);
                fired[k] = true;
            }
        }
    }

    private boolean active(int k, double t) {
        InjectedFault fault = faults.get(k);
        return fault.activeAt(t) && !(fault.durationS() == 0 && fired[k]);
    }

    private void corrupt(int k, InjectedFault fault, Measurements m) {
        int ch = fault.channel();
        double v = m.voltage(ch);
        double i = m.current(ch);
        double temp = m.temperature(ch);
        int status = m.status(ch);
        switch (fault.kind()) {
            case OVER_TEMPERATURE -> m.set(ch, v, i, OVER_TEMPERATURE_C, status);
            case VOLTAGE_SPIKE -> m.set(ch, v + SPIKE_V, i, temp, status);
            case STUCK_READING -> {
                if (frozen[k] == null) {
                    frozen[k] = new double[] {v, i, temp};
                }
                m.set(ch, frozen[k][0], frozen[k][1], frozen[k][2], status);
            }
            case NAN_READING -> m.set(ch, Double.NaN, i, temp, status);
            case COMM_LOSS -> m.markLost(ch);
            case SLOW_REPLY -> {
                // the delay is the fault; the readings are right
            }
            case HARDWARE_FAULT -> m.set(ch, v, i, temp, status | ChannelStatus.HARDWARE_FAULT);
        }
    }

}
