/**
 * The measurements behind BENCHMARKS.md (DESIGN section 10): tick lateness beside the machine's hiccup
 * floor, scale, logging, simulation, grading, the device round trip and claims per second. Each bench
 * does real work through the product's own classes and reports a JSON-able result; none is product code.
 */
package org.cycler.bench;
