package org.cycler.hal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Puts the calling thread under the operating system's real-time scheduling ({@code SCHED_FIFO}),
 * so that it runs the moment it wakes, ahead of every ordinary process on the machine: a browser
 * rendering the tray view, a build, a backup. The kernel's real-time throttling (by default 95 %
 * of each second) still leaves ordinary processes their share, should such a thread ever spin.
 *
 * <p>Linux only, through util-linux's {@code chrt} on the thread's own id (from
 * {@code /proc/thread-self}); it needs root or {@code CAP_SYS_NICE} (the station's systemd unit
 * grants it, docs/station.md). Where it cannot be had the thread goes on at its normal priority
 * and the caller is told why, in one line, to log: a controller that cannot raise its priority
 * still controls, only with the machine's ordinary wake-up tail.
 */
public final class RealTimePriority {

    /**
     * The priority the control loops ask for: above every ordinary thread, below the kernel's
     * interrupt threads (50) so that the network and disk interrupts a tick waits on still run
     * first.
     */
    public static final int LOOP = 20;

    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private RealTimePriority() {
    }

    /**
     * Puts the calling control loop's thread under {@code SCHED_FIFO} at {@link #LOOP}.
     *
     * @return what it runs at, to log after the thread's name: {@code at real-time priority
     *         (SCHED_FIFO 20)}, or {@code at normal priority (real-time priority refused: WHY)}
     */
    public static String raiseLoopThread() {
        return raiseCurrentThread(LOOP).map(why -> "at normal priority (real-time priority refused: " + why + ")")
                .orElse("at real-time priority (SCHED_FIFO " + LOOP + ")");
    }

    /**
     * Puts the calling thread under {@code SCHED_FIFO} at {@code priority} (1 to 99).
     *
     * @return empty when done, else why it was not (one line)
     */
    public static Optional<String> raiseCurrentThread(int priority) {
        if (priority < 1 || priority > 99) {
            throw new IllegalArgumentException("real-time priority must be 1 to 99: " + priority);
        }
        if (!Files.isSymbolicLink(THREAD_SELF)) {
            return Optional.of("no /proc/thread-self (real-time priority is for Linux)");
        }
        try {
            String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
            Process chrt = new ProcessBuilder("chrt", "-f", "-p", Integer.toString(priority), tid)
                    .redirectErrorStream(true).start();
            String said = new String(chrt.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!chrt.waitFor(5, TimeUnit.SECONDS)) {
                chrt.destroyForcibly();
                return Optional.of("chrt did not answer within 5 s");
            }
            if (chrt.exitValue() != 0) {
                return Optional.of(said.isEmpty() ? "chrt exited " + chrt.exitValue() : said.lines().findFirst().orElseThrow());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("chrt (util-linux) could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking for it");
        }
    }

    /**
     * The calling thread's scheduling policy as the kernel reports it (field 41 of
     * {@code /proc/thread-self/stat}: 0 normal, 1 {@code SCHED_FIFO}, 2 {@code SCHED_RR}), or -1
     * where there is no such file.
     */
    public static int currentPolicy() {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"), StandardCharsets.US_ASCII);
            // The name (field 2) is in parentheses and may hold spaces: count from after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[41 - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
