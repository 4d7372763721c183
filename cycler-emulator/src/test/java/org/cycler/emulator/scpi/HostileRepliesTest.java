package org.cycler.emulator.scpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.cycler.hal.ChannelStatus;
import org.cycler.hal.Measurements;
import org.cycler.hal.VirtualTicker;
import org.cycler.hal.scpi.ScpiCycler;
import org.cycler.hal.sim.Chemistry;
import org.cycler.hal.sim.SimulatedCycler;
import org.cycler.hal.transport.TransportTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A device that answers measurements with garbage: truncated lines, too few or too many fields,
 * binary noise, huge lines, empty lines, extra lines, silence. Whatever it sends, a read ends
 * within the retry budget with every channel either read correctly or marked lost, and the driver
 * reads cleanly again once the device behaves.
 */
class HostileRepliesTest {

    private static final int CHANNELS = 8;
    private static final int ROUNDS = 2_000;
    private static final long SEED = 20_261_126L;

    /** Corrupts the replies that carry measurements (a field per channel) while {@code hostile} is set. */
    static final class HostileLink extends ScpiCyclerTest.RecordingLink {
        final Random random;
        boolean hostile;
        int corrupted;

        HostileLink(ScpiEmulator emulator, Random random) {
            super(emulator);
            this.random = random;
        }

        @Override
        public String readLine(long timeoutNanos) throws IOException {
            String line = super.readLine(timeoutNanos);
            if (!hostile || line.chars().filter(c -> c == ',').count() < 3L * CHANNELS - 1) {
                return line;
            }
            corrupted++;
            return switch (random.nextInt(8)) {
                case 0 -> line.substring(0, random.nextInt(line.length()));
                case 1 -> line.substring(0, line.lastIndexOf(','));
                case 2 -> line + ",1.0,2.0";
                case 3 -> noise(1 + random.nextInt(200));
                case 4 -> "9".repeat(1 << 20);
                case 5 -> "";
                case 6 -> {
                    replies.addFirst(noise(20));
                    yield line.replace(',', ';');
                }
                default -> throw new TransportTimeoutException("silent");
            };
        }

        private String noise(int length) {
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append((char) random.nextInt(0x20, 0x2FF));
            }
            return s.toString();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void garbageEndsInBoundedRetriesAndLostChannelsNeverAHang() throws IOException {
        VirtualTicker ticker = new VirtualTicker();
        ScpiEmulator emulator = new ScpiEmulator(new SimulatedCycler(ticker,
                Collections.nCopies(CHANNELS, Chemistry.NMC.typicalCell(5.0).asFormed(0.5)), 25.0, "h-1"));
        HostileLink link = new HostileLink(emulator, new Random(SEED));
        ScpiCycler driver = ScpiCycler.connect(() -> link, Duration.ofMillis(5));
        Measurements m = new Measurements(CHANNELS);
        int lostReads = 0;
        for (int round = 0; round < ROUNDS; round++) {
            ticker.advance(Duration.ofMillis(100));
            link.hostile = true;
            driver.read(m);
            for (int ch = 1; ch <= CHANNELS; ch++) {
                boolean lost = m.status(ch) == ChannelStatus.COMM_LOSS;
                assertTrue(lost || Double.isFinite(m.voltage(ch)) && m.voltage(ch) > 3 && m.voltage(ch) < 4.3,
                        "round " + round + " channel " + ch + ": a reading is right or the channel is lost, got "
                                + m.voltage(ch));
                lostReads += lost ? 1 : 0;
            }
            link.hostile = false;
            driver.read(m);
            for (int ch = 1; ch <= CHANNELS; ch++) {
                assertEquals(ChannelStatus.OK, m.status(ch), "round " + round + ": channel " + ch + " reads again");
            }
        }
        assertTrue(link.corrupted >= ROUNDS, "every hostile read was corrupted at least once: " + link.corrupted);
        assertTrue(lostReads > 0, "some garbage cost channels their reading");
    }
}
