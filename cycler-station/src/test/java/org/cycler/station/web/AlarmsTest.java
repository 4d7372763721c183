package org.cycler.station.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.cycler.core.run.Speed;
import org.cycler.hal.sim.AccuracyClass;
import org.cycler.hal.sim.Chemistry;
import org.cycler.station.Station;
import org.cycler.station.config.StationConfig;
import org.cycler.station.jobs.Job;
import org.cycler.station.jobs.Submission;
import org.cycler.core.schedule.ChannelState;
import org.cycler.core.schedule.FaultReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T08:00:00Z"), ZoneOffset.UTC);
    /** Charges past the step's charge guard at once: the channel goes UNSAFE. */
    private static final String TRIPS = """
            recipe: trips
            cell: {nominal_capacity: 5 Ah}
            safety: {voltage: [2.4 V, 4.25 V], current: 10 A, charge_capacity: 0.05 Ah}
            steps:
              - Charge at 1C for 1 hour
            """;
    private static final String RESTS = """
            recipe: rests
            cell: {nominal_capacity: 5 Ah, chemistry: NMC}
            steps:
              - Rest for 1 minute
            """;

    @TempDir
    Path temp;

    private StationConfig config() throws Exception {
        Path tokens = temp.resolve("tokens");
        Files.writeString(tokens, "operator-0123456789abcdef operator alice\n");
        return new StationConfig(temp.resolve("station.yaml"), temp.resolve("data"), "127.0.0.1", 0, tokens,
                List.of(new StationConfig.Simulated("rack", 4, 3, Chemistry.NMC, new Speed.Factor(4000),
                        Duration.ofSeconds(1), AccuracyClass.CABINET)), Optional.empty());
    }

    private static Alarms alarms(Station station, Path data) throws Exception {
        return Alarms.watch(station, AlarmStore.open(data), new Webhooks(List.of(), Duration.ofSeconds(1), l -> { }),
                Duration.ofMillis(50), CLOCK, l -> { });
    }

    @Test
    void anUnsafeChannelAndADoneJobAreRaisedOnceKeptAndAcknowledgedByName() throws Exception {
        StationConfig config = config();
        List<Alarm> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch three = new CountDownLatch(3);
        try (Station station = Station.open(config, "test", l -> { })) {
            try (Alarms alarms = alarms(station, config.data())) {
                alarms.onAlarm(a -> {
                    seen.add(a);
                    three.countDown();
                });
                Job trips = station.submit(new Submission(TRIPS, "trips.yaml", "rack", new int[] {2}, Map.of(2, "C-2"),
                        "", ""), "alice");
                Job rests = station.submit(new Submission(RESTS, "rests.yaml", "rack", new int[] {3}, Map.of(), "", ""),
                        "alice");
                assertTrue(three.await(2, TimeUnit.MINUTES), "alarms seen: " + seen);
                List<Alarm> all = alarms.all();
                assertEquals(3, all.size(), all.toString());
                Alarm unsafe = all.stream().filter(a -> a.kind() == Alarm.Kind.UNSAFE).findFirst().orElseThrow();
                assertEquals(trips.id(), unsafe.jobId());
                assertEquals(2, unsafe.channel());
                assertEquals("C-2", unsafe.barcode());
                assertTrue(unsafe.message().startsWith("CHARGE_CAPACITY_LIMIT"), unsafe.message());
                Alarm tripped = all.stream().filter(a -> a.kind() == Alarm.Kind.JOB_DONE && a.jobId() == trips.id())
                        .findFirst().orElseThrow();
                assertTrue(tripped.message().endsWith("1 of them tripped (see its other alarms)"), tripped.message());
                Alarm done = all.stream().filter(a -> a.kind() == Alarm.Kind.JOB_DONE && a.jobId() == rests.id())
                        .findFirst().orElseThrow();
                assertEquals(0, done.channel());
                assertEquals("job " + rests.id() + " (rests) done on rack channels 3", done.message());

                Alarm acked = alarms.acknowledge(unsafe.id(), "alice").orElseThrow();
                assertEquals("alice", acked.ackedBy());
                assertEquals("2025-03-01T08:00:00Z", acked.ackedAt());
                assertEquals("alice", alarms.acknowledge(unsafe.id(), "bob").orElseThrow().ackedBy(),
                        "the first acknowledgement stays");
                assertEquals(Optional.empty(), alarms.acknowledge(99, "alice"));
            }
            try (Alarms again = alarms(station, config.data())) {
                assertEquals(3, again.all().size(), "alarms are kept in the station's database");
                assertEquals("alice", again.all().stream().filter(a -> a.kind() == Alarm.Kind.UNSAFE).findFirst()
                        .orElseThrow().ackedBy());
            }
        }
    }

    @Test
    void eachFaultIsRaisedAsTheAlarmThatSaysWhatHappened() {
        assertEquals(Alarm.Kind.OUTPUT_CHANGED, Alarms.kind(ChannelState.FAULT, FaultReason.OUTPUT_CHANGED));
        assertEquals(Alarm.Kind.DEVICE_LOST, Alarms.kind(ChannelState.FAULT, FaultReason.COMMUNICATION_LOSS));
        assertEquals(Alarm.Kind.FAULT, Alarms.kind(ChannelState.FAULT, FaultReason.HARDWARE_STATUS));
        assertEquals(Alarm.Kind.UNSAFE, Alarms.kind(ChannelState.UNSAFE, FaultReason.CHARGE_CAPACITY_LIMIT));
    }
}
