package org.cycler.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.cycler.core.BadInputException;
import org.junit.jupiter.api.Test;

/** Every check of a run's speed and tick, in the one place the commands call. */
class SpeedTest {

    @Test
    void speedsParseAsMaxRealtimeOrAPositiveFactor() throws Exception {
        assertEquals("max", Speed.parse("MAX").label());
        assertEquals("realtime", Speed.parse("real-time").label());
        assertEquals("60x", Speed.parse("60x").label());
        assertEquals("2.5x", Speed.parse(" 2.5 ").label());
        BadInputException e = assertThrows(BadInputException.class, () -> Speed.parse("-3"));
        assertEquals("--speed: '-3' (expected max, realtime, or a positive factor such as 60)", e.getMessage());
    }

    @Test
    void aTickShorterThanTheSchedulersLeastIsRefused() throws Exception {
        assertEquals(Duration.ofMillis(10), Speed.checkTick(Duration.ofMillis(10)));
        BadInputException e = assertThrows(BadInputException.class, () -> Speed.checkTick(Duration.ofMillis(5)));
        assertEquals("--tick: 5ms (expected at least 10ms)", e.getMessage());
        e = assertThrows(BadInputException.class, () -> Speed.checkTick(Duration.ofNanos(500_000)));
        assertEquals("--tick: 0.5ms (expected at least 10ms)", e.getMessage());
    }

    @Test
    void aDeviceRunsInRealTimeOrAFactorOfIt() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Speed.forDevice(new Speed.Max(), Duration.ofSeconds(1)));
        assertEquals("--speed max: a device runs in real time (use realtime, or a factor matching the emulator's "
                + "--speed)", e.getMessage());
    }

    @Test
    void aDeviceRunTicksOftenEnoughThatTheHostWatchdogNeverTakesItForDead() throws Exception {
        Speed.forDevice(new Speed.Factor(1), Duration.ofSeconds(1));
        Speed.forDevice(new Speed.Factor(1), Duration.ofSeconds(5));
        assertEquals(60, Speed.forDevice(new Speed.Factor(60), Duration.ofMinutes(1)).factor());
        BadInputException e = assertThrows(BadInputException.class,
                () -> Speed.forDevice(new Speed.Factor(1), Duration.ofSeconds(30)));
        assertEquals("--tick: 30.0 s at speed 1.0 is a command every 30.0 s of wall time (expected at most 5 s: "
                + "the device's host watchdog turns its outputs off after 10 s without one)", e.getMessage());
        e = assertThrows(BadInputException.class, () -> Speed.forDevice(new Speed.Factor(1), Duration.ofMillis(1)));
        assertEquals("--tick: 1ms (expected at least 10ms)", e.getMessage());
    }
}
