package org.cycler.hal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class LineFramerTest {

    private static void feed(LineFramer framer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        framer.feed(bytes, 0, bytes.length);
    }

    @Test
    void linesComeOutWholeWhateverTheChunksAndCrLfIsAccepted() throws Exception {
        LineFramer framer = new LineFramer(64);
        feed(framer, "*IDN");
        assertNull(framer.nextLine());
        feed(framer, "?\nSYST:ERR?\r\n\nlast");
        assertEquals("*IDN?", framer.nextLine());
        assertEquals("SYST:ERR?", framer.nextLine());
        assertEquals("", framer.nextLine());
        assertNull(framer.nextLine());
        assertEquals(4, framer.pending());
        feed(framer, "\n");
        assertEquals("last", framer.nextLine());
    }

    @Test
    void anOverlongLineIsReportedOnceAndSkippedUpToItsEnd() throws Exception {
        LineFramer framer = new LineFramer(8);
        feed(framer, "0123456789");
        assertThrows(LineTooLongException.class, framer::nextLine);
        assertNull(framer.nextLine());
        feed(framer, "abcdef\nok\n");
        assertEquals("ok", framer.nextLine());
        feed(framer, "0123456789abc\nnext\n");
        assertThrows(LineTooLongException.class, framer::nextLine);
        assertEquals("next", framer.nextLine());
    }

    @Test
    void clearDropsEverythingHeld() throws Exception {
        LineFramer framer = new LineFramer(64);
        feed(framer, "stale\npart");
        framer.clear();
        feed(framer, "fresh\n");
        assertEquals("fresh", framer.nextLine());
    }

    @Test
    void randomChunkingGivesBackExactlyTheLinesSent() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            List<String> sent = new ArrayList<>();
            StringBuilder stream = new StringBuilder();
            for (int k = random.nextInt(1, 20); k > 0; k--) {
                StringBuilder line = new StringBuilder();
                for (int c = random.nextInt(0, 100); c > 0; c--) {
                    line.append((char) random.nextInt(' ', '~' + 1));
                }
                sent.add(line.toString());
                stream.append(line).append('\n');
            }
            byte[] bytes = stream.toString().getBytes(StandardCharsets.ISO_8859_1);
            LineFramer framer = new LineFramer(100);
            List<String> got = new ArrayList<>();
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, random.nextInt(1, 50));
                framer.feed(bytes, at, n);
                at += n;
                for (String line = framer.nextLine(); line != null; line = framer.nextLine()) {
                    got.add(line);
                }
            }
            assertEquals(sent, got, "round " + round);
        }
    }
}
