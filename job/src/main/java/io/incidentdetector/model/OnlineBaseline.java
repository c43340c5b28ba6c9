package io.incidentdetector.model;

import java.io.Serializable;

// Over 250 lines on purpose: one algorithm whose parts (level, profile, band, recovery, new normal, week) all read and
// write the same fields, and those fields are a pair's keyed state: moving them into parts would change the state.
/**
 * A pair's normal latency, learned from its own windows for as long as it lives. It works on {@code ln y}: latency
 * noise is multiplicative (a slow path is twice as slow, not 20 ms slower), so residuals in log space have much the
 * same spread at every level and hour.
 * <ul>
 *   <li><b>Prediction</b> = level + the daily profile's slot (linear between slots, by wall-clock time) + the day of
 *       week's offset once two weeks of days have been seen ({@link #followTheWeek}). This is
 *       robust Holt-Winters smoothing (Gelper, Fried and Croux 2010): the level learns only from in-band windows, so
 *       a fault never pulls it; the profile learns from every window with its residual clipped one band-width beyond
 *       the band, so a one-off fault moves a slot by a bounded amount that the next normal days take back, while a
 *       change that returns every day at the same hour is learned.</li>
 *   <li><b>Band</b> = the {@code (1 - coverage) / 2} and {@code (1 + coverage) / 2} quantiles of the pair's own
 *       recent residuals ({@link ResidualHistogram}), not a multiple of a standard deviation: a heavy tail or a
 *       second level widens the side it is on, by as much as it occurs. Residuals beyond the band are entered
 *       winsorised (a quarter of the band's width beyond its edge, at most 10%), and only the first three of each run
 *       of out-of-band windows in a row: a band that is too narrow widens step by step until it holds its coverage
 *       (spikes and flips recur), while a fault widens it by three such steps per run. The band is never narrower
 *       than the quantisation step of the values the pair started on, nor than {@code min-relative-band} of the
 *       prediction. A side whose edge lies in the histogram's last bin (more than its share of recent residuals
 *       beyond a factor of 20: a bursty or mostly-zero series) has no measurable edge: windows beyond it are not
 *       anomalous. Values below the pair's floor (1% of the mean of the values it started on) are read as the floor,
 *       in the log and in the judgement alike: noise near 0 is not factors of thousands, and a 0 on a series that
 *       sits at 0 is in band.</li>
 *   <li><b>Recovery</b>: the level also has a slow anchor (it follows the level 30 times more slowly). A window out of
 *       band on the side of the anchor, but in the band read around the anchor, is a return to the long-run normal (a
 *       mild change the level had followed, now gone): it is not anomalous, and the level follows it, never past the
 *       anchor.</li>
 *   <li><b>New normal</b>: when 80% of the windows over {@code new-normal-after} were out of band on one side, the
 *       level moves by their mean residual, and that window's verdict says so. A fifth of that time in band in a row
 *       ends the stretch, so a fault that is over is never adopted.</li>
 * </ul>
 * Missing windows are simply absent: every rate is per window seen, so a gap neither ages the band nor moves the
 * level. A Flink POJO (public fields), updated in place in the pair's keyed state.
 */
public final class OnlineBaseline implements Serializable {

    private static final long serialVersionUID = 1L;
    public static final String TRAINED = "trained";
    public static final String LEARNED = "learned";
    /** Smallest latency taken into log space (ms), so a 0 ms p50 stays finite. */
    static final double FLOOR_MS = 1e-3;
    /** The furthest beyond its edge an out-of-band residual is entered (log units: 10%), so a wide band grows slowly. */
    private static final double MAX_MARGIN = 0.1;
    private static final long DAY = 86_400_000L;

    /** {@link #TRAINED} or {@link #LEARNED}. */
    public String source;
    /** ln of the level (ms). */
    public double level;
    /** ln of the long-run level: follows {@link #level} 30 times more slowly. */
    public double anchor;
    /** ln offsets per slot of the period. */
    public float[] seasonal;
    /** {@link ResidualHistogram} bins. */
    public float[] residuals;
    /** Weight of the next residual (the lazily applied decay). */
    public float increment;
    /** Quantisation step (ms) of the values the model started on; 0 for a continuous series. */
    public double step;
    /** Added to event time when reading the profile (phase alignment of a trained model); 0 = wall clock. */
    public long phaseOffset;
    /**
     * Values below this (ms) are this, in log space: a share of the mean of the values the model started on, so that
     * on a series that falls to near 0 the noise near 0 is not read as factors of thousands; 0 (a model from before
     * it existed): {@link #FLOOR_MS}.
     */
    public double floor;
    /** Event time of the first value the model learned from. */
    public long firstSeen;
    /** ln offsets per day of week (Monday first), read once two weeks of days have been seen. */
    public float[] weekly;
    /** The mean level (with its weekly offset) of the last day seen of each day of week. */
    public float[] dayLevels;
    /** The day (epoch day, wall clock) whose windows are being averaged, their summed level and count. */
    public long day;
    public double daySum;
    public int dayWindows;
    /** Whole days averaged so far. */
    public int days;
    /** Windows since a possible lasting change began (0: none), those out of band, and their summed residual. */
    public int shiftWindows;
    public int shiftOutOfBand;
    public int shiftAbove;
    public int shiftQuietRun;
    public double shiftSum;
    /** Out-of-band windows in a row; the band learns from the first three of each run. */
    public int outOfBandRun;

    public OnlineBaseline() {}

    /** The band a window is judged against, and what its judgement taught the model. */
    public record Judgement(double yhat, double lower, double upper, boolean anomalous, boolean newNormal) {}

    /** A model that starts at {@code level} (ms) with a spread of {@code sigma} in log units. */
    static OnlineBaseline start(String source, double levelMs, double sigma, double step, double floor, long firstSeen,
            BaselineSettings s) {
        OnlineBaseline m = new OnlineBaseline();
        m.source = source;
        m.floor = floor;
        m.level = Math.log(Math.max(levelMs, m.floor()));
        m.anchor = m.level;
        m.seasonal = new float[s.slots()];
        m.weekly = new float[7];
        m.dayLevels = new float[7];
        m.day = Long.MIN_VALUE;
        m.residuals = new float[ResidualHistogram.BINS];
        m.increment = 1;
        m.step = step;
        m.firstSeen = firstSeen;
        ResidualHistogram.addNormal(m.residuals, m.increment, sigma, s.priorWindows());
        return m;
    }

    /** The smallest value the model tells apart from 0. */
    double floor() {
        return Math.max(floor, FLOOR_MS);
    }

    /** Reads the model from now on as if event time {@code t} were the time of the first value it learned from. */
    public void alignPhaseTo(long t) {
        phaseOffset = firstSeen - t;
    }

    /** The prediction (ms) at event time {@code t}. */
    public double predict(long t, BaselineSettings s) {
        return Math.exp(center(t, s));
    }

    private double center(long t, BaselineSettings s) {
        return dayLevel(t + phaseOffset, s) + seasonalAt(t + phaseOffset, s);
    }

    /** The level, plus the day of week's offset once two weeks have been seen. */
    private double dayLevel(long mt, BaselineSettings s) {
        return weeklyActive(s) ? level + weekly[dayOfWeek(Math.floorDiv(mt, DAY))] : level;
    }

    private boolean weeklyActive(BaselineSettings s) {
        return s.weekly() && days >= 14;
    }

    /**
     * Day-of-week seasonality, learned from the level rather than from residuals: the level (with its weekly offset)
     * already follows a quieter weekend, through in-band windows and the new normal, so each day's mean level, less
     * the mean of the last seven days, is what that day of week adds. A day's offset moves half way to it each week.
     */
    private void followTheWeek(long mt, BaselineSettings s) {
        long today = Math.floorDiv(mt, DAY);
        if (today != day) {
            if (day != Long.MIN_VALUE && dayWindows > 0) {
                int dow = dayOfWeek(day);
                dayLevels[dow] = (float) (daySum / dayWindows);
                days++;
                if (days >= 7) {
                    double week = 0;
                    for (float d : dayLevels) {
                        week += d;
                    }
                    weekly[dow] += (float) (0.5 * ((dayLevels[dow] - week / 7) - weekly[dow]));
                }
            }
            day = today;
            daySum = 0;
            dayWindows = 0;
        }
        daySum += dayLevel(mt, s);
        dayWindows++;
    }

    private static int dayOfWeek(long epochDay) {
        // 1970-01-01 was a Thursday: Monday = 0
        return (int) Math.floorMod(epochDay + 3, 7L);
    }

    /** Judges {@code y} (ms) at event time {@code t}, then learns from it; a value that is not a number is not judged. */
    public Judgement judge(long t, double y, BaselineSettings s) {
        double center = center(t, s);
        double yhat = Math.exp(center);
        double total = ResidualHistogram.total(residuals);
        double lo = ResidualHistogram.quantile(residuals, s.lowerShare(), total);
        double hi = ResidualHistogram.quantile(residuals, s.upperShare(), total);
        double floor = Math.max(s.minRelativeBand() * yhat, step);
        double lower = Math.max(0, Math.min(Math.exp(center + lo), yhat - floor));
        double upper = Math.max(Math.exp(center + hi), yhat + floor);
        if (!Double.isFinite(y)) {
            return new Judgement(yhat, lower, upper, false, false);
        }
        // judged as the model sees it (below the floor is the floor); a side whose edge the histogram cannot place is open
        double seen = Math.max(y, floor());
        boolean outOfBand = seen < lower && !ResidualHistogram.inFirstBin(lo)
                || seen > upper && !ResidualHistogram.inLastBin(hi);
        double r = Math.log(seen) - center;
        double fromAnchor = r + level - anchor;
        // normal for the long-run level: a return after a mild change the level had followed, not a fault
        boolean recovery = outOfBand && (level - anchor) * r < 0 && fromAnchor >= lo && fromAnchor <= hi;
        boolean anomalous = outOfBand && !recovery;
        boolean newNormal = learn(t, r, fromAnchor, lo, hi, anomalous, recovery, s);
        return new Judgement(yhat, lower, upper, anomalous, newNormal);
    }

    private boolean learn(long t, double r, double fromAnchor, double lo, double hi, boolean anomalous,
            boolean recovery, BaselineSettings s) {
        double width = hi - lo;
        learnSeasonal(t + phaseOffset, Math.max(lo - width, Math.min(hi + width, r)), s);
        if (recovery) {
            // the level follows it up to the anchor; the band learns it as the anchor sees it
            increment = ResidualHistogram.add(residuals, increment, fromAnchor, s.decay());
            double next = level + s.levelRate() * r;
            level = (next - anchor) * (level - anchor) < 0 ? anchor : next;
        } else if (anomalous) {
            outOfBandRun++;
            if (outOfBandRun <= s.enteredPerRun()) {
                double margin = Math.min(MAX_MARGIN, Math.max(0.01, 0.25 * width));
                increment = ResidualHistogram.add(residuals, increment, Math.max(lo - margin, Math.min(hi + margin, r)),
                        s.decay());
            }
        } else {
            increment = ResidualHistogram.add(residuals, increment, r, s.decay());
            level += s.levelRate() * r;
            anchor += s.levelRate() / 30 * (level - anchor);
        }
        if (!anomalous) {
            outOfBandRun = 0;
        }
        boolean newNormal = followLastingChange(r, anomalous, s);
        if (!anomalous) {
            followTheWeek(t + phaseOffset, s);
        }
        return newNormal;
    }

    /**
     * A lasting change: a stretch in which most windows are out of band, on one side. It ends when in-band windows
     * outnumber the others, or after a fifth of {@code new-normal-after} of in-band windows in a row; it is adopted on
     * an out-of-band window once it has lasted {@code new-normal-after} with 80% of its windows out of band on one side.
     */
    private boolean followLastingChange(double r, boolean anomalous, BaselineSettings s) {
        if (shiftWindows == 0 && !anomalous) {
            return false;
        }
        shiftWindows++;
        if (anomalous) {
            shiftOutOfBand++;
            shiftAbove += r > 0 ? 1 : 0;
            shiftSum += r;
            shiftQuietRun = 0;
        } else {
            shiftQuietRun++;
        }
        if (2 * shiftOutOfBand < shiftWindows || shiftQuietRun > 0.2 * s.newNormalWindows()) {
            clearShift();
            return false;
        }
        int oneSide = Math.max(shiftAbove, shiftOutOfBand - shiftAbove);
        if (anomalous && shiftWindows >= s.newNormalWindows() && oneSide >= 0.8 * shiftWindows) {
            level += shiftSum / shiftOutOfBand;
            anchor = level;
            clearShift();
            return true;
        }
        return false;
    }

    private void clearShift() {
        shiftWindows = 0;
        shiftOutOfBand = 0;
        shiftAbove = 0;
        shiftQuietRun = 0;
        shiftSum = 0;
    }

    private double seasonalAt(long mt, BaselineSettings s) {
        if (seasonal.length == 0) {
            return 0;
        }
        double position = slotPosition(mt, s);
        int i = (int) position;
        double w = position - i;
        return (1 - w) * seasonal[i] + w * seasonal[(i + 1) % seasonal.length];
    }

    private void learnSeasonal(long mt, double residual, BaselineSettings s) {
        if (seasonal.length == 0) {
            return;
        }
        double position = slotPosition(mt, s);
        int i = (int) position;
        double w = position - i;
        seasonal[i] += (float) (s.seasonalRate() * (1 - w) * residual);
        seasonal[(i + 1) % seasonal.length] += (float) (s.seasonalRate() * w * residual);
    }

    private double slotPosition(long mt, BaselineSettings s) {
        return Math.floorMod(mt, s.periodMillis()) / (double) s.periodMillis() * seasonal.length;
    }
}
