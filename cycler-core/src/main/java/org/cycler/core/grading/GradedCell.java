package org.cycler.core.grading;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of {@code grades.csv}: a cell, its known figures (SI units) and its bin. What
 * {@code cycler bins} and {@code cycler match} work from. Immutable.
 *
 * @param values the figures that are known; a figure left out is unknown
 * @param reason why the cell is REJECT; empty otherwise
 */
public record GradedCell(String barcode, int channel, Map<Figure, Double> values, String bin, String reason) {

    public GradedCell {
        Objects.requireNonNull(barcode, "barcode");
        Objects.requireNonNull(bin, "bin");
        Objects.requireNonNull(reason, "reason");
        if (channel < 1) {
            throw new IllegalArgumentException("channels start at 1: " + channel);
        }
        values = Collections.unmodifiableMap(values.isEmpty() ? new EnumMap<>(Figure.class) : new EnumMap<>(values));
        values.forEach((f, v) -> {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(f.key() + " must be finite: " + v);
            }
        });
    }

    /** The graded row of {@code grade}. */
    public static GradedCell of(Grade grade) {
        return new GradedCell(grade.cell().barcode(), grade.cell().channel(), grade.cell().values(), grade.bin(),
                grade.reason());
    }

    public boolean has(Figure figure) {
        return values.containsKey(figure);
    }

    /** The figure in SI units, NaN when unknown. */
    public double value(Figure figure) {
        Double v = values.get(figure);
        return v == null ? Double.NaN : v;
    }

    public boolean rejected() {
        return bin.equals(GradingSpec.REJECT);
    }
}
