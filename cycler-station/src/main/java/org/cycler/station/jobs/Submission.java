package org.cycler.station.jobs;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A job as a client asks for it.
 *
 * @param recipeText the recipe file's text, as the client read it
 * @param recipeFile the file's name, for messages and run.json
 * @param channels   the device's 1-based channels
 * @param barcodes   channel to barcode for some or all of {@code channels}; the rest get generated ones
 */
public record Submission(String recipeText, String recipeFile, String device, int[] channels,
                         Map<Integer, String> barcodes, String lot, String operator) {

    public Submission {
        Objects.requireNonNull(recipeText, "recipeText");
        Objects.requireNonNull(recipeFile, "recipeFile");
        Objects.requireNonNull(device, "device");
        channels = channels.clone();
        barcodes = new TreeMap<>(barcodes == null ? Map.of() : barcodes);
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }
}
