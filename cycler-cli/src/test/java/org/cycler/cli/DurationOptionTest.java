package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.cycler.core.BadInputException;
import org.junit.jupiter.api.Test;

/** Option durations: minutes spelt min or m, milliseconds ms, never mistaken for each other. */
class DurationOptionTest {

    @Test
    void tenMIsTenMinutesAndTenMsIsTenMilliseconds() throws Exception {
        assertEquals(Duration.ofMinutes(10), DurationOption.parse("--each", "10m"));
        assertEquals(Duration.ofMinutes(10), DurationOption.parse("--each", "10min"));
        assertEquals(Duration.ofMillis(10), DurationOption.parse("--each", "10ms"));
        assertEquals(Duration.ofSeconds(15), DurationOption.parse("--each", "15"));
    }

    @Test
    void anUnknownUnitIsNamedWithTheOption() {
        BadInputException e = assertThrows(BadInputException.class, () -> DurationOption.parse("--each", "10mn"));
        assertEquals("--each: '10mn' (expected a duration such as 100ms, 1s, 5min, 1h)", e.getMessage());
    }
}
