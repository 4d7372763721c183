package org.cycler.emulator.scpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.cycler.hal.Cycler;
import org.cycler.hal.VirtualTicker;
import org.cycler.hal.sim.CellParameters;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dialect of DESIGN section 9 as the emulator answers it, line by line. */
class ScpiEmulatorTest {

    private static final int CHANNELS = 8;
    private final VirtualTicker ticker = new VirtualTicker();
    private ScpiEmulator emu;

    @BeforeEach
    void start() {
        CellParameters cell = Chemistry.NMC.typicalCell(5.0).asFormed(0.5);
        emu = new ScpiEmulator(new SimulatedCycler(ticker, java.util.Collections.nCopies(CHANNELS, cell), 25.0, "t-1"));
    }

    private String send(String line) {
        return emu.execute(line);
    }

    private String error() {
        return send("SYST:ERR?");
    }

    @Test
    void eachConnectionSeesTheWritesOfEveryOtherInItsEventRegisterClearedAsRead() {
        ScpiServer.Client a = emu.connect();
        ScpiServer.Client b = emu.connect();
        assertEquals("0,0,0", a.execute("STAT:OPER:EVEN? (@1:3)"));
        b.execute("SOUR:MODE CC,(@2);SOUR:CURR 1.0,(@2);OUTP ON,(@2)");
        assertEquals("0,256,0", a.execute("STATus:OPERation:EVENt? (@1:3)"));
        assertEquals("0,0,0", a.execute("STAT:OPER? (@1:3)"), "cleared as read");
        assertEquals("0,0,0", b.execute("STAT:OPER:EVEN? (@1:3)"), "a connection's own writes are not flagged to it");
        assertEquals("0,256", send("STAT:OPER:EVEN? (@1:2)"), "the in-process caller is a connection too");
        a.execute("SOUR:CURR 2.0,(@3)");
        b.execute("*CLS");
        assertEquals("0,0,0", b.execute("STAT:OPER:EVEN? (@1:3)"), "*CLS clears the connection's event registers");
        b.execute("*RST");
        assertEquals("256,256,256", a.execute("STAT:OPER:EVEN? (@1:3)"), "a reset writes every channel");
        emu.injectHardwareFault(1, true);
        assertEquals("256", b.execute("STAT:OPER:EVEN? (@1)"), "so does the device itself");
        b.close();
        a.close();
    }

    @Test
    void eachConnectionsEventStatusCountsTheErrorsOfItsOwnCommands() {
        ScpiServer.Client a = emu.connect();
        ScpiServer.Client b = emu.connect();
        a.execute("SOUR:CURR 99,(@1)");
        assertEquals("0", b.execute("*ESR?"), "another connection's error");
        assertEquals("16", a.execute("*ESR?"), "an execution error (-222) is bit 4");
        assertEquals("0", a.execute("*ESR?"), "cleared as read");
        a.execute("BOGUS");
        a.reportError(org.cycler.hal.scpi.ScpiError.INPUT_OVERRUN);
        assertEquals("40", a.execute("*ESR?"), "a command error (-113) is bit 5, a device-specific one (-363) bit 3");
        a.close();
        b.close();
    }

    @Test
    void identityChannelCountAndAnEmptyErrorQueue() {
        assertEquals("Cycler,EMU-8,t-1," + SimulatedCycler.FIRMWARE, send("*IDN?"));
        assertEquals("8", send("SYST:CHAN:COUN?"));
        assertEquals("0,\"No error\"", error());
        assertEquals("1", send("*OPC?"));
    }

    @Test
    void settingsGetNoReplyAndQueriesOfOneLineShareOneReply() {
        assertNull(send("SOUR:MODE CC,(@1:4);SOUR:CURR 2.5,(@1:4);OUTP ON,(@1:4)"));
        assertEquals("CC,CC,CC,CC,REST;2.5,2.5,2.5,2.5,0.0;1,1,1,1,0",
                send("SOUR:MODE? (@1:5);SOUR:CURR? (@1:5);OUTP? (@1:5)"));
        ticker.advance(Duration.ofSeconds(10));
        String[] parts = send("MEAS:ALL? (@1,5);STAT:QUES:COND? (@1,5)").split(";");
        assertEquals(2, parts.length);
        String[] all = parts[0].split(",");
        assertEquals(6, all.length);
        assertEquals("2.500000", all[1]);
        assertEquals("0.000000", all[4]);
        assertTrue(all[0].matches("\\d\\.\\d{6}") && all[2].matches("\\d+\\.\\d{3}"), parts[0]);
        assertEquals("0,0", parts[1]);
        assertEquals(all[0], send("MEAS:VOLT? (@1)"));
        assertEquals("2.500000,2.500000", send("MEAS:CURR? (@1,2)"));
        assertEquals(CHANNELS, send("MEAS:TEMP?").split(",").length, "no list: every channel");
    }

    @Test
    void longFormsLowerCaseRootColonAndTreeRelativeHeadersAllWork() {
        assertNull(send("source:mode CCCV,(@2);:SOURce:CURRent 1.5,(@2);VOLTage 4.1,(@2);OUTPut:STATe ON,(@2)"));
        assertEquals("0,\"No error\"", send("SYSTem:ERRor:NEXT?"));
        assertEquals("CCCV;1.5;4.1;1", send("SOUR:MODE? (@2);CURR? (@2);VOLT? (@2);OUTP? (@2)"));
        assertNull(send("MODE CP,(@3);POW -4,(@3);OUTP 1,(@3)"), "the optional SOURce node");
        ticker.advance(Duration.ofSeconds(1));
        String[] vi = send("MEAS:ALL? (@3)").split(",");
        assertEquals(-4.0, Double.parseDouble(vi[0]) * Double.parseDouble(vi[1]), 1e-4);
        assertEquals("8", send("SYST:CHAN?"));
        assertEquals(send("MEAS:CURR? (@3)"), send("MEAS:CURR?(@3)"), "a list right after the header");
    }

    @Test
    void errorsQueueInOrderAndTheRestOfTheLineStillRuns() {
        assertEquals("CC", send("SOUR:CURR 99,(@1);SOUR:MODE CC,(@1);BOGUS:CMD;SOUR:MODE? (@1);SOUR:CURR abc,(@1)"));
        assertEquals("-222,\"Data out of range\"", error());
        assertEquals("-113,\"Undefined header\"", error());
        assertEquals("-104,\"Data type error\"", error());
        assertEquals("0,\"No error\"", error());
        send("SOUR:CURR 1.5A,(@1)");
        assertEquals("-131,\"Invalid suffix\"", error());
        send("SOUR:CURR 1,(@9)");
        assertEquals("-222,\"Data out of range\"", error());
        send("SOUR:CURR 1,(@1");
        assertEquals("-102,\"Syntax error\"", error());
        send("SOUR:MODE FAST,(@1)");
        assertEquals("-224,\"Illegal parameter value\"", error());
        send("SOUR:CURR 1");
        assertEquals("-109,\"Missing parameter\"", error());
        send("*IDN? extra");
        assertEquals("-108,\"Parameter not allowed\"", error());
        send("SOUR:VOLT 0,(@1);SOUR:VOLT 5.01,(@1);SOUR:POW 251,(@1);SOUR:RES 0,(@1)");
        for (int k = 0; k < 4; k++) {
            assertEquals("-222,\"Data out of range\"", error());
        }
        assertEquals("0,\"No error\"", error());
    }

    @Test
    void eachCommandOfALineIsReadUpToItsOwnSemicolonOutsideQuotes() {
        assertNull(send("SOUR:MODE CC,(@1,2) ;SOUR:CURR 1.25,(@1);SOUR:CURR -0.5, (@ 2 ) ;OUTP ON,(@1:2)"));
        assertEquals("0,\"No error\"", error());
        assertEquals("1.25,-0.5", send("SOUR:CURR? (@1,2)"));
        assertNull(send("SOUR:CURR 1),(@1);SOUR:CURR 0.75,(@2);SOUR:MODE \"CC;X\",(@1);SOUR:CURR 2,(@1:2)x;CURR 3,(@2)"));
        assertEquals("-131,\"Invalid suffix\"", error(), "a ')' in the value is the value's, not the next command's");
        assertEquals("-224,\"Illegal parameter value\"", error(), "a quoted ';' does not end the command");
        assertEquals("-102,\"Syntax error\"", error(), "text after a list");
        assertEquals("0,\"No error\"", error());
        assertEquals("1.25,3.0", send("SOUR:CURR? (@1,2)"), "every well-formed command of the line ran");
    }

    @Test
    void aFailedQueryLeavesNoPieceInTheReply() {
        assertEquals("8", send("MEAS:ALL? (@99);SYST:CHAN:COUN?"));
        assertNull(send("MEAS:ALL? (@99)"));
        assertEquals("-222,\"Data out of range\"", error());
    }

    @Test
    void anOutputOnWithoutTheSetpointsItsModeNeedsStaysAtRestWithAConflict() {
        assertNull(send("SOUR:MODE CV,(@1);OUTP ON,(@1)"));
        assertEquals("-221,\"Settings conflict\"", error());
        ticker.advance(Duration.ofSeconds(1));
        assertEquals("0.000000", send("MEAS:CURR? (@1)"));
        send("SOUR:VOLT 3.9,(@1);SOUR:CURR 1,(@1)");
        assertEquals("0,\"No error\"", error());
        ticker.advance(Duration.ofSeconds(1));
        assertEquals("1.000000", send("MEAS:CURR? (@1)"), "at the limit, charging towards 3.9 V");
    }

    @Test
    void resetRestsEveryChannelAndClearKeepsNothingInTheQueue() {
        send("SOUR:MODE CC,(@1:8);SOUR:CURR 1,(@1:8);OUTP ON,(@1:8)");
        send("*RST");
        assertEquals("REST,REST;0,0", send("SOUR:MODE? (@1,8);OUTP? (@1,8)"));
        send("NOPE;NOPE");
        send("*CLS");
        assertEquals("0,\"No error\"", error());
    }

    @Test
    void theQueueHoldsThirtyTwoEntriesThenReportsOverflow() {
        for (int k = 0; k < 40; k++) {
            send("NOPE");
        }
        for (int k = 0; k < ScpiEmulator.ERROR_QUEUE_SIZE - 1; k++) {
            assertEquals("-113,\"Undefined header\"", error());
        }
        assertEquals("-350,\"Queue overflow\"", error());
        assertEquals("0,\"No error\"", error());
    }

    @Test
    void aHardwareFaultSetsBitThreeAndTurnsTheOutputOff() {
        send("SOUR:MODE CC,(@1:2);SOUR:CURR 1,(@1:2);OUTP ON,(@1:2)");
        emu.injectHardwareFault(2, true);
        ticker.advance(Duration.ofSeconds(1));
        assertEquals("0,8;1,0", send("STAT:QUES:COND? (@1,2);OUTP? (@1:2)"));
    }

    @Test
    void replyFaultsAreCountedAndSilenceAnswersNothing() {
        emu.dropReplies(1);
        assertNull(send("*IDN?"));
        emu.garbleReplies(1);
        assertEquals(ScpiEmulator.GARBAGE, send("*IDN?"));
        emu.truncateReplies(1);
        assertEquals("Cycler,EMU-8,t-1,sim-2".substring(0, 11), send("*IDN?"));
        emu.setSilent(true);
        assertNull(send("*IDN?"));
        emu.setSilent(false);
        assertFalse(send("*IDN?").isEmpty());
    }

    @Test
    void randomInputNeverBreaksTheParserAndEveryReplyIsOneLine() {
        SplittableRandom random = new SplittableRandom(3);
        List<String> words = List.of("SOUR", "MODE", "CURR", "VOLT", "POW", "RES", "OUTP", "MEAS", "ALL", "STAT",
                "QUES", "COND", "SYST", "ERR", "CHAN", "COUN", "*IDN", "*RST", "ON", "OFF", "CC", "CV", "(@", ")", "(@1:8)",
                ":", ";", ",", "?", " ", "\"", "1", "-2.5", "1e3", "@", "9.91E37", "\t");
        for (int k = 0; k < 20_000; k++) {
            StringBuilder line = new StringBuilder();
            for (int w = random.nextInt(1, 12); w > 0; w--) {
                line.append(random.nextInt(10) == 0 ? String.valueOf((char) random.nextInt(0, 128))
                        : words.get(random.nextInt(words.size())));
            }
            String clean = line.toString().replace("\n", "");
            String reply = send(clean);
            assertTrue(reply == null || reply.indexOf('\n') < 0, clean);
            if (random.nextInt(50) == 0) {
                ticker.advance(Duration.ofSeconds(random.nextInt(1, 100)));
            }
        }
        send("*CLS");
        assertEquals("0,\"No error\"", error());
    }

    @Test
    void sourAllAnswersOutputModeAndTheModesTwoSetpointsPerChannel() {
        send("SOUR:MODE CCCV,(@1);SOUR:CURR 2.5,(@1);SOUR:VOLT 4.2,(@1);OUTP ON,(@1)");
        send("SOUR:MODE CV,(@2);SOUR:VOLT 3.65,(@2);SOUR:CURR 1,(@2);OUTP ON,(@2)");
        send("SOUR:MODE CP,(@3);SOUR:POW -7.5,(@3);OUTP ON,(@3);OUTP OFF,(@3)");
        assertEquals("1,CCCV,2.5,4.2,1,CV,3.65,1.0,0,CP,-7.5,0.0,0,REST,0.0,0.0", send("SOUR:ALL? (@1:4)"));
    }
}
