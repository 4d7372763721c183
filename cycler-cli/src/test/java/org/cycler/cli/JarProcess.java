package org.cycler.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The shaded jar as a user runs it: a process of its own, in the project root. */
final class JarProcess {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JAR = Path.of("target", "cycler.jar").toAbsolutePath();

    record Result(int exit, String out, String err) {
    }

    private JarProcess() {
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts {@code cycler args} with output to files in {@code temp}. */
    static Process start(Path temp, String... args) throws IOException {
        return new ProcessBuilder(command(args)).directory(ROOT.toFile())
                .redirectOutput(Files.createTempFile(temp, "out", ".txt").toFile())
                .redirectError(Files.createTempFile(temp, "err", ".txt").toFile()).start();
    }

    /** Runs {@code cycler args} to the end (at most five minutes). */
    static Result run(Path temp, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        Process p = new ProcessBuilder(command(args)).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "cycler " + String.join(" ", args) + " did not finish");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
