/**
 * The recipe model (DESIGN section 4): sealed records for steps, controls, end conditions, loops and
 * gotos that validate themselves, so an invalid recipe cannot be built. SI units throughout.
 */
package org.cycler.core.recipe;
