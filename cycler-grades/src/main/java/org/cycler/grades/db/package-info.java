/**
 * The grades database: every grading of every run, each barcode's current grade and the claims
 * pack lines make on cells; SQLite by default, PostgreSQL by URL. Knows SQL; knows nothing of HTTP.
 */
package org.cycler.grades.db;
