package org.cycler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * CPU time the hypervisor gave to other guests while this virtual machine wanted to run: the
 * "steal" column of Linux's {@code /proc/stat}. On a shared machine it is time in which no program
 * here ran at all, whatever its priority, so a benchmark's tail is judged beside it.
 */
public final class StolenTime {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** The unit of {@code /proc/stat}: USER_HZ clock ticks, 100 a second on Linux whatever the kernel's own rate. */
    private static final double TICKS_PER_SECOND = 100;
    /** The steal column of the {@code cpu} line: after user, nice, system, idle, iowait, irq and softirq. */
    private static final int STEAL_FIELD = 8;

    private StolenTime() {
    }

    /** Seconds stolen from all of the machine's CPUs together since it booted; empty where not known (not Linux). */
    public static OptionalDouble sinceBoot() {
        List<String> lines;
        try {
            lines = Files.readAllLines(PROC_STAT);
        } catch (IOException | SecurityException e) {
            return OptionalDouble.empty();
        }
        for (String line : lines) {
            if (line.startsWith("cpu ")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length <= STEAL_FIELD) {
                    return OptionalDouble.empty();
                }
                try {
                    return OptionalDouble.of(Long.parseLong(fields[STEAL_FIELD]) / TICKS_PER_SECOND);
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }

    /** Seconds stolen between two {@link #sinceBoot()} readings, or null when either is not known. */
    public static Double between(OptionalDouble before, OptionalDouble after) {
        return before.isPresent() && after.isPresent() ? after.getAsDouble() - before.getAsDouble() : null;
    }
}
