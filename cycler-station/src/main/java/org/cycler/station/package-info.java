/**
 * The station (DESIGN section 11): one service that owns its devices, runs many jobs on them at once and survives a restart; {@link org.cycler.station.Station} puts the pieces together.
 */
package org.cycler.station;
