/**
 * Grading (DESIGN section 6): figures per cell from a finished run, grading specs, bins and reject
 * rules, and pack matching.
 */
package org.cycler.core.grading;
