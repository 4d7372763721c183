/**
 * One control loop per device: the jobs running on it share its tick, each with its own run directory.
 */
package org.cycler.station.loop;
