package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded jar in a process of its own, started the way the {@code cycler} script starts it
 * (ZGC, as for every run: its pauses stay far below a tick even at a high --speed), with its
 * output in files that a test can wait on.
 */
final class CyclerProcess {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JAR = Path.of("target", "cycler.jar").toAbsolutePath();
    private static final Duration POLL = Duration.ofMillis(50);

    record Result(int exit, String out, String err) {
    }

    private final Process process;
    private final Path out;
    private final Path err;
    private final String command;

    private CyclerProcess(Process process, Path out, Path err, String command) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.command = command;
    }

    static CyclerProcess start(Path temp, String... args) throws IOException {
        return start(temp, Map.of(), args);
    }

    /** Starts {@code cycler ARGS} in the repository root with {@code env} added to the environment. */
    static CyclerProcess start(Path temp, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseZGC", "-Xms256m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        return new CyclerProcess(builder.start(), out, err, "cycler " + String.join(" ", args));
    }

    /** Runs {@code cycler ARGS} to its end. */
    static Result run(Path temp, Duration limit, String... args) throws IOException, InterruptedException {
        return start(temp, args).finish(limit);
    }

    /** Waits for a line of standard output matching {@code regex}; returns its first group. */
    String awaitOutput(String regex, Duration limit) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(out)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : line;
                }
            }
            if (!process.isAlive()) {
                fail(command + " ended (exit " + process.exitValue() + ") before printing /" + regex + "/: "
                        + Files.readString(out) + Files.readString(err));
            }
            Thread.sleep(POLL.toMillis());
        }
        destroy();
        fail(command + " printed no /" + regex + "/ within " + limit + ": " + Files.readString(out));
        return null;
    }

    /** Waits for the process to end, at most {@code limit}. */
    Result finish(Duration limit) throws IOException, InterruptedException {
        boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            destroy();
        }
        assertTrue(ended, command + " did not end within " + limit + ": " + Files.readString(out));
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once (SIGKILL): a device pulled away, not shut down. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the process as Ctrl-C would and waits for it. */
    /** Sends SIGTERM, as systemd stops a service, and waits for the end. */
    Result terminate(Duration limit) throws IOException, InterruptedException {
        process.destroy();
        return finish(limit);
    }

    void destroy() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
