package org.cycler.core.recipe;

/** Which way a reading must cross its threshold for an end condition to fire. */
public enum Direction {
    /** Fires when the reading is at or above the threshold. */
    RISING,
    /** Fires when the reading is at or below the threshold. */
    FALLING,
    /** Fires when the reading reaches the threshold from whichever side it started the step on. */
    EITHER
}
