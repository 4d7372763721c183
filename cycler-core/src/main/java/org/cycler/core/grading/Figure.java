package org.cycler.core.grading;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.cycler.core.recipe.io.Quantities;
import org.cycler.core.recipe.io.Quantities.Kind;

/**
 * A grading figure of one cell (DESIGN section 6). Inside the code every figure is in SI units:
 * capacity Ah, energy Wh, DCIR ohms, OCV volts, K volts per second (positive = the voltage falls
 * with time, i.e. the cell loses charge), coulombic efficiencies as ratios (1.0 = 100 %). Files and
 * tables show them in the units people use: {@link #unit()}, reached by {@link #toShown(double)}.
 */
public enum Figure {
    /** Discharge capacity of the {@code measure: capacity} step, Ah. */
    CAPACITY("capacity", "Capacity / Ah", "Ah", Kind.CAPACITY, 1, 6),
    /** Discharge energy of the {@code measure: capacity} step, Wh. */
    ENERGY("energy", "Energy / Wh", "Wh", Kind.ENERGY, 1, 6),
    /** IEC 61960 two-step DC internal resistance, ohms (shown in mOhm). */
    DCIR("dcir", "DCIR / mOhm", "mOhm", Kind.RESISTANCE, 1e3, 4),
    /** Open-circuit voltage at the end of the latest {@code measure: ocv} rest, volts. */
    OCV("ocv", "OCV / V", "V", Kind.VOLTAGE, 1, 6),
    /** Self-discharge K-value, V/s (shown in mV/day); positive when the OCV falls. */
    K("k", "K / mV/day", "mV/day", Kind.VOLTAGE_RATE, 1e3 * Quantities.SECONDS_PER_DAY, 4),
    /** Coulombic efficiency of cycle 1 (formation charge against the first discharge), a ratio. */
    FIRST_CYCLE_CE("first_cycle_ce", "First Cycle CE / 1", "%", null, 1, 6),
    /** Coulombic efficiency of the last cycle that has one, a ratio. */
    LAST_CYCLE_CE("last_cycle_ce", "Last Cycle CE / 1", "%", null, 1, 6);

    private final String key;
    private final String column;
    private final String unit;
    private final Kind kind;
    private final double columnFactor;
    private final int places;

    Figure(String key, String column, String unit, Kind kind, double columnFactor, int places) {
        this.key = key;
        this.column = column;
        this.unit = unit;
        this.kind = kind;
        this.columnFactor = columnFactor;
        this.places = places;
    }

    /** How grading specs name it: {@code capacity}, {@code dcir}, {@code first_cycle_ce}. */
    public String key() {
        return key;
    }

    /** Its column in {@code grades.csv}, with the unit: {@code DCIR / mOhm}. */
    public String column() {
        return column;
    }

    /** The unit tables show it in: {@code Ah}, {@code mOhm}, {@code mV/day}, {@code %}. */
    public String unit() {
        return unit;
    }

    /** The kind of quantity specs write for it; empty for the efficiencies, written in {@code %}. */
    public Optional<Kind> kind() {
        return Optional.ofNullable(kind);
    }

    /** True for the coulombic efficiencies, ratios written in specs as percentages. */
    public boolean isRatio() {
        return kind == null;
    }

    /** SI value to the unit of {@link #column()}. */
    public double toColumn(double si) {
        return si * columnFactor;
    }

    /** Value in the unit of {@link #column()} back to SI. */
    public double fromColumn(double value) {
        return value / columnFactor;
    }

    /** SI value to the unit of {@link #unit()}: ratios become percentages. */
    public double toShown(double si) {
        return isRatio() ? si * 100 : toColumn(si);
    }

    /** Decimal places written to {@code grades.csv}. */
    public int places() {
        return places;
    }

    /** The figure a spec names, case-insensitively. */
    public static Optional<Figure> ofKey(String key) {
        String wanted = key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.key.equals(wanted)).findFirst();
    }

    /** Every key, for messages: {@code capacity, energy, dcir, ...}. */
    public static String keys() {
        return Arrays.stream(values()).map(Figure::key).collect(Collectors.joining(", "));
    }
}
