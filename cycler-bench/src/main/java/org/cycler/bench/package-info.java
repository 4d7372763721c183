/**
 * The benchmarks behind BENCHMARKS.md ({@code cycler bench}): tick lateness, scale, device round
 * trip, logging, simulation, grading and claims. Measures product code; no product code depends on it.
 */
package org.cycler.bench;
