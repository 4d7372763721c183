package org.cycler.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.cycler.reports.plot.RunCharts;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Tick lateness percentiles against channel count ({@code cycler bench scale --plot}), with the hiccup floor. */
public final class LatenessChart {

    /** Plotted floor for values too small for a log axis, ms. */
    private static final double FLOOR_MS = 0.01;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private LatenessChart() {
    }

    /** One measured channel count: lateness percentiles and the hiccup floor's p99, in milliseconds. */
    public record Point(int channels, double p50Ms, double p99Ms, double p999Ms, double maxMs, double floorP99Ms) {
    }

    /** Writes the chart of {@code points} (ascending channel count) measured at a {@code tickMs} tick to {@code png}. */
    public static void write(List<Point> points, double tickMs, Path png) throws IOException {
        XYSeries p50 = new XYSeries("lateness p50");
        XYSeries p99 = new XYSeries("lateness p99");
        XYSeries p999 = new XYSeries("lateness p99.9");
        XYSeries max = new XYSeries("lateness max");
        XYSeries floor = new XYSeries("hiccup floor p99");
        for (Point r : points) {
            p50.add(r.channels(), Math.max(FLOOR_MS, r.p50Ms()));
            p99.add(r.channels(), Math.max(FLOOR_MS, r.p99Ms()));
            p999.add(r.channels(), Math.max(FLOOR_MS, r.p999Ms()));
            max.add(r.channels(), Math.max(FLOOR_MS, r.maxMs()));
            floor.add(r.channels(), Math.max(FLOOR_MS, r.floorP99Ms()));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : List.of(p50, p99, p999, max, floor)) {
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Tick start lateness at " + tickMs + " ms tick",
                "Channels / 1", "Lateness / ms", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogarithmicAxis axis = new LogarithmicAxis("Lateness / ms (log)");
        axis.setAllowNegativesFlag(false);
        plot.setRangeAxis(axis);
        RunCharts.save(chart, png, 900, 520);
    }
}
