package org.cycler.core.calibration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.cycler.core.BadInputException;
import org.cycler.core.device.Devices;
import org.cycler.core.recipe.RecipeException;
import org.cycler.core.store.RunInfo;
import org.cycler.hal.Cycler;
import org.cycler.hal.calibration.CalibratedCycler;
import org.cycler.hal.calibration.ChannelCalibration;

/**
 * A calibration file a run applies: found, read, checked against the cycler, installed in front
 * of it ({@link CalibratedCycler}) and recorded in run.json. Immutable.
 *
 * @param file   where it was read from
 * @param sha256 SHA-256 of its bytes, hex
 */
public record CalibrationInUse(Path file, String sha256, Calibration calibration) {

    /**
     * The calibration a run on {@code device} applies: {@code explicit} when given; else, for a
     * device named in the devices file ({@code devicesFile}, null for {@value Devices#DEFAULT_FILE}
     * here), {@code calibration/NAME.yaml} beside that file when it exists; else none.
     */
    public static Optional<CalibrationInUse> forDevice(String device, Path devicesFile, Path explicit)
            throws BadInputException, RecipeException {
        if (explicit != null) {
            return Optional.of(read(explicit));
        }
        if (device == null || device.contains(":")) {
            return Optional.empty();
        }
        Path beside = CalibrationFile.besideDevices(devicesFile != null ? devicesFile : Path.of(Devices.DEFAULT_FILE),
                device.strip());
        return Files.exists(beside) ? Optional.of(read(beside)) : Optional.empty();
    }

    /** Reads the calibration file at {@code file}. */
    public static CalibrationInUse read(Path file) throws BadInputException, RecipeException {
        Calibration calibration = CalibrationFile.read(file);
        try {
            return new CalibrationInUse(file, sha256(Files.readAllBytes(file)), calibration);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read calibration file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * {@code raw} behind this calibration.
     *
     * @param checkSerial true on hardware: a file calibrated on another serial is refused
     * @throws BadInputException when the file calibrates channels the cycler does not have, or
     *                           another unit than the one connected
     */
    public Cycler wrap(Cycler raw, boolean checkSerial) throws BadInputException {
        String serial = raw.identity().serial();
        if (checkSerial && !calibration.serial().isEmpty() && !calibration.serial().equals(serial)) {
            throw new BadInputException(file + ": calibrates serial '" + calibration.serial() + "', but the device is '"
                    + serial + "' (calibrate this unit with 'cycler calibrate', or give its own --calibration)");
        }
        try {
            return new CalibratedCycler(raw, calibration.perChannel(raw.channelCount()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        }
    }

    /** How run.json records it: the file, its digest and every channel's figures. */
    public RunInfo.AppliedCalibration record() {
        return new RunInfo.AppliedCalibration(file.toString(), sha256, calibration.device(), calibration.serial(),
                calibration.channels().stream().map(c -> new RunInfo.CalibratedChannel(c.channel(),
                        c.calibration().voltageGain(), c.calibration().voltageOffsetV(), c.calibration().currentGain(),
                        c.calibration().currentOffsetA(), c.date(), c.by(), c.reference())).toList());
    }

    /**
     * {@code raw} behind the calibration run.json recorded (null: none): how a resumed run applies
     * what the run applied, without the file.
     */
    public static Cycler wrap(Cycler raw, RunInfo.AppliedCalibration recorded) {
        if (recorded == null) {
            return raw;
        }
        ChannelCalibration[] each = new ChannelCalibration[raw.channelCount()];
        Arrays.fill(each, ChannelCalibration.IDENTITY);
        for (RunInfo.CalibratedChannel c : recorded.channels()) {
            each[c.channel() - 1] = new ChannelCalibration(c.voltageGain(), c.voltageOffsetV(), c.currentGain(),
                    c.currentOffsetA());
        }
        return new CalibratedCycler(raw, List.of(each));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
