package org.cycler.core.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cycler.core.BadInputException;
import org.junit.jupiter.api.Test;

/** The limits a run is checked against before it writes anything, and the line that names the one broken. */
class RunLimitsTest {

    private static final long GB = 1L << 30;

    @Test
    void moreChannelsThanTheOpenFileLimitRunBecauseDataFilesShareAPool() {
        assertDoesNotThrow(() -> RunLimits.check(50_000, 20_000, 8 * GB));
        assertDoesNotThrow(() -> RunLimits.check(21_000, 1024, 8 * GB));
    }

    @Test
    void anOpenFileLimitThatLeavesNoRoomForDataFilesIsNamed() {
        BadInputException e = assertThrows(BadInputException.class, () -> RunLimits.check(32, 200, 8 * GB));
        assertTrue(e.getMessage().startsWith("open-file limit 200 (ulimit -n)"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void aHeapTooSmallForTheChannelsIsNamedWithWhatWouldDo() {
        BadInputException e = assertThrows(BadInputException.class, () -> RunLimits.check(50_000, 20_000, 512L << 20));
        assertTrue(e.getMessage().startsWith("50000 channels need about "), e.getMessage());
        assertTrue(e.getMessage().contains("the JVM may use 512 MB") && e.getMessage().contains("-Xmx"), e.getMessage());
        assertDoesNotThrow(() -> RunLimits.check(1024, 20_000, 512L << 20), "1,024 channels fit DESIGN's 512 MB");
    }
}
