/**
 * PNG charts of a run (JFreeChart): voltage and current against time with steps shaded, capacity and
 * coulombic efficiency per cycle, the capacity histogram by bin.
 */
package org.cycler.reports.plot;
