package org.cycler.hal.scpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChannelListTest {

    private static String write(int... channels) {
        return ChannelList.append(new StringBuilder(), channels, channels.length).toString();
    }

    @Test
    void writesRangesForRunsOfThreeOrMore() {
        assertEquals("(@1)", write(1));
        assertEquals("(@1,2)", write(1, 2));
        assertEquals("(@1:64)", write(java.util.stream.IntStream.rangeClosed(1, 64).toArray()));
        assertEquals("(@1,3,5)", write(1, 3, 5));
        assertEquals("(@1:3,5,7:9,12,13)", write(1, 2, 3, 5, 7, 8, 9, 12, 13));
        assertEquals("(@1:512)", ChannelList.all(512));
    }

    @Test
    void readsListsRangesAndMixtures() throws Exception {
        assertArrayEquals(new int[] {1}, ChannelList.parse("(@1)", 8));
        assertArrayEquals(new int[] {1, 3, 5}, ChannelList.parse("(@1,3,5)", 8));
        assertArrayEquals(new int[] {1, 2, 3, 4}, ChannelList.parse("(@1:4)", 8));
        assertArrayEquals(new int[] {2, 3, 7, 6, 5}, ChannelList.parse("( @2:3, 7:5 )".replace("( @", "(@"), 8));
    }

    @Test
    void aMalformedListIsASyntaxErrorAndAMissingChannelIsOutOfRange() {
        for (String bad : new String[] {"1", "(1)", "(@)", "(@1,)", "(@a)", "(@1:)", "@1", "(@1;2)"}) {
            ScpiException e = assertThrows(ScpiException.class, () -> ChannelList.parse(bad, 8), bad);
            assertEquals(ScpiError.SYNTAX, e.error(), bad);
        }
        for (String bad : new String[] {"(@0)", "(@9)", "(@1:9)", "(@4,99)"}) {
            ScpiException e = assertThrows(ScpiException.class, () -> ChannelList.parse(bad, 8), bad);
            assertEquals(ScpiError.OUT_OF_RANGE, e.error(), bad);
        }
    }
}
