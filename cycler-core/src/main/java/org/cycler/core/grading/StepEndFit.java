package org.cycler.core.grading;

/**
 * The voltage and current at the end of a step, estimated from the step's last logged rows rather
 * than from its last row alone, so that one noisy reading does not become a graded figure.
 *
 * <p>The rows of the step's last half (by test time, from its first row to its last) take part,
 * at most {@value #MAX_ROWS} of them, the latest. Through them a least-squares straight line is
 * fitted, for voltage and for current each, and evaluated at the time of the step's last row: a
 * mean would lag behind a voltage that still moves (a pulse's polarisation, a rest's relaxation),
 * a line does not, as long as the window is short beside the step's time constants. With fewer
 * than {@value #MIN_ROWS} rows in the window (a step logged too sparsely, such as a 1 s pulse at
 * a 1 s tick) the estimate is the last row, as a single-sample reading would take it.
 *
 * <p>SI units: seconds of test time, volts, amperes (positive = charge). Not thread-safe: one per
 * channel being read. Holds {@value #MAX_ROWS} rows in preallocated arrays; allocates nothing per
 * row.
 */
final class StepEndFit {

    /** Most rows the fit takes: enough to average noise, few enough to keep the window short. */
    static final int MAX_ROWS = 16;
    /** Fewest rows in the window for a fit; below it the estimate is the last row. */
    static final int MIN_ROWS = 3;

    private final double[] timeS = new double[MAX_ROWS];
    private final double[] voltageV = new double[MAX_ROWS];
    private final double[] currentA = new double[MAX_ROWS];
    /** Rows added since {@link #clear()}, of which the last {@code min(added, MAX_ROWS)} are kept. */
    private long added;
    private double firstTimeS;
    private double fittedVoltageV;
    private double fittedCurrentA;
    private int fittedRows;

    /** Starts a new step. */
    void clear() {
        added = 0;
    }

    /** Adds the step's next row. */
    void add(double testTimeS, double voltage, double current) {
        if (added == 0) {
            firstTimeS = testTimeS;
        }
        int slot = (int) (added % MAX_ROWS);
        timeS[slot] = testTimeS;
        voltageV[slot] = voltage;
        currentA[slot] = current;
        added++;
    }

    /**
     * Fits the rows added since {@link #clear()}; afterwards {@link #voltageV()}, {@link #currentA()}
     * and {@link #rows()} hold the estimate at the last row's time.
     *
     * @throws IllegalStateException when no row was added
     */
    void fit() {
        if (added == 0) {
            throw new IllegalStateException("no row to fit");
        }
        int last = (int) ((added - 1) % MAX_ROWS);
        double endS = timeS[last];
        double fromS = endS - (endS - firstTimeS) / 2;
        int kept = (int) Math.min(added, MAX_ROWS);
        double v0 = voltageV[last];
        double i0 = currentA[last];
        int n = 0;
        double sx = 0;
        double sxx = 0;
        double sv = 0;
        double sxv = 0;
        double si = 0;
        double sxi = 0;
        for (int k = 0; k < kept; k++) {
            int slot = Math.floorMod(last - k, MAX_ROWS);
            double x = timeS[slot] - endS;
            if (timeS[slot] < fromS) {
                break;
            }
            double v = voltageV[slot] - v0;
            double c = currentA[slot] - i0;
            n++;
            sx += x;
            sxx += x * x;
            sv += v;
            sxv += x * v;
            si += c;
            sxi += x * c;
        }
        double det = n * sxx - sx * sx;
        if (n < MIN_ROWS || !(det > 1e-12 * n * n)) {
            fittedVoltageV = v0;
            fittedCurrentA = i0;
            fittedRows = 1;
            return;
        }
        fittedVoltageV = v0 + intercept(n, sx, sxx, sv, sxv, det);
        fittedCurrentA = i0 + intercept(n, sx, sxx, si, sxi, det);
        fittedRows = n;
    }

    /** The line's value at x = 0 (the step's end). */
    private static double intercept(int n, double sx, double sxx, double sy, double sxy, double det) {
        double slope = (n * sxy - sx * sy) / det;
        return (sy - slope * sx) / n;
    }

    /** Voltage at the step's end, volts. */
    double voltageV() {
        return fittedVoltageV;
    }

    /** Current at the step's end, amperes, positive = charge. */
    double currentA() {
        return fittedCurrentA;
    }

    /** Rows the estimate came from: 1 when it is the last row. */
    int rows() {
        return fittedRows;
    }
}
