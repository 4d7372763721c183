/**
 * Reading recipe files: YAML walked node by node so every error names {@code file:line:col}, and the
 * plain-English step language ({@link org.cycler.core.recipe.io.StepTextParser}).
 */
package org.cycler.core.recipe.io;
