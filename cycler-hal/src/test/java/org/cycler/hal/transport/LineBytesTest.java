package org.cycler.hal.transport;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LineBytesTest {

    @Test
    void aLineThatFitsIsWrittenInPlaceWithItsNewline() {
        byte[] into = new byte[16];
        Arrays.fill(into, (byte) 'x');
        byte[] bytes = LineBytes.withNewline("*IDN?", into);
        assertSame(into, bytes);
        assertArrayEquals("*IDN?\nxxxxxxxxxx".getBytes(ISO_8859_1), bytes);
    }

    @Test
    void aLineThatFillsTheArrayExactlyStillGetsRoomForItsNewline() {
        byte[] bytes = LineBytes.withNewline("ABCD", new byte[4]);
        assertTrue(bytes.length >= 8, "grown to " + bytes.length);
        assertArrayEquals("ABCD\n".getBytes(ISO_8859_1), Arrays.copyOf(bytes, 5));
    }

    @Test
    void aCharacterBeyondLatin1GoesAsAQuestionMarkNotItsLowByte() {
        byte[] bytes = LineBytes.withNewline("µA\u0141\u20ac", new byte[8]);
        assertArrayEquals(new byte[] {(byte) 0xB5, 'A', '?', '?', '\n'}, Arrays.copyOf(bytes, 5));
    }
}
