package org.cycler.core.calibration;

import java.util.List;

/**
 * The gain and offset of one quantity (voltage or current) from points where a reference meter
 * and the channel read the same thing: {@code raw = gain * reference + offset}.
 *
 * <ul>
 *   <li>two or more points: both, by least squares (two points: the line through them);</li>
 *   <li>one point at a reference of exactly zero: the offset, keeping the earlier gain;</li>
 *   <li>one point elsewhere: the gain, keeping the earlier offset;</li>
 *   <li>no point: the earlier gain and offset unchanged.</li>
 * </ul>
 * Stateless.
 */
public final class CalibrationFit {

    /**
     * Smallest spread of the references of a two-point fit, as a share of the largest reference:
     * closer points make the gain out of the noise.
     */
    public static final double MIN_SPAN_SHARE = 0.05;

    private CalibrationFit() {
    }

    /**
     * One reading of the same quantity by the reference and by the channel.
     *
     * @param reference what the reference meter read, SI units
     * @param raw       what the channel read (uncorrected), averaged
     */
    public record Point(double reference, double raw) {
        public Point {
            if (!Double.isFinite(reference) || !Double.isFinite(raw)) {
                throw new IllegalArgumentException("a calibration point needs finite readings: " + reference + ", " + raw);
            }
        }
    }

    /** A fitted gain and offset. */
    public record Line(double gain, double offset) {
    }

    /**
     * The line through {@code points}, starting from {@code earlier} for what they do not fix.
     *
     * @param what how messages name the quantity, e.g. {@code --reference-v}
     * @throws IllegalArgumentException when two or more points are too close together to give a gain
     */
    public static Line fit(List<Point> points, Line earlier, String what) {
        if (points.isEmpty()) {
            return earlier;
        }
        if (points.size() == 1) {
            Point p = points.getFirst();
            if (p.reference() == 0) {
                return new Line(earlier.gain(), p.raw());
            }
            return new Line((p.raw() - earlier.offset()) / p.reference(), earlier.offset());
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double largest = 0;
        double sumX = 0;
        double sumY = 0;
        for (Point p : points) {
            min = Math.min(min, p.reference());
            max = Math.max(max, p.reference());
            largest = Math.max(largest, Math.abs(p.reference()));
            sumX += p.reference();
            sumY += p.raw();
        }
        if (!(max - min >= MIN_SPAN_SHARE * largest) || max == min) {
            throw new IllegalArgumentException(what + ": the points " + min + " and " + max + " are too close to give a "
                    + "gain (expected references at least " + Math.round(MIN_SPAN_SHARE * 100) + " % apart, e.g. near "
                    + "the bottom and the top of the range)");
        }
        int n = points.size();
        double meanX = sumX / n;
        double meanY = sumY / n;
        double sxx = 0;
        double sxy = 0;
        for (Point p : points) {
            sxx += (p.reference() - meanX) * (p.reference() - meanX);
            sxy += (p.reference() - meanX) * (p.raw() - meanY);
        }
        double gain = sxy / sxx;
        return new Line(gain, meanY - gain * meanX);
    }
}
