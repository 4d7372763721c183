package org.cycler.hal.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Cycler;
import org.cycler.hal.CyclerIdentity;
import org.cycler.hal.Measurements;
import org.junit.jupiter.api.Test;

class CalibratedCyclerTest {

    private static final ChannelCalibration CAL = new ChannelCalibration(1.001, 0.002, 0.998, -0.003);

    /** A two-channel device that reads fixed raw values and keeps what it was told. */
    private static final class Recording implements Cycler {
        final List<ChannelCommand> applied = new ArrayList<>();

        @Override
        public CyclerIdentity identity() {
            return new CyclerIdentity("Test", "Fixed", "1", "1");
        }

        @Override
        public int channelCount() {
            return 2;
        }

        @Override
        public void read(Measurements into) {
            into.set(1, 3.7057, 1.995, 25.0, 0);
            into.markLost(2);
        }

        @Override
        public void apply(List<? extends ChannelCommand> commands) {
            applied.addAll(commands);
        }

        @Override
        public boolean appliesWithNextRead() {
            return true;
        }

        @Override
        public String lastProblem() {
            return "-222,\"Data out of range\"";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void whatTheDeviceSaysOfItselfPassesThrough() {
        CalibratedCycler cycler = new CalibratedCycler(new Recording(), List.of(CAL, CAL));
        assertTrue(cycler.appliesWithNextRead(), "the step machines count a deferred setpoint's tick right");
        assertEquals("-222,\"Data out of range\"", cycler.lastProblem());
    }

    @Test
    void readingsAreCorrectedAndLostChannelsStayLost() {
        CalibratedCycler cycler = new CalibratedCycler(new Recording(), List.of(CAL, CAL));
        Measurements m = new Measurements(2);
        cycler.read(m);
        assertEquals((3.7057 - 0.002) / 1.001, m.voltage(1), 1e-12);
        assertEquals((1.995 + 0.003) / 0.998, m.current(1), 1e-12);
        assertEquals(25.0, m.temperature(1));
        assertTrue(Double.isNaN(m.voltage(2)));
        assertEquals(ChannelStatus.COMM_LOSS, m.status(2));
    }

    @Test
    void setpointsAreSentSoThatTheChannelDeliversWhatWasAsked() {
        Recording device = new Recording();
        CalibratedCycler cycler = new CalibratedCycler(device, List.of(CAL));
        cycler.apply(List.of(new ChannelCommand.ConstantCurrent(1, -2.0), new ChannelCommand.ConstantVoltage(1, 4.2, 0.25),
                new ChannelCommand.CcCv(1, 2.5, 4.2), new ChannelCommand.ConstantPower(1, 10),
                new ChannelCommand.ConstantResistance(1, 2), new ChannelCommand.Rest(1),
                new ChannelCommand.ConstantCurrent(2, 1.0)));
        assertEquals(List.of(new ChannelCommand.ConstantCurrent(1, 0.998 * -2.0 - 0.003),
                new ChannelCommand.ConstantVoltage(1, 1.001 * 4.2 + 0.002, 0.25 * 0.998),
                new ChannelCommand.CcCv(1, 0.998 * 2.5 - 0.003, 1.001 * 4.2 + 0.002),
                new ChannelCommand.ConstantPower(1, 10 * 1.001 * 0.998),
                new ChannelCommand.ConstantResistance(1, 2 * 1.001 / 0.998), new ChannelCommand.Rest(1),
                new ChannelCommand.ConstantCurrent(2, 1.0)), device.applied, "channel 2 has no calibration");
        assertSame(ChannelCalibration.IDENTITY, cycler.calibration(2));
    }

    @Test
    void aCalibrationIsTheInverseOfTheErrorItDescribes() {
        for (double v : new double[] {0.0, 2.5, 4.2}) {
            assertEquals(v, CAL.voltage(CAL.voltageSetpoint(v)), 1e-12);
            assertEquals(-v, CAL.current(CAL.currentSetpoint(-v)), 1e-12);
        }
    }

    @Test
    void aCalibrationForChannelsTheCyclerLacksIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new CalibratedCycler(new Recording(), List.of(CAL, CAL, CAL)));
        assertThrows(IllegalArgumentException.class, () -> new ChannelCalibration(1.2, 0, 1, 0));
    }
}
