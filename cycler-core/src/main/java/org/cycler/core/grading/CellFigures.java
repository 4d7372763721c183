package org.cycler.core.grading;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The figures of one cell as its run measured them, before any spec judges them. Every
 * {@link Figure} is either known (a finite SI value in {@link #values()}) or missing with the
 * reason why ({@link #missing()}), never both and never neither. Immutable.
 *
 * @param channel the channel the cell sat on, 1-based
 * @param barcode the cell's barcode (raw; neutralised where it is written to CSV)
 * @param end     how the channel's run ended
 */
public record CellFigures(int channel, String barcode, ChannelEnd end, Map<Figure, Double> values,
                          Map<Figure, String> missing) {

    public CellFigures {
        if (channel < 1) {
            throw new IllegalArgumentException("channels start at 1: " + channel);
        }
        Objects.requireNonNull(barcode, "barcode");
        Objects.requireNonNull(end, "end");
        values = Collections.unmodifiableMap(values.isEmpty() ? new EnumMap<>(Figure.class) : new EnumMap<>(values));
        missing = Collections.unmodifiableMap(missing.isEmpty() ? new EnumMap<>(Figure.class) : new EnumMap<>(missing));
        for (Figure f : Figure.values()) {
            boolean known = values.containsKey(f);
            if (known == missing.containsKey(f)) {
                throw new IllegalArgumentException(f.key() + " must be either known or missing with a reason");
            }
            if (known && !Double.isFinite(values.get(f))) {
                throw new IllegalArgumentException(f.key() + " must be finite: " + values.get(f));
            }
        }
    }

    /** The figure in SI units, or empty when it is missing. */
    public OptionalDouble value(Figure figure) {
        Double v = values.get(figure);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The figure in SI units, or NaN when it is missing. */
    public double valueOrNaN(Figure figure) {
        Double v = values.get(figure);
        return v == null ? Double.NaN : v;
    }

    public boolean has(Figure figure) {
        return values.containsKey(figure);
    }

    /** Why the figure is missing, e.g. {@code step 9 did not complete (channel UNSAFE ...)}; empty when known. */
    public String whyMissing(Figure figure) {
        return missing.getOrDefault(figure, "");
    }
}
