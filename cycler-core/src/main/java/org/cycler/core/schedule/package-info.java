/**
 * The control loop (DESIGN section 8): the fixed-rate tick, the per-channel step machine with its
 * accumulators, safety and end conditions, the cycle book, and the loop's own timing.
 */
package org.cycler.core.schedule;
