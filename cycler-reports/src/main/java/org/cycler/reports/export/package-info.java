/**
 * Export of a run directory for other tools: per-cell Battery Data Format files, one long CSV with a
 * barcode column, and the per-cycle summary. Reads runs; never writes inside one.
 */
package org.cycler.reports.export;
