package org.cycler.emulator.scpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.cycler.hal.ChannelCommand;
import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Measurements;
import org.cycler.hal.VirtualTicker;
import org.cycler.hal.scpi.ScpiCycler;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.transport.Transport;
import org.cycler.hal.transport.TransportTimeoutException;
import org.junit.jupiter.api.Test;

/** What the driver puts on the wire, through an in-memory link to the emulator that records every line. */
class ScpiCyclerTest {

    private static final int CHANNELS = 64;

    /**
     * A transport that hands each line to the emulator at once, as a connection of its own (the
     * test's {@code emulator.execute} is another program on the instrument), and records it.
     */
    static class RecordingLink implements Transport {
        final ScpiServer.Client device;
        final List<String> written = new ArrayList<>();
        final ArrayDeque<String> replies = new ArrayDeque<>();

        RecordingLink(ScpiEmulator emulator) {
            this.device = emulator.connect();
        }

        @Override
        public void write(CharSequence line) {
            written.add(line.toString());
            String reply = device.execute(line.toString());
            if (reply != null) {
                replies.add(reply);
            }
        }

        @Override
        public String readLine(long timeoutNanos) throws IOException {
            if (replies.isEmpty()) {
                throw new TransportTimeoutException("no reply");
            }
            return replies.poll();
        }

        @Override
        public void discardInput() {
            replies.clear();
        }

        @Override
        public String description() {
            return "memory";
        }

        @Override
        public void close() {
        }
    }

    private final VirtualTicker ticker = new VirtualTicker();
    private final ScpiEmulator emulator = new ScpiEmulator(new SimulatedCycler(ticker,
            Collections.nCopies(CHANNELS, Chemistry.NMC.typicalCell(5.0).asFormed(0.5)), 25.0, "w-1"));
    private final RecordingLink link = new RecordingLink(emulator);

    private ScpiCycler connect() throws IOException {
        ScpiCycler driver = ScpiCycler.connect(() -> link, Duration.ofMillis(100));
        link.written.clear();
        return driver;
    }

    @Test
    void connectIdentifiesEmptiesTheErrorQueueRestsEveryChannelAndArmsTheWatchdog() throws IOException {
        emulator.execute("BOGUS;BOGUS");
        ScpiCycler driver = ScpiCycler.connect(() -> link, Duration.ofMillis(100));
        assertEquals(List.of("*IDN?", "SYST:CHAN:COUN?", "SYST:ERR?", "SYST:ERR?", "SYST:ERR?",
                "SOUR:MODE REST,(@1:64);OUTP OFF,(@1:64);SYST:WDOG " + ScpiCycler.HOST_WATCHDOG_S, "SYST:ERR?",
                "STAT:OPER:EVEN? (@1:64);*ESR?;SYST:ERR?"), link.written);
        assertEquals(CHANNELS, driver.channelCount());
        assertEquals("w-1", driver.identity().serial());
    }

    @Test
    void aReadIsOneWriteAndOneLineWhateverTheChannelCount() throws IOException {
        ScpiCycler driver = connect();
        Measurements m = new Measurements(CHANNELS);
        driver.read(m);
        assertEquals(List.of("MEAS:ALL? (@1:64);STAT:QUES:COND? (@1:64);STAT:OPER:EVEN? (@1:64);*ESR?"), link.written);
        assertTrue(Double.isFinite(m.voltage(64)));
    }

    @Test
    void anOutputChangedBehindTheDriversBackIsReportedOnThatChannelAtTheNextRead() throws IOException {
        ScpiCycler driver = connect();
        driver.apply(List.of(new ChannelCommand.CcCv(2, 2.5, 4.2), new ChannelCommand.ConstantCurrent(3, 0.25),
                new ChannelCommand.ConstantVoltage(4, 3.7, 1.0)));
        Measurements m = new Measurements(CHANNELS);
        driver.read(m);
        for (int ch = 1; ch <= 4; ch++) {
            assertEquals(ChannelStatus.OK, m.status(ch), "channel " + ch + " is as commanded");
        }
        // Another program on the same instrument.
        emulator.execute("OUTP OFF,(@2);SOUR:CURR 1.5,(@3);SOUR:MODE CC,(@4);OUTP ON,(@5)");
        driver.read(m);
        assertEquals(ChannelStatus.OUTPUT_OFF, m.status(2));
        assertEquals(ChannelStatus.SETTING_CHANGED, m.status(3), "another setpoint");
        assertEquals(ChannelStatus.SETTING_CHANGED, m.status(4), "another mode");
        assertEquals(ChannelStatus.OK, m.status(1));
        assertEquals(ChannelStatus.OK, m.status(5), "REST with no setpoint stays at rest, however OUTP reads");
        emulator.execute("*RST");
        driver.read(m);
        assertEquals(ChannelStatus.OUTPUT_OFF, m.status(3), "a device reset turns the output off");
    }

    @Test
    void onlyAChannelWrittenFromElsewhereIsReadBackAndOnTheSameTick() throws IOException {
        ScpiCycler driver = connect();
        driver.apply(List.of(new ChannelCommand.ConstantCurrent(2, 0.5), new ChannelCommand.ConstantCurrent(3, 0.5),
                new ChannelCommand.ConstantCurrent(9, 0.5)));
        Measurements m = new Measurements(CHANNELS);
        driver.read(m);
        link.written.clear();
        emulator.execute("SOUR:CURR 0.5,(@2);OUTP OFF,(@3)");
        driver.read(m);
        assertEquals(List.of("MEAS:ALL? (@1:64);STAT:QUES:COND? (@1:64);STAT:OPER:EVEN? (@1:64);*ESR?",
                "SOUR:ALL? (@2,3)"), link.written, "the flagged channels, in one more query");
        assertEquals(ChannelStatus.OK, m.status(2), "written from elsewhere, but to what it was commanded");
        assertEquals(ChannelStatus.OUTPUT_OFF, m.status(3));
        assertEquals(ChannelStatus.OK, m.status(9));
        assertEquals(0, driver.failedAttempts());
        link.written.clear();
        driver.read(m);
        assertEquals(1, link.written.size(), "flags clear as read: the next tick is one line again");
    }

    @Test
    void aSettingTheDeviceRefusesIsReadBackAndItsErrorKept() throws IOException {
        ScpiCycler driver = connect();
        Measurements m = new Measurements(CHANNELS);
        driver.apply(List.of(new ChannelCommand.ConstantCurrent(4, 80.0), new ChannelCommand.ConstantCurrent(5, 1.0)));
        driver.read(m);
        assertEquals("SOUR:ALL? (@4,5)", link.written.get(1), "*ESR? reported an error: the line's channels are read back");
        assertEquals("SYST:ERR?", link.written.get(2));
        assertEquals(ChannelStatus.SETTING_CHANGED, m.status(4), "80 A is beyond the hardware: the channel kept its old current");
        assertEquals(ChannelStatus.OK, m.status(5));
        assertTrue(driver.lastProblem().contains("refused a setting: -222"), driver.lastProblem());
    }

    @Test
    void afterALostReplyTheNextAttemptReadsBackEveryCommandedChannel() throws IOException {
        ScpiCycler driver = connect();
        Measurements m = new Measurements(CHANNELS);
        driver.apply(List.of(new ChannelCommand.ConstantCurrent(1, 0.5), new ChannelCommand.CcCv(7, 1.0, 4.1)));
        driver.read(m);
        emulator.garbleReplies(1);
        emulator.execute("OUTP OFF,(@7)");
        link.written.clear();
        driver.read(m);
        assertEquals(3, link.written.size(), "the garbled reply, SYST:ERR? and the retry: " + link.written);
        assertTrue(link.written.get(2).endsWith(";*ESR?;SOUR:ALL? (@1,7)"),
                "the lost reply took the flags with it, so the retry reads back what was commanded: " + link.written);
        assertEquals(ChannelStatus.OUTPUT_OFF, m.status(7));
        assertEquals(ChannelStatus.OK, m.status(1));
    }

    @Test
    void anotherConnectionReadingItsOwnFlagsDoesNotHideThemFromTheDriver() throws IOException {
        ScpiCycler driver = connect();
        Measurements m = new Measurements(CHANNELS);
        driver.apply(List.of(new ChannelCommand.ConstantCurrent(6, 0.5)));
        driver.read(m);
        ScpiServer.Client other = emulator.connect();
        other.execute("OUTP OFF,(@6)");
        assertEquals("0", other.execute("STAT:OPER:EVEN? (@6)"), "its own write is not news to the writer");
        driver.read(m);
        assertEquals(ChannelStatus.OUTPUT_OFF, m.status(6));
        other.close();
    }

    @Test
    void attachLeavesEveryChannelAsItIsFoundAndComparesNothingUntilItCommands() throws IOException {
        ScpiCycler first = connect();
        first.apply(List.of(new ChannelCommand.ConstantCurrent(2, 0.5)));
        first.read(new Measurements(CHANNELS));
        link.written.clear();
        ScpiCycler again = ScpiCycler.attach(() -> link, Duration.ofMillis(100));
        assertTrue(link.written.stream().noneMatch(line -> line.contains("SOUR:MODE") || line.contains("OUTP")),
                link.written.toString());
        assertTrue(link.written.contains("SYST:WDOG " + ScpiCycler.HOST_WATCHDOG_S), "the watchdog is armed");
        Measurements m = new Measurements(CHANNELS);
        again.read(m);
        assertEquals("1", emulator.execute("OUTP? (@2)"), "still charging");
        assertEquals(ChannelStatus.OK, m.status(2));
        assertTrue(m.current(2) > 0.4, "read before it is commanded: " + m.current(2));
    }

    @Test
    void equalSetpointsShareOneChannelListInOneWrite() throws IOException {
        ScpiCycler driver = connect();
        List<ChannelCommand> commands = new ArrayList<>();
        for (int ch = 1; ch <= CHANNELS; ch++) {
            commands.add(ch == 7 ? new ChannelCommand.Rest(ch) : new ChannelCommand.ConstantCurrent(ch, 0.25));
        }
        commands.add(new ChannelCommand.CcCv(9, 2.5, 4.2));
        driver.apply(commands);
        assertEquals(List.of(), link.written, "setpoints wait for the read");
        Measurements m = new Measurements(CHANNELS);
        driver.read(m);
        assertEquals(List.of("SOUR:MODE CC,(@1:6,8,10:64);SOUR:CURR 0.25,(@1:6,8,10:64);OUTP ON,(@1:6,8,10:64)"
                + ";SOUR:MODE REST,(@7);OUTP OFF,(@7)"
                + ";SOUR:MODE CCCV,(@9);SOUR:CURR 2.5,(@9);SOUR:VOLT 4.2,(@9);OUTP ON,(@9)"
                + ";MEAS:ALL? (@1:64);STAT:QUES:COND? (@1:64);STAT:OPER:EVEN? (@1:64);*ESR?"), link.written);

        link.written.clear();
        driver.apply(List.of(new ChannelCommand.ConstantCurrent(7, 0.25), new ChannelCommand.ConstantCurrent(1, 0.25),
                new ChannelCommand.ConstantCurrent(2, -0.0), new ChannelCommand.ConstantCurrent(3, 0.0),
                new ChannelCommand.ConstantCurrent(4, 0.0)));
        driver.read(m);
        assertEquals(List.of("SOUR:CURR 0.25,(@1);SOUR:CURR -0.0,(@2);SOUR:CURR 0.0,(@3,4)"
                + ";SOUR:MODE CC,(@7);SOUR:CURR 0.25,(@7);OUTP ON,(@7)"
                + ";MEAS:ALL? (@1:64);STAT:QUES:COND? (@1:64);STAT:OPER:EVEN? (@1:64);*ESR?"), link.written,
                "a setpoint sent as values only and the same one in full are two groups; -0.0 is not 0.0");
    }

    @Test
    void aSetpointIsInForceForTheReadingOfTheSameWriteAndReadsBackAsCommanded() throws IOException {
        ScpiCycler driver = connect();
        Measurements m = new Measurements(CHANNELS);
        driver.read(m);
        assertEquals(0.0, m.current(3), 1e-9);
        link.written.clear();
        driver.apply(List.of(new ChannelCommand.ConstantCurrent(3, -2.5), new ChannelCommand.CcCv(4, 1.5, 4.1)));
        driver.read(m);
        assertEquals(1, link.written.size(), "one write per tick: " + link.written);
        assertEquals(-2.5, m.current(3), 1e-6, "measured under the setpoint sent in the same line");
        assertEquals(1.5, m.current(4), 1e-6);
        assertEquals(ChannelStatus.OK, m.status(3), "the read-back in the same line is as commanded");
        assertEquals(ChannelStatus.OK, m.status(4));
        emulator.execute("SOUR:CURR -1.0,(@3)");
        driver.read(m);
        assertEquals(ChannelStatus.SETTING_CHANGED, m.status(3), "a later change is still seen");
    }

    @Test
    void aNewSetpointInTheModeAChannelRunsIsItsValuesAloneUntilTheDeviceSaysOtherwise() throws IOException {
        ScpiCycler driver = connect();
        Measurements m = new Measurements(CHANNELS);
        driver.apply(List.of(new ChannelCommand.ConstantCurrent(1, 1.0), new ChannelCommand.CcCv(2, 2.5, 4.1)));
        driver.read(m);
        link.written.clear();
        driver.apply(List.of(new ChannelCommand.ConstantCurrent(1, -1.5), new ChannelCommand.CcCv(2, 2.0, 4.1),
                new ChannelCommand.ConstantCurrent(3, 0.5)));
        driver.read(m);
        assertEquals(List.of("SOUR:CURR -1.5,(@1);SOUR:CURR 2.0,(@2);SOUR:VOLT 4.1,(@2)"
                + ";SOUR:MODE CC,(@3);SOUR:CURR 0.5,(@3);OUTP ON,(@3)"
                + ";MEAS:ALL? (@1:64);STAT:QUES:COND? (@1:64);STAT:OPER:EVEN? (@1:64);*ESR?"), link.written);
        assertEquals(-1.5, m.current(1), 1e-6);
        assertEquals(ChannelStatus.OK, m.status(1));
        assertEquals(ChannelStatus.OK, m.status(2));
        emulator.execute("OUTP OFF,(@1)");
        driver.read(m);
        assertEquals(ChannelStatus.OUTPUT_OFF, m.status(1));
        link.written.clear();
        driver.apply(List.of(new ChannelCommand.ConstantCurrent(1, 1.0)));
        driver.read(m);
        assertTrue(link.written.get(0).startsWith("SOUR:MODE CC,(@1);SOUR:CURR 1.0,(@1);OUTP ON,(@1);"),
                "a channel found otherwise gets its whole setpoint: " + link.written);
        assertEquals(ChannelStatus.OK, m.status(1));
    }

    @Test
    void everyModeMapsToItsCommands() throws IOException {
        ScpiCycler driver = connect();
        driver.apply(List.of(new ChannelCommand.ConstantVoltage(1, 3.65, 2.0), new ChannelCommand.ConstantPower(2, -7.5),
                new ChannelCommand.ConstantResistance(3, 1.0E-4 * 20), new ChannelCommand.ConstantCurrent(4, -1.0 / 3)));
        driver.read(new Measurements(CHANNELS));
        assertEquals(List.of("SOUR:MODE CV,(@1);SOUR:VOLT 3.65,(@1);SOUR:CURR 2.0,(@1);OUTP ON,(@1)"
                + ";SOUR:MODE CP,(@2);SOUR:POW -7.5,(@2);OUTP ON,(@2)"
                + ";SOUR:MODE CR,(@3);SOUR:RES 0.002,(@3);OUTP ON,(@3)"
                + ";SOUR:MODE CC,(@4);SOUR:CURR -0.3333333333333333,(@4);OUTP ON,(@4)"
                + ";MEAS:ALL? (@1:64);STAT:QUES:COND? (@1:64);STAT:OPER:EVEN? (@1:64);*ESR?"), link.written);
        assertEquals("0,\"No error\"", emulator.execute("SYST:ERR?"));
    }

    @Test
    void aDeviceThatDoesNotIdentifyIsRefusedWithTheReason() {
        RecordingLink silent = new RecordingLink(emulator);
        emulator.setSilent(true);
        IOException e = assertThrows(IOException.class, () -> ScpiCycler.connect(() -> silent, Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("no reply"), e.getMessage());
    }

    @Test
    void aDeviceThatRefusesTheConfigurationIsRefused() {
        Transport liar = new RecordingLink(emulator) {
            @Override
            public void write(CharSequence line) {
                super.write(line.toString().startsWith("SOUR:MODE REST") ? "SOUR:MODE SLEEP,(@1)" : line);
            }
        };
        IOException e = assertThrows(IOException.class, () -> ScpiCycler.connect(() -> liar, Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("refused the configuration: -224"), e.getMessage());
    }

    @Test
    void aDeviceWithoutTheEventRegistersIsRefusedAtConnectWithTheReason() {
        Transport older = new RecordingLink(emulator) {
            @Override
            public void write(CharSequence line) {
                super.write(line.toString().replace("STAT:OPER:EVEN?", "STAT:OPER:BOGUS?"));
            }
        };
        IOException e = assertThrows(IOException.class, () -> ScpiCycler.connect(() -> older, Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("STAT:OPER:EVEN? (@1:64);*ESR?;SYST:ERR? answered '32;-113,\"Undefined header\"' "
                        + "(expected 64 operation event registers"),
                e.getMessage());
    }

    @Test
    void aChannelWithAnUnreadableFieldIsLostAloneOnceTheRetriesAreUsedUp() throws IOException {
        ScpiCycler driver = ScpiCycler.connect(() -> new RecordingLink(emulator) {
            @Override
            public String readLine(long timeoutNanos) throws IOException {
                String line = super.readLine(timeoutNanos);
                return line.startsWith("2.") || line.startsWith("3.") ? line.replaceFirst(",", ",x") : line;
            }
        }, Duration.ofMillis(50));
        Measurements m = new Measurements(CHANNELS);
        driver.read(m);
        assertEquals(org.cycler.hal.ChannelStatus.COMM_LOSS, m.status(1));
        assertTrue(Double.isNaN(m.current(1)));
        for (int ch = 2; ch <= CHANNELS; ch++) {
            assertEquals(org.cycler.hal.ChannelStatus.OK, m.status(ch), "channel " + ch);
        }
        assertEquals(ScpiCycler.MAX_ATTEMPTS, driver.failedAttempts());
    }
}
