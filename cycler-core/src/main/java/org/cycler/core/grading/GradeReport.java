package org.cycler.core.grading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code cycler grade} prints after grading: a per-bin table (count, share, capacity and
 * DCIR mean, min and max) and a text histogram of capacity with the spec's capacity edges marked.
 * Text only, Locale.ROOT throughout; stateless.
 */
public final class GradeReport {

    /** Widest histogram bar, in characters. */
    public static final int BAR_WIDTH = 40;
    /** Buckets the histogram aims for over the capacities' span. */
    public static final int TARGET_BUCKETS = 16;

    private GradeReport() {
    }

    /** A capacity edge of a spec: a reject threshold or a bin bound, with what it means. */
    public record Edge(double capacityAh, String label) {
    }

    /**
     * One line per bin in {@code order} (bins no cell fell in included), then REJECT, then any
     * bin in {@code cells} that {@code order} does not name.
     */
    public static String binTable(List<GradedCell> cells, List<String> order) {
        Map<String, List<GradedCell>> byBin = new LinkedHashMap<>();
        order.forEach(b -> byBin.put(b, new ArrayList<>()));
        byBin.put(GradingSpec.REJECT, new ArrayList<>());
        for (GradedCell c : cells) {
            byBin.computeIfAbsent(c.bin(), b -> new ArrayList<>()).add(c);
        }
        int nameWidth = Math.max(6, byBin.keySet().stream().mapToInt(String::length).max().orElse(6));
        String head = "%-" + nameWidth + "s  %5s  %6s  %28s  %28s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, head, "BIN", "CELLS", "SHARE", "CAPACITY Ah mean [min, max]",
                "DCIR mOhm mean [min, max]"));
        for (Map.Entry<String, List<GradedCell>> bin : byBin.entrySet()) {
            List<GradedCell> in = bin.getValue();
            double share = cells.isEmpty() ? 0 : 100.0 * in.size() / cells.size();
            out.append(String.format(Locale.ROOT, head, bin.getKey(), in.size(), String.format(Locale.ROOT, "%.1f%%", share),
                    stats(in, Figure.CAPACITY, "%.4f"), stats(in, Figure.DCIR, "%.2f")));
        }
        out.append(String.format(Locale.ROOT, head, "all", cells.size(), "100.0%",
                stats(cells, Figure.CAPACITY, "%.4f"), stats(cells, Figure.DCIR, "%.2f")));
        return out.toString();
    }

    private static String stats(List<GradedCell> cells, Figure figure, String number) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (GradedCell c : cells) {
            if (c.has(figure)) {
                double v = figure.toShown(c.value(figure));
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                n++;
            }
        }
        if (n == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, number + " [" + number + ", " + number + "]", sum / n, min, max);
    }

    /** The capacity edges of {@code spec}: thresholds of capacity rules, bounds of capacity ranges. */
    public static List<Edge> edges(GradingSpec spec) {
        List<Edge> out = new ArrayList<>();
        for (GradingSpec.RejectRule r : spec.rejects()) {
            if (r.figure() == Figure.CAPACITY) {
                out.add(new Edge(r.threshold(), "reject " + r.text() + ": " + r.reason()));
            }
        }
        for (GradingSpec.Bin b : spec.bins()) {
            GradingSpec.Range range = b.ranges().get(Figure.CAPACITY);
            if (range != null) {
                out.add(new Edge(range.low(), "bin " + b.name() + " from " + num(range.low()) + " Ah"));
                out.add(new Edge(range.high(), "bin " + b.name() + " to " + num(range.high()) + " Ah"));
            }
        }
        return out;
    }

    /**
     * A text histogram of the cells' capacities: buckets of a round width, split at every edge that
     * falls inside the data, each with a bar, its count and the bins in it; edges as marked lines.
     */
    public static String capacityHistogram(List<GradedCell> cells, List<Edge> edges) {
        List<GradedCell> known = cells.stream().filter(c -> c.has(Figure.CAPACITY)).toList();
        if (known.isEmpty()) {
            return "capacity histogram: no cell has a capacity\n";
        }
        double min = known.stream().mapToDouble(c -> c.value(Figure.CAPACITY)).min().orElseThrow();
        double max = known.stream().mapToDouble(c -> c.value(Figure.CAPACITY)).max().orElseThrow();
        double step = niceStep((max - min) / TARGET_BUCKETS);
        int places = Math.max(2, (int) Math.ceil(-Math.log10(step)) + 1);
        TreeMap<Double, String> cuts = new TreeMap<>();
        double first = Math.floor(min / step) * step;
        int count = (int) Math.floor((max - first) / step) + 1;
        for (int i = 0; i <= count; i++) {
            cuts.put(round(first + i * step), null);
        }
        for (Edge e : edges) {
            if (e.capacityAh() > first && e.capacityAh() < first + count * step) {
                cuts.merge(round(e.capacityAh()), e.label(), (a, b) -> a == null ? b : a + "; " + b);
            }
        }
        List<Double> bounds = new ArrayList<>(cuts.keySet());
        int buckets = bounds.size() - 1;
        int[] counts = new int[buckets];
        List<Map<String, Integer>> bins = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            bins.add(new TreeMap<>());
        }
        for (GradedCell c : known) {
            double v = c.value(Figure.CAPACITY);
            int i = 0;
            while (i < buckets - 1 && v >= bounds.get(i + 1)) {
                i++;
            }
            counts[i]++;
            bins.get(i).merge(c.bin(), 1, Integer::sum);
        }
        int most = 0;
        for (int n : counts) {
            most = Math.max(most, n);
        }
        double perMark = Math.max(1.0, most / (double) BAR_WIDTH);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "capacity histogram (Ah), %d cells; # = %s; ---- marks a spec edge%n",
                known.size(), perMark == 1.0 ? "1 cell" : String.format(Locale.ROOT, "%.1f cells", perMark)));
        String number = "%." + places + "f";
        for (int i = 0; i < buckets; i++) {
            String label = cuts.get(bounds.get(i));
            if (label != null) {
                out.append(String.format(Locale.ROOT, "  ---- " + number + " Ah  %s%n", bounds.get(i), label));
            }
            if (counts[i] == 0 && label == null && (i == 0 || i == buckets - 1)) {
                continue;
            }
            int marks = (int) Math.round(counts[i] / perMark);
            if (counts[i] > 0 && marks == 0) {
                marks = 1;
            }
            StringBuilder inBins = new StringBuilder();
            bins.get(i).forEach((b, n) -> inBins.append(inBins.isEmpty() ? "" : ", ").append(b).append(' ').append(n));
            out.append(String.format(Locale.ROOT, "  " + number + " - " + number + "  |%-" + BAR_WIDTH + "s %4d  %s%n",
                    bounds.get(i), bounds.get(i + 1), "#".repeat(marks), counts[i], inBins));
        }
        return out.toString();
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
    public static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 0.001;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }

    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
