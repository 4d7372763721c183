package org.cycler.hal;

import java.util.List;
import java.util.Objects;

/**
 * A {@link Cycler} in front of another: every call it does not override goes to the one behind,
 * so that a decorator (fault injection, calibration) passes the whole contract through, also the
 * parts added to it later. Thread-safety is the one behind's.
 */
public abstract class ForwardingCycler implements Cycler {

    /** The cycler behind this one. */
    protected final Cycler inner;

    protected ForwardingCycler(Cycler inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public CyclerIdentity identity() {
        return inner.identity();
    }

    @Override
    public int channelCount() {
        return inner.channelCount();
    }

    @Override
    public void read(Measurements into) {
        inner.read(into);
    }

    @Override
    public void apply(List<? extends ChannelCommand> commands) {
        inner.apply(commands);
    }

    @Override
    public boolean appliesWithNextRead() {
        return inner.appliesWithNextRead();
    }

    @Override
    public String lastProblem() {
        return inner.lastProblem();
    }

    @Override
    public void close() {
        inner.close();
    }
}
