/**
 * Per-channel calibration of a device: the calibration file ({@link CalibrationFile}), its model
 * ({@link Calibration}), the fit of gain and offset to reference readings ({@link CalibrationFit})
 * and the measurement that takes them ({@link ChannelCalibrator}). Applied to readings and
 * setpoints by {@link org.cycler.hal.calibration.CalibratedCycler}; docs/calibration.md.
 */
package org.cycler.core.calibration;
