package org.cycler.core.grading;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.cycler.core.recipe.Comparison;

/**
 * A parsed grading spec (DESIGN section 6): reject rules, then ordered bins, first match wins.
 * Thresholds and ranges are in SI units ({@link Figure}). Immutable; an invalid spec cannot be built.
 *
 * <p>Every figure a rule or a bin names is required: a cell that lacks it is REJECT with the reason
 * it is missing. Figures listed in {@code optional} are judged only where known (K needs two OCV
 * points, which a plain formation run does not have).
 *
 * @param name     the spec's {@code grading:} title
 * @param optional figures judged only where known
 * @param rejects  any breach makes the cell REJECT with the rule's reason
 * @param bins     tried in order; the first whose ranges all hold takes the cell
 */
public record GradingSpec(String name, Set<Figure> optional, List<RejectRule> rejects, List<Bin> bins) {

    /** The bin of a rejected cell; no spec may name a bin so. */
    public static final String REJECT = "REJECT";

    public GradingSpec {
        Objects.requireNonNull(name, "name");
        optional = Collections.unmodifiableSet(optional.isEmpty() ? EnumSet.noneOf(Figure.class) : EnumSet.copyOf(optional));
        rejects = List.copyOf(rejects);
        bins = List.copyOf(bins);
        if (bins.isEmpty()) {
            throw new IllegalArgumentException("a grading spec has at least one bin");
        }
        Set<String> names = new HashSet<>();
        for (Bin bin : bins) {
            if (!names.add(bin.name().toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("bin names must be unique: " + bin.name());
            }
        }
    }

    /** Figures the rules and bins name. */
    public Set<Figure> referenced() {
        Set<Figure> out = EnumSet.noneOf(Figure.class);
        rejects.forEach(r -> out.add(r.figure()));
        bins.forEach(b -> out.addAll(b.ranges().keySet()));
        return out;
    }

    /** Figures a cell must have to be graded: those referenced and not optional. */
    public Set<Figure> required() {
        Set<Figure> out = referenced();
        out.removeAll(optional);
        return out;
    }

    /**
     * A reject rule: {@code figure comparison threshold} breached means REJECT for {@code reason}.
     *
     * @param threshold in SI units
     * @param text      the condition as written, e.g. {@code capacity < 4.75 Ah}
     */
    public record RejectRule(Figure figure, Comparison comparison, double threshold, String text, String reason) {
        public RejectRule {
            Objects.requireNonNull(figure, "figure");
            Objects.requireNonNull(comparison, "comparison");
            Objects.requireNonNull(text, "text");
            if (!Double.isFinite(threshold)) {
                throw new IllegalArgumentException("threshold must be finite: " + threshold);
            }
            if (Objects.requireNonNull(reason, "reason").isBlank()) {
                throw new IllegalArgumentException("a reject rule has a reason");
            }
        }

        /** True when {@code value} (SI) breaches the rule. */
        public boolean breachedBy(double value) {
            return comparison.test(value, threshold);
        }
    }

    /** A closed interval {@code [low, high]} in SI units. */
    public record Range(double low, double high) {
        public Range {
            if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
                throw new IllegalArgumentException("a range is [low, high] with low <= high: [" + low + ", " + high + "]");
            }
        }

        public boolean contains(double value) {
            return value >= low && value <= high;
        }
    }

    /**
     * A bin: the cells whose figures all lie in {@code ranges}. No ranges: every cell that reaches it.
     *
     * @param name what the pack line pulls, e.g. {@code A}
     */
    public record Bin(String name, Map<Figure, Range> ranges) {
        public Bin {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.equalsIgnoreCase(REJECT)) {
                throw new IllegalArgumentException("a bin needs a name other than " + REJECT + ": '" + name + "'");
            }
            ranges = Collections.unmodifiableMap(ranges.isEmpty() ? new EnumMap<>(Figure.class) : new EnumMap<>(ranges));
        }

        /** True when every range holds a known figure of {@code cell}. */
        public boolean takes(CellFigures cell) {
            for (Map.Entry<Figure, Range> r : ranges.entrySet()) {
                if (!cell.has(r.getKey()) || !r.getValue().contains(cell.valueOrNaN(r.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }
}
