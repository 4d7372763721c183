package org.cycler.core.recipe;

/** An entry of a recipe's step list: a {@link Step} or a {@link Loop} of further entries. */
public sealed interface RecipeNode permits Step, Loop {

    SourceLocation location();
}
