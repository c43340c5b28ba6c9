package io.incidentdetector.heat;

/**
 * The seed's heat rule: an anomalous window adds its anomaly count, a quiet one subtracts the decay, and the
 * value stays within {@code [0, max]}; both scaled by the window's length in heat units, so heat counts evidence in
 * time rather than in windows. Short transients never build up enough heat to cross a threshold.
 */
public final class Accumulator {

    private Accumulator() {}

    public static double next(double current, int anomalyCount, double decay, double max) {
        return next(current, anomalyCount, decay, max, 1);
    }

    /**
     * @param unitsPerWindow heat one window stands for (its length in accumulator units): 1 at the reference
     *                       window, 6 for a 1-minute step when a unit is 10 s
     */
    public static double next(double current, int anomalyCount, double decay, double max, double unitsPerWindow) {
        return next(current, (double) anomalyCount, decay, max, unitsPerWindow);
    }

    /**
     * @param evidence how much of a window of evidence this one is (0: a quiet window, which cools; up to 1 for a
     *                 window clearly out of band; more for anomaly counts above 1)
     */
    public static double next(double current, double evidence, double decay, double max, double unitsPerWindow) {
        double next = evidence > 0 ? current + evidence * unitsPerWindow : current - decay * unitsPerWindow;
        return Math.min(max, Math.max(0, next));
    }
}
