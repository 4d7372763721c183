package org.cycler.station.jobs;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One job as the station's job table holds it: a recipe on a set of channels of one device, with
 * the cells' barcodes, lot and operator, and where its run directory is. Immutable.
 *
 * @param id          the station's number for it, from 1, in submission order
 * @param recipeName  the recipe's own name ({@code recipe:})
 * @param recipeFile  the file name the client submitted it from, for run.json
 * @param channels    the device's 1-based channels, ascending
 * @param barcodes    channel to barcode, for every channel of the job
 * @param lot         the cells' lot, empty when not given
 * @param operator    who runs the job, as given at submission; empty when not given
 * @param submittedBy the name of the token that submitted it
 * @param runDir      the job's run directory, absolute
 * @param message     why the job ended as it did, empty while it runs
 */
public record Job(long id, String recipeName, String recipeFile, String device, int[] channels,
                  SortedMap<Integer, String> barcodes, String lot, String operator, String submittedBy,
                  String submittedAt, JobState state, String runDir, String message) {

    public Job {
        Objects.requireNonNull(recipeName, "recipeName");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(state, "state");
        channels = channels.clone();
        Arrays.sort(channels);
        if (channels.length == 0) {
            throw new IllegalArgumentException("a job runs on at least one channel");
        }
        barcodes = new TreeMap<>(barcodes);
        lot = Objects.requireNonNullElse(lot, "");
        operator = Objects.requireNonNullElse(operator, "");
        message = Objects.requireNonNullElse(message, "");
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    @Override
    public SortedMap<Integer, String> barcodes() {
        return new TreeMap<>(barcodes);
    }

    /** Whether this job and {@code other} share a channel of one device. */
    public boolean overlaps(Job other) {
        if (!device.equals(other.device)) {
            return false;
        }
        for (int channel : channels) {
            if (Arrays.binarySearch(other.channels, channel) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** This job in {@code next} state, {@code why} as its message. */
    public Job in(JobState next, String why) {
        return new Job(id, recipeName, recipeFile, device, channels, barcodes, lot, operator, submittedBy, submittedAt,
                next, runDir, why);
    }

    /** Who asked, as the journal records it: the token's name, and the operator when one was named. */
    public String submitter() {
        return operator.isEmpty() || operator.equals(submittedBy) ? submittedBy : submittedBy + " for " + operator;
    }

    /** The barcodes as a map for JSON. */
    public Map<Integer, String> barcodeMap() {
        return barcodes();
    }
}
