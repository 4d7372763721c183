package org.cycler.core.grading;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Groups graded cells into packs of S series groups, each of P cells in parallel (DESIGN section
 * 6): the series groups of a pack should hold the same capacity (a pack is as strong as its
 * weakest group), and the cells of a parallel group the same DCIR and OCV (so they share current
 * and do not balance through each other). Cells beyond a whole number of packs are left over.
 *
 * <p>{@link #match} improves two starts, (1) the outliers left over, parallel groups of neighbours
 * in DCIR, series of neighbouring group capacity, and (2) sorted chunking itself, by seeded random
 * local search, swapping cells between groups (and with the left-over pool) or whole groups between
 * packs, accepting only swaps that lower the cost
 * <pre>
 *   sum over packs  (series capacity spread / sigma_capacity)^2
 * + sum over groups (DCIR spread / sigma_DCIR)^2 + (OCV spread / sigma_OCV)^2
 * </pre>
 * where each sigma is the pool's standard deviation, so the three criteria weigh alike and squares
 * press hardest on the worst groups. Of the two results it keeps the one whose worst series,
 * DCIR and OCV spreads, each in sigmas, add up least: the figures a pack line is judged by.
 * Deterministic for a seed; costs O((S + P) x iterations).
 * {@link #sortedChunks} is the naive baseline: cells sorted by capacity, cut into consecutive
 * groups and packs. Stateless and thread-safe.
 */
public final class PackMatcher {

    /** Default seed of the local search. */
    public static final long DEFAULT_SEED = 1;
    /** Local-search moves tried per cell in the pool. */
    public static final int MOVES_PER_CELL = 2_000;
    /** Most local-search moves tried whatever the pool. */
    public static final int MAX_MOVES = 4_000_000;
    /** Share of moves that swap whole series groups between packs. */
    private static final double GROUP_MOVE_SHARE = 0.25;
    /** Floor of a pool's spread, so a figure all cells share does not divide by zero. */
    private static final double MIN_SIGMA = 1e-12;

    private PackMatcher() {
    }

    /** A cell to match. SI units. */
    public record Cell(String barcode, int channel, String bin, double capacityAh, double dcirOhm, double ocvV) {
        public Cell {
            Objects.requireNonNull(barcode, "barcode");
            Objects.requireNonNull(bin, "bin");
            if (!Double.isFinite(capacityAh) || !Double.isFinite(dcirOhm) || !Double.isFinite(ocvV)) {
                throw new IllegalArgumentException("a cell to match has capacity, DCIR and OCV: " + barcode);
            }
        }

        /** The cell of a graded row, which must have capacity, DCIR and OCV. */
        public static Cell of(GradedCell c) {
            return new Cell(c.barcode(), c.channel(), c.bin(), c.value(Figure.CAPACITY), c.value(Figure.DCIR),
                    c.value(Figure.OCV));
        }
    }

    /** P cells in parallel. */
    public record Group(List<Cell> cells) {
        public Group {
            cells = List.copyOf(cells);
        }

        /** Sum of the cells' capacities, Ah: what the group holds. */
        public double capacityAh() {
            return cells.stream().mapToDouble(Cell::capacityAh).sum();
        }

        /** Highest minus lowest DCIR, ohms. */
        public double dcirSpreadOhm() {
            return spread(cells.stream().mapToDouble(Cell::dcirOhm).toArray());
        }

        /** Highest minus lowest OCV, volts. */
        public double ocvSpreadV() {
            return spread(cells.stream().mapToDouble(Cell::ocvV).toArray());
        }
    }

    /** S groups in series. */
    public record Pack(List<Group> series) {
        public Pack {
            series = List.copyOf(series);
        }

        /** The weakest series group's capacity, Ah: what the pack delivers. */
        public double capacityAh() {
            return series.stream().mapToDouble(Group::capacityAh).min().orElse(0);
        }

        /** Strongest minus weakest series group capacity, Ah. */
        public double seriesSpreadAh() {
            return spread(series.stream().mapToDouble(Group::capacityAh).toArray());
        }
    }

    /**
     * How well a plan matches: worst (or mean) over packs of the series capacity spread, and over
     * parallel groups of the DCIR and the OCV spread. SI units.
     */
    public record Spread(double seriesCapacityAh, double dcirOhm, double ocvV) {
    }

    /** The packs made, and the cells of the pool left over. */
    public record Plan(int series, int parallel, List<Pack> packs, List<Cell> leftOver) {
        public Plan {
            packs = List.copyOf(packs);
            leftOver = List.copyOf(leftOver);
        }

        public Spread worst() {
            return new Spread(packs.stream().mapToDouble(Pack::seriesSpreadAh).max().orElse(0),
                    groups().stream().mapToDouble(Group::dcirSpreadOhm).max().orElse(0),
                    groups().stream().mapToDouble(Group::ocvSpreadV).max().orElse(0));
        }

        public Spread mean() {
            return new Spread(packs.stream().mapToDouble(Pack::seriesSpreadAh).average().orElse(0),
                    groups().stream().mapToDouble(Group::dcirSpreadOhm).average().orElse(0),
                    groups().stream().mapToDouble(Group::ocvSpreadV).average().orElse(0));
        }

        /** Every parallel group, pack by pack. */
        public List<Group> groups() {
            List<Group> out = new ArrayList<>();
            packs.forEach(p -> out.addAll(p.series()));
            return out;
        }
    }

    /** The naive baseline: sorted by capacity, cut into consecutive groups of P and packs of S. */
    public static Plan sortedChunks(List<Cell> cells, int series, int parallel) {
        check(series, parallel);
        List<Cell> sorted = new ArrayList<>(cells);
        sorted.sort(Comparator.comparingDouble(Cell::capacityAh));
        int[] order = new int[sorted.size()];
        Arrays.setAll(order, i -> i);
        return plan(sorted, order, series, parallel);
    }

    /** Matched packs of {@code series} x {@code parallel} cells from {@code cells}. */
    public static Plan match(List<Cell> cells, int series, int parallel, long seed) {
        check(series, parallel);
        Search fromNeighbours = new Search(cells, series, parallel);
        fromNeighbours.start();
        fromNeighbours.improve(new SplittableRandom(seed));
        Search fromChunks = new Search(cells, series, parallel);
        fromChunks.startSorted();
        fromChunks.improve(new SplittableRandom(seed));
        return fromNeighbours.worstScore() <= fromChunks.worstScore()
                ? plan(cells, fromNeighbours.cellAt, series, parallel)
                : plan(cells, fromChunks.cellAt, series, parallel);
    }

    /**
     * The one pack of {@code series} x {@code parallel} cells a pack line takes from {@code pool}:
     * of the packs {@link #match} makes of the whole pool, the one whose series capacity spread,
     * worst DCIR spread and worst OCV spread, each in pool sigmas, add up least. Empty when the
     * pool holds fewer than S x P cells.
     */
    public static Optional<Pack> bestPack(List<Cell> pool, int series, int parallel, long seed) {
        check(series, parallel);
        if (pool.size() < series * parallel) {
            return Optional.empty();
        }
        double sc = Search.sigma(pool.stream().mapToDouble(Cell::capacityAh).toArray());
        double sr = Search.sigma(pool.stream().mapToDouble(Cell::dcirOhm).toArray());
        double sv = Search.sigma(pool.stream().mapToDouble(Cell::ocvV).toArray());
        return match(pool, series, parallel, seed).packs().stream().min(Comparator.comparingDouble(p ->
                p.seriesSpreadAh() / sc
                        + p.series().stream().mapToDouble(Group::dcirSpreadOhm).max().orElse(0) / sr
                        + p.series().stream().mapToDouble(Group::ocvSpreadV).max().orElse(0) / sv));
    }

    private static void check(int series, int parallel) {
        if (series < 1 || parallel < 1) {
            throw new IllegalArgumentException("a pack is at least 1S1P: " + series + "S" + parallel + "P");
        }
    }

    /** The plan of an assignment: {@code order[pos]} is the cell at position pos, packs first. */
    private static Plan plan(List<Cell> cells, int[] order, int series, int parallel) {
        int perPack = series * parallel;
        int packs = cells.size() / perPack;
        List<Pack> out = new ArrayList<>();
        for (int k = 0; k < packs; k++) {
            List<Group> groups = new ArrayList<>();
            for (int s = 0; s < series; s++) {
                List<Cell> members = new ArrayList<>();
                for (int q = 0; q < parallel; q++) {
                    members.add(cells.get(order[(k * series + s) * parallel + q]));
                }
                groups.add(new Group(members));
            }
            out.add(new Pack(groups));
        }
        List<Cell> left = new ArrayList<>();
        for (int pos = packs * perPack; pos < cells.size(); pos++) {
            left.add(cells.get(order[pos]));
        }
        return new Plan(series, parallel, out, left);
    }

    private static double spread(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return values.length == 0 ? 0 : max - min;
    }

    /** The local search's state: positions, group sums and cost terms, updated move by move. */
    private static final class Search {
        private final int n;
        private final int series;
        private final int parallel;
        private final int packs;
        private final int groups;
        private final int assigned;
        private final double[] capacity;
        private final double[] dcir;
        private final double[] ocv;
        final int[] cellAt;
        private final double[] groupSum;

        Search(List<Cell> cells, int series, int parallel) {
            this.n = cells.size();
            this.series = series;
            this.parallel = parallel;
            this.packs = n / (series * parallel);
            this.groups = packs * series;
            this.assigned = groups * parallel;
            double sc = sigma(cells.stream().mapToDouble(Cell::capacityAh).toArray());
            double sr = sigma(cells.stream().mapToDouble(Cell::dcirOhm).toArray());
            double sv = sigma(cells.stream().mapToDouble(Cell::ocvV).toArray());
            capacity = cells.stream().mapToDouble(c -> c.capacityAh() / sc).toArray();
            dcir = cells.stream().mapToDouble(c -> c.dcirOhm() / sr).toArray();
            ocv = cells.stream().mapToDouble(c -> c.ocvV() / sv).toArray();
            cellAt = new int[n];
            groupSum = new double[groups];
        }

        /** Outliers left over, parallel groups of DCIR neighbours, series of capacity neighbours. */
        void start() {
            double mc = median(capacity);
            double mr = median(dcir);
            double mv = median(ocv);
            Integer[] byDistance = boxed(n);
            Arrays.sort(byDistance, Comparator.comparingDouble(
                    i -> Math.abs(capacity[i] - mc) + Math.abs(dcir[i] - mr) + Math.abs(ocv[i] - mv)));
            Integer[] kept = Arrays.copyOf(byDistance, assigned);
            Arrays.sort(kept, Comparator.comparingDouble(i -> dcir[i]));
            Integer[] groupOrder = boxed(groups);
            double[] sums = new double[groups];
            for (int g = 0; g < groups; g++) {
                for (int q = 0; q < parallel; q++) {
                    sums[g] += capacity[kept[g * parallel + q]];
                }
            }
            Arrays.sort(groupOrder, Comparator.comparingDouble(g -> sums[g]));
            for (int g = 0; g < groups; g++) {
                for (int q = 0; q < parallel; q++) {
                    cellAt[g * parallel + q] = kept[groupOrder[g] * parallel + q];
                }
            }
            for (int pos = assigned; pos < n; pos++) {
                cellAt[pos] = byDistance[pos];
            }
            for (int g = 0; g < groups; g++) {
                groupSum[g] = sumOf(g);
            }
        }

        /** Sorted chunking, as the baseline: by capacity, consecutive groups and packs, the largest left over. */
        void startSorted() {
            Integer[] byCapacity = boxed(n);
            Arrays.sort(byCapacity, Comparator.comparingDouble(i -> capacity[i]));
            for (int pos = 0; pos < n; pos++) {
                cellAt[pos] = byCapacity[pos];
            }
            for (int g = 0; g < groups; g++) {
                groupSum[g] = sumOf(g);
            }
        }

        /** The worst series spread, DCIR spread and OCV spread, each in pool sigmas, summed: what a plan is judged by. */
        double worstScore() {
            double series = 0;
            for (int p = 0; p < packs; p++) {
                series = Math.max(series, Math.sqrt(packCost(p)));
            }
            double r = 0;
            double v = 0;
            for (int g = 0; g < groups; g++) {
                r = Math.max(r, range(dcir, g));
                v = Math.max(v, range(ocv, g));
            }
            return series + r + v;
        }

        private double range(double[] values, int g) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int q = 0; q < parallel; q++) {
                double x = values[cellAt[g * parallel + q]];
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            return max - min;
        }

        void improve(SplittableRandom random) {
            if (groups == 0) {
                return;
            }
            long moves = Math.min((long) MAX_MOVES, (long) MOVES_PER_CELL * n);
            for (long m = 0; m < moves; m++) {
                if (packs > 1 && random.nextDouble() < GROUP_MOVE_SHARE) {
                    tryGroupSwap(random.nextInt(groups), random.nextInt(groups));
                } else {
                    tryCellSwap(random.nextInt(assigned), random.nextInt(n));
                }
            }
        }

        private void tryCellSwap(int a, int b) {
            int ga = a / parallel;
            int gb = b < assigned ? b / parallel : -1;
            if (ga == gb) {
                return;
            }
            int pa = ga / series;
            int pb = gb < 0 ? -1 : gb / series;
            double before = groupCost(ga) + (gb >= 0 ? groupCost(gb) : 0) + packCost(pa)
                    + (pb >= 0 && pb != pa ? packCost(pb) : 0);
            swap(a, b);
            double oldA = groupSum[ga];
            double oldB = gb >= 0 ? groupSum[gb] : 0;
            groupSum[ga] = sumOf(ga);
            if (gb >= 0) {
                groupSum[gb] = sumOf(gb);
            }
            double after = groupCost(ga) + (gb >= 0 ? groupCost(gb) : 0) + packCost(pa)
                    + (pb >= 0 && pb != pa ? packCost(pb) : 0);
            if (after < before - 1e-12) {
                return;
            }
            swap(a, b);
            groupSum[ga] = oldA;
            if (gb >= 0) {
                groupSum[gb] = oldB;
            }
        }

        private void tryGroupSwap(int ga, int gb) {
            int pa = ga / series;
            int pb = gb / series;
            if (pa == pb) {
                return;
            }
            double before = packCost(pa) + packCost(pb);
            swapGroups(ga, gb);
            if (packCost(pa) + packCost(pb) < before - 1e-12) {
                return;
            }
            swapGroups(ga, gb);
        }

        private void swapGroups(int ga, int gb) {
            for (int q = 0; q < parallel; q++) {
                swap(ga * parallel + q, gb * parallel + q);
            }
            double t = groupSum[ga];
            groupSum[ga] = groupSum[gb];
            groupSum[gb] = t;
        }

        private void swap(int a, int b) {
            int t = cellAt[a];
            cellAt[a] = cellAt[b];
            cellAt[b] = t;
        }

        private double sumOf(int g) {
            double sum = 0;
            for (int q = 0; q < parallel; q++) {
                sum += capacity[cellAt[g * parallel + q]];
            }
            return sum;
        }

        private double groupCost(int g) {
            double rMin = Double.POSITIVE_INFINITY;
            double rMax = Double.NEGATIVE_INFINITY;
            double vMin = Double.POSITIVE_INFINITY;
            double vMax = Double.NEGATIVE_INFINITY;
            for (int q = 0; q < parallel; q++) {
                int c = cellAt[g * parallel + q];
                rMin = Math.min(rMin, dcir[c]);
                rMax = Math.max(rMax, dcir[c]);
                vMin = Math.min(vMin, ocv[c]);
                vMax = Math.max(vMax, ocv[c]);
            }
            return (rMax - rMin) * (rMax - rMin) + (vMax - vMin) * (vMax - vMin);
        }

        private double packCost(int p) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < series; s++) {
                double sum = groupSum[p * series + s];
                min = Math.min(min, sum);
                max = Math.max(max, sum);
            }
            return (max - min) * (max - min);
        }

        private static Integer[] boxed(int count) {
            Integer[] out = new Integer[count];
            Arrays.setAll(out, i -> i);
            return out;
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        }

        private static double sigma(double[] values) {
            double mean = Arrays.stream(values).average().orElse(0);
            double var = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).average().orElse(0);
            return Math.max(Math.sqrt(var), MIN_SIGMA);
        }
    }
}
