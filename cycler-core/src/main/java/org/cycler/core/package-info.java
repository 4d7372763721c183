/**
 * The domain: recipes, the scheduler, the run store, runs and their control, grading. Nothing here knows
 * serial ports, HTTP, SQL or charts.
 */
package org.cycler.core;
