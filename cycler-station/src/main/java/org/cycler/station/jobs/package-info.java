/**
 * Jobs and their queue: a recipe on a channel set of one device, its states, and the job table in the station's SQLite file.
 */
package org.cycler.station.jobs;
