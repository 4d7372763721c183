package org.cycler.core.recipe.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cycler.core.testing.MutationCheck;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of a valid recipe: whatever the text, the parser returns a recipe or
 * throws a one-line error naming file, line and column; nothing else escapes.
 */
class RecipeMutationTest {

    private static final long SEED = 20_240_611L;
    private static final int VARIANTS = 10_000;

    @Test
    void everyMutantParsesOrFailsWithOneLine() throws Exception {
        MutationCheck.run(List.of(Files.readString(RecipeParserTest.designExample()),
                Files.readString(Path.of("..", "protocols", "nmc-formation.yaml")),
                Files.readString(Path.of("..", "protocols", "lfp-formation.yaml"))), SEED, VARIANTS, RecipeParser::parse);
    }
}
