package org.cycler.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Channel and cycle lists read as people write them. */
class NumberRangesTest {

    @Test
    void listsAndRangesAreInclusive() throws BadInputException {
        NumberRanges r = NumberRanges.parse("--channels", "1-8, 12", 1);
        for (int ch : new int[] {1, 5, 8, 12}) {
            assertTrue(r.contains(ch), "channel " + ch);
        }
        for (int ch : new int[] {0, 9, 11, 13}) {
            assertFalse(r.contains(ch), "channel " + ch);
        }
    }

    @Test
    void mistakesNameTheOption() {
        assertEquals("--channels: '1-x' (expected numbers and ranges such as 1-8,12)",
                assertThrows(BadInputException.class, () -> NumberRanges.parse("--channels", "1-x", 1)).getMessage());
        assertEquals("--cycles: range 5-2 runs backwards (expected low-high)",
                assertThrows(BadInputException.class, () -> NumberRanges.parse("--cycles", "5-2", 0)).getMessage());
        assertEquals("--channels: 0 (expected 1 or more)",
                assertThrows(BadInputException.class, () -> NumberRanges.parse("--channels", "0-3", 1)).getMessage());
        assertThrows(BadInputException.class, () -> NumberRanges.parse("--channels", "1,,2", 1));
    }

    @Test
    void channelListsAreSortedWithoutDuplicatesAndBounded() throws BadInputException {
        assertArrayEquals(new int[] {1, 2, 3, 5, 8}, NumberRanges.channels("--channels", "8,1-3,2,5"));
        assertEquals("--channels: 200000 in '1-200000' (expected at most 100000)",
                assertThrows(BadInputException.class, () -> NumberRanges.channels("--channels", "1-200000")).getMessage());
    }

    @Test
    void theCompactFormJoinsRuns() {
        assertEquals("1-8,12", NumberRanges.format(new int[] {12, 1, 2, 3, 4, 5, 6, 7, 8}));
        assertEquals("3", NumberRanges.format(new int[] {3, 3}));
        assertEquals("", NumberRanges.format(new int[0]));
    }
}
