package org.cycler.core.recipe;

import java.util.List;
import java.util.Objects;

/**
 * A {@code cycle: N} block: its body runs {@code count} times. Each iteration's start
 * increments the channel's cycle count (DESIGN section 3).
 */
public record Loop(int count, List<RecipeNode> body, SourceLocation location) implements RecipeNode {

    public Loop {
        if (count < 1) {
            throw new IllegalArgumentException("a loop runs at least once: " + count);
        }
        body = List.copyOf(body);
        if (body.isEmpty()) {
            throw new IllegalArgumentException("a loop has at least one step");
        }
        Objects.requireNonNull(location, "location");
    }
}
