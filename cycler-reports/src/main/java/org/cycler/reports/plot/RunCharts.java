package org.cycler.reports.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.cycler.core.BadInputException;
import org.cycler.core.NumberRanges;
import org.cycler.core.grading.Figure;
import org.cycler.core.grading.GradeReport;
import org.cycler.core.grading.GradedCell;
import org.cycler.core.grading.GradesFile;
import org.cycler.core.grading.GradingSpec;
import org.cycler.core.store.RunDirectory;
import org.cycler.core.store.RunInfo;
import org.cycler.core.store.RunReader;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts of a run for lab staff, rendered headless with JFreeChart: a channel's voltage and
 * current over test time with its steps shaded; capacity and coulombic efficiency per cycle; and
 * the graded capacities as a histogram coloured by bin. Every axis is labelled with its quantity
 * and unit. Data files are streamed and decimated to {@link #TIME_BUCKETS} min/max pairs, so a
 * long run costs no more memory than a short one. Stateless.
 */
public final class RunCharts {

    /** Time buckets of a voltage/current chart; each keeps its lowest and highest point. */
    public static final int TIME_BUCKETS = 2_000;
    /** Most channels whose lines get a legend entry each; above it the legend is left out. */
    public static final int MAX_LEGEND_CHANNELS = 12;

    private static final Color CHARGE = new Color(255, 120, 120, 60);
    private static final Color DISCHARGE = new Color(100, 150, 255, 60);
    private static final Color REST = new Color(160, 160, 160, 30);
    private static final Color VOLTAGE = new Color(20, 60, 160);
    private static final Color CURRENT = new Color(200, 80, 0);
    private static final Color[] BIN_COLOURS = {new Color(40, 150, 60), new Color(60, 110, 200),
        new Color(230, 160, 20), new Color(140, 80, 180), new Color(0, 160, 170), new Color(120, 120, 120)};
    private static final Color REJECT_COLOUR = new Color(200, 40, 40);
    private static final double SECONDS_PER_HOUR = 3600;
    /** Vertical step between edge labels, pixels, so neighbouring labels do not overlap. */
    private static final double LABEL_STAGGER = 16;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private RunCharts() {
    }

    /** Voltage (left axis) and current (right axis) of one channel over test time, steps shaded by type. */
    public static void channel(RunDirectory run, int channel, Path png, int width, int height)
            throws BadInputException, IOException {
        Path file = run.dataFile(channel);
        if (!Files.exists(file)) {
            throw new BadInputException("--channel: " + channel + " has no data in " + run.root()
                    + " (no " + run.dataDir().relativize(file) + ")");
        }
        RunReader reader = new RunReader(run);
        double lastTime = Math.max(0, reader.lastRowTime(channel));
        XYSeries voltage = new XYSeries("Voltage / V", false, true);
        XYSeries current = new XYSeries("Current / A", false, true);
        List<double[]> steps = new ArrayList<>();
        List<String> types = new ArrayList<>();
        decimate(reader, channel, lastTime, voltage, current, steps, types);
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(new NumberAxis("Test time / h"));
        NumberAxis vAxis = new NumberAxis("Voltage / V");
        vAxis.setAutoRangeIncludesZero(false);
        plot.setRangeAxis(0, vAxis);
        plot.setRangeAxis(1, new NumberAxis("Current / A"));
        plot.setDataset(0, new XYSeriesCollection(voltage));
        plot.setDataset(1, new XYSeriesCollection(current));
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setRenderer(0, line(VOLTAGE));
        plot.setRenderer(1, line(CURRENT));
        for (int k = 0; k < steps.size(); k++) {
            Color shade = types.get(k).endsWith("_CHG") ? CHARGE : types.get(k).endsWith("_DCH") ? DISCHARGE : REST;
            IntervalMarker marker = new IntervalMarker(steps.get(k)[0], steps.get(k)[1], shade);
            marker.setOutlinePaint(null);
            plot.addDomainMarker(marker, Layer.BACKGROUND);
        }
        LegendItemCollection legend = new LegendItemCollection();
        legend.add(new LegendItem("Voltage / V", VOLTAGE));
        legend.add(new LegendItem("Current / A (+ charge, - discharge)", CURRENT));
        legend.add(new LegendItem("charge step", opaque(CHARGE)));
        legend.add(new LegendItem("discharge step", opaque(DISCHARGE)));
        legend.add(new LegendItem("rest", opaque(REST)));
        plot.setFixedLegendItems(legend);
        String barcode = barcodes(run).getOrDefault(channel, "");
        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "Channel %d%s: voltage and current", channel,
                barcode.isEmpty() ? "" : " (" + barcode + ")"), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT, "%s, %d steps, %.1f h", run.root().getFileName(),
                steps.size(), lastTime / SECONDS_PER_HOUR), small()));
        save(chart, png, width, height);
    }

    /**
     * Discharge capacity (left axis) and coulombic efficiency (right axis) per cycle, one line per
     * channel. The capacity is the cycle's first discharge run ({@code Paired Discharge / Ah}), the
     * one its efficiency is taken from, so steps after the last loop do not swell the last cycle.
     */
    public static void cycles(RunDirectory run, Optional<NumberRanges> channels, Path png, int width, int height)
            throws BadInputException, IOException {
        Map<Integer, XYSeries> capacity = new TreeMap<>();
        Map<Integer, XYSeries> efficiency = new TreeMap<>();
        Map<Integer, String> barcodes = barcodes(run);
        boolean found = new RunReader(run).cycles(row -> {
            int ch = row.channel();
            if (channels.isPresent() && !channels.get().contains(ch)) {
                return;
            }
            int cycle = row.cycleCount();
            String name = "ch " + ch + " " + barcodes.getOrDefault(ch, "");
            double paired = row.pairedDischargeAh();
            double dischargeAh = Double.isNaN(paired) ? row.dischargingAh() : paired;
            if (dischargeAh > 0) {
                capacity.computeIfAbsent(ch, k -> new XYSeries(name.strip() + " capacity")).add(cycle, dischargeAh);
            }
            double ce = row.coulombicEfficiency();
            if (!Double.isNaN(ce)) {
                efficiency.computeIfAbsent(ch, k -> new XYSeries(name.strip() + " CE")).add(cycle, 100 * ce);
            }
        });
        if (!found) {
            throw new BadInputException(run.cycles() + ": no such file (the run has no per-cycle summary)");
        }
        if (capacity.isEmpty() && efficiency.isEmpty()) {
            throw new BadInputException(run.cycles() + ": no cycle of the selected channels has a discharge");
        }
        XYSeriesCollection capacities = new XYSeriesCollection();
        capacity.values().forEach(capacities::addSeries);
        XYSeriesCollection efficiencies = new XYSeriesCollection();
        efficiency.values().forEach(efficiencies::addSeries);
        XYPlot plot = new XYPlot();
        NumberAxis cycleAxis = new NumberAxis("Cycle count / 1");
        cycleAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setDomainAxis(cycleAxis);
        NumberAxis capAxis = new NumberAxis("Discharge capacity / Ah");
        capAxis.setAutoRangeIncludesZero(false);
        NumberAxis ceAxis = new NumberAxis("Coulombic efficiency / %");
        ceAxis.setAutoRangeIncludesZero(false);
        plot.setRangeAxis(0, capAxis);
        plot.setRangeAxis(1, ceAxis);
        plot.setDataset(0, capacities);
        plot.setDataset(1, efficiencies);
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer capRenderer = new XYLineAndShapeRenderer(true, true);
        XYLineAndShapeRenderer ceRenderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < capacities.getSeriesCount(); i++) {
            capRenderer.setSeriesPaint(i, shade(VOLTAGE, i, capacities.getSeriesCount()));
        }
        for (int i = 0; i < efficiencies.getSeriesCount(); i++) {
            ceRenderer.setSeriesPaint(i, shade(CURRENT, i, efficiencies.getSeriesCount()));
            ceRenderer.setSeriesStroke(i, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
        }
        plot.setRenderer(0, capRenderer);
        plot.setRenderer(1, ceRenderer);
        int lines = Math.max(capacity.size(), efficiency.size());
        boolean legend = lines <= MAX_LEGEND_CHANNELS;
        JFreeChart chart = new JFreeChart("Capacity and coulombic efficiency per cycle", JFreeChart.DEFAULT_TITLE_FONT,
                plot, legend);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT, "%s, %d channels; solid (blue): discharge capacity of the "
                + "cycle's first discharge, dashed (orange): coulombic efficiency", run.root().getFileName(), lines), small()));
        save(chart, png, width, height);
    }

    /**
     * The graded capacities as a histogram, each bar stacked by bin, REJECT in red; the grading
     * spec's capacity edges drawn as lines when the run holds the spec that graded it.
     *
     * @param spec the spec that made grades.csv, when known
     */
    public static void bins(RunDirectory run, Optional<GradingSpec> spec, Path png, int width, int height)
            throws BadInputException, IOException {
        List<GradedCell> cells = GradesFile.read(run.grades()).stream().filter(c -> c.has(Figure.CAPACITY)).toList();
        if (cells.isEmpty()) {
            throw new BadInputException(run.grades() + ": no graded cell has a capacity");
        }
        double min = cells.stream().mapToDouble(c -> c.value(Figure.CAPACITY)).min().orElseThrow();
        double max = cells.stream().mapToDouble(c -> c.value(Figure.CAPACITY)).max().orElseThrow();
        double step = GradeReport.niceStep((max - min) / 30);
        double first = Math.floor(min / step) * step;
        int buckets = (int) Math.floor((max - first) / step) + 1;
        List<String> order = new ArrayList<>();
        spec.ifPresent(s -> s.bins().forEach(b -> order.add(b.name())));
        TreeSet<String> others = new TreeSet<>();
        cells.forEach(c -> {
            if (!order.contains(c.bin()) && !c.rejected()) {
                others.add(c.bin());
            }
        });
        order.addAll(others);
        order.add(GradingSpec.REJECT);
        Map<String, int[]> counts = new LinkedHashMap<>();
        order.forEach(b -> counts.put(b, new int[buckets]));
        for (GradedCell c : cells) {
            int i = Math.min(buckets - 1, (int) Math.floor((c.value(Figure.CAPACITY) - first) / step));
            counts.get(c.bin())[i]++;
        }
        DefaultTableXYDataset data = new DefaultTableXYDataset();
        StackedXYBarRenderer renderer = new StackedXYBarRenderer(0.05);
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        int series = 0;
        for (Map.Entry<String, int[]> bin : counts.entrySet()) {
            int total = 0;
            for (int n : bin.getValue()) {
                total += n;
            }
            if (total == 0) {
                continue;
            }
            XYSeries s = new XYSeries(bin.getKey() + " (" + total + ")", false, false);
            for (int i = 0; i < buckets; i++) {
                s.add(first + (i + 0.5) * step, bin.getValue()[i]);
            }
            data.addSeries(s);
            renderer.setSeriesPaint(series++, bin.getKey().equals(GradingSpec.REJECT) ? REJECT_COLOUR
                    : BIN_COLOURS[order.indexOf(bin.getKey()) % BIN_COLOURS.length]);
        }
        data.setIntervalWidth(step);
        NumberAxis capAxis = new NumberAxis("Capacity / Ah");
        capAxis.setAutoRangeIncludesZero(false);
        NumberAxis countAxis = new NumberAxis("Cells / 1");
        countAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, capAxis, countAxis, renderer);
        if (spec.isPresent()) {
            int shown = 0;
            for (GradeReport.Edge edge : GradeReport.edges(spec.get())) {
                if (edge.capacityAh() >= first - step && edge.capacityAh() <= first + (buckets + 1) * step) {
                    ValueMarker marker = new ValueMarker(edge.capacityAh(), Color.DARK_GRAY, new BasicStroke(1.0f,
                            BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
                    marker.setLabel(edge.label());
                    marker.setLabelFont(small());
                    marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                    marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
                    marker.setLabelBackgroundColor(new Color(255, 255, 255, 200));
                    marker.setLabelOffset(new RectangleInsets(4 + LABEL_STAGGER * shown++, 4, 4, 4));
                    plot.addDomainMarker(marker);
                }
            }
        }
        JFreeChart chart = new JFreeChart("Graded capacity by bin", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT, "%s, %d cells%s", run.root().getFileName(),
                cells.size(), spec.map(s -> ", spec " + s.name() + "; dashed lines: spec edges").orElse("")), small()));
        save(chart, png, width, height);
    }

    /** Per time bucket the lowest and highest V and I, in time order; step spans and types. */
    private static void decimate(RunReader reader, int channel, double lastTime, XYSeries voltage, XYSeries current,
                                 List<double[]> steps, List<String> types) throws BadInputException, IOException {
        double bucketS = Math.max(lastTime / TIME_BUCKETS, 1e-9);
        MinMax v = new MinMax();
        MinMax i = new MinMax();
        int[] bucket = {-1};
        RunReader.DataRow[] stepStart = {null};
        reader.dataRows(channel, row -> {
            if (!row.complete()) {
                return;
            }
            double t = row.testTimeS();
            double h = t / SECONDS_PER_HOUR;
            if (stepStart[0] == null || !row.sameStep(stepStart[0])) {
                stepStart[0] = row;
                steps.add(new double[] {h, h});
                types.add(row.stepType());
            }
            steps.get(steps.size() - 1)[1] = h;
            int b = (int) Math.min(TIME_BUCKETS - 1, Math.floor(t / bucketS));
            if (b != bucket[0]) {
                v.flush(voltage);
                i.flush(current);
                bucket[0] = b;
            }
            v.add(h, row.voltageV());
            i.add(h, row.currentA());
        });
        v.flush(voltage);
        i.flush(current);
    }

    /** The lowest and highest point of a bucket, added to a series in time order. */
    private static final class MinMax {
        private double minX = Double.NaN;
        private double minY;
        private double maxX = Double.NaN;
        private double maxY;

        void add(double x, double y) {
            if (Double.isNaN(minX) || y < minY) {
                minX = x;
                minY = y;
            }
            if (Double.isNaN(maxX) || y > maxY) {
                maxX = x;
                maxY = y;
            }
        }

        void flush(XYSeries series) {
            if (Double.isNaN(minX)) {
                return;
            }
            if (minX <= maxX) {
                series.add(minX, minY, false);
                series.add(maxX, maxY, false);
            } else {
                series.add(maxX, maxY, false);
                series.add(minX, minY, false);
            }
            minX = Double.NaN;
            maxX = Double.NaN;
        }
    }

    private static Map<Integer, String> barcodes(RunDirectory run) throws BadInputException {
        Map<Integer, String> out = new TreeMap<>();
        for (RunInfo.ChannelInfo ch : new RunReader(run).info().channels()) {
            out.put(ch.channel(), ch.barcode());
        }
        return out;
    }

    private static XYLineAndShapeRenderer line(Color colour) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, colour);
        r.setSeriesStroke(0, new BasicStroke(1.2f));
        return r;
    }

    private static Color opaque(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue());
    }

    private static Color shade(Color base, int i, int n) {
        float f = n <= 1 ? 0f : 0.6f * i / (n - 1);
        return new Color(Math.min(255, (int) (base.getRed() + (255 - base.getRed()) * f)),
                Math.min(255, (int) (base.getGreen() + (255 - base.getGreen()) * f)),
                Math.min(255, (int) (base.getBlue() + (255 - base.getBlue()) * f)));
    }

    private static Font small() {
        return new Font("SansSerif", Font.PLAIN, 12);
    }

    /** Writes {@code chart} as a PNG in the house style (white, light grid), making the folder if needed. */
    public static void save(JFreeChart chart, Path png, int width, int height) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(new Color(220, 220, 220));
            xy.setRangeGridlinePaint(new Color(220, 220, 220));
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height, null);
    }
}
