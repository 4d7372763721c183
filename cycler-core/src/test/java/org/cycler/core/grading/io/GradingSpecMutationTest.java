package org.cycler.core.grading.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.cycler.core.testing.MutationCheck;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of the shipped grading specs: whatever the text, the parser returns a
 * spec or throws a one-line error naming file, line and column; nothing else escapes.
 */
class GradingSpecMutationTest {

    @Test
    void everyMutantParsesOrFailsWithOneLine() throws Exception {
        MutationCheck.run(List.of(Files.readString(Path.of("..", "protocols", "nmc-grading.yaml")),
                Files.readString(Path.of("..", "protocols", "lfp-grading.yaml"))), 20_261_126L, 10_000,
                GradingSpecParser::parse);
    }
}
