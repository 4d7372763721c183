package org.cycler.core.recipe;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A step's {@code measure:} tag: which grading figure the step's data yields (DESIGN section 6). */
public enum Measure {
    /** Discharge capacity (and energy) of this step is the cell's graded capacity. */
    CAPACITY("capacity"),
    /** End-of-step voltage of this rest is an open-circuit voltage. */
    OCV("ocv"),
    /** IEC 61960 DCIR, first point (V1, I1 at the end of this step). */
    DCIR_BASE("dcir-base"),
    /** IEC 61960 DCIR, second point (V2, I2 at the end of this step). */
    DCIR_PULSE("dcir-pulse");

    private final String tag;

    Measure(String tag) {
        this.tag = tag;
    }

    /** The spelling in recipe files. */
    public String tag() {
        return tag;
    }

    public static Optional<Measure> ofTag(String tag) {
        String wanted = tag.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.tag.equals(wanted)).findFirst();
    }
}
