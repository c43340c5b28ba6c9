package io.incidentdetector.heat;

/**
 * A pair's own record of how often, and how far, its windows leave the band on the side that heats: a decayed count
 * of judged windows, of those out of band, and the sum of their log excess ({@code ln(1 + beyond)}, beyond in
 * half-widths of the band past its edge). From it, {@link #likelihood} says how likely a window at least this far out
 * is for this pair: the rate of out-of-band windows times a Pareto tail whose index is the Hill estimate of the
 * pair's own excursions. A pair with frequent, far excursions (heavy-tailed noise) finds another far one likely; a
 * calm pair finds its first far excursion rare. Scale-free: it reads distances in band-widths and counts windows.
 * A Flink POJO kept in keyed state; a pair without one starts empty.
 */
public class ExcursionHistory {

    /** Windows after which the history has forgotten about 63% of what it saw: a bounded, recent memory. */
    static final double MEMORY_WINDOWS = 2000;
    /** One pseudo-excursion of this log excess (1 band half-width out) stands for a pair with no excursions yet. */
    private static final double PRIOR_LOG_EXCESS = Math.log(2);

    private double windows;
    private double excursions;
    private double logExcess;

    public ExcursionHistory() {}

    public double getWindows() {
        return windows;
    }

    public void setWindows(double windows) {
        this.windows = windows;
    }

    public double getExcursions() {
        return excursions;
    }

    public void setExcursions(double excursions) {
        this.excursions = excursions;
    }

    public double getLogExcess() {
        return logExcess;
    }

    public void setLogExcess(double logExcess) {
        this.logExcess = logExcess;
    }

    /** How likely, by this pair's own history, a window at least {@code beyond} half-widths out of band is. */
    public double likelihood(double beyond) {
        double rate = (excursions + 1) / (windows + 2);
        double meanLog = (logExcess + PRIOR_LOG_EXCESS) / (excursions + 1);
        return rate * Math.pow(1 + beyond, -1 / meanLog);
    }

    /** Adds one judged window: {@code beyond} half-widths out of band on the side that heats, 0 in band. */
    public void add(double beyond) {
        double keep = 1 - 1 / MEMORY_WINDOWS;
        windows = windows * keep + 1;
        excursions *= keep;
        logExcess *= keep;
        if (beyond > 0) {
            excursions += 1;
            logExcess += Math.log1p(beyond);
        }
    }
}
