/**
 * Per-channel calibration of measurement and output: the correction ({@link ChannelCalibration})
 * and the decorator that applies it to any {@link org.cycler.hal.Cycler} ({@link CalibratedCycler}).
 */
package org.cycler.hal.calibration;
