package io.incidentdetector.picture;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear map from data values {@code [from, to]} to pixels {@code [pixelsFrom, pixelsTo]} (the pixel range may run
 * backwards, as a y axis does), with round tick values.
 */
public record Scale(double from, double to, double pixelsFrom, double pixelsTo) {

    public Scale {
        if (!(to > from)) {
            to = from + 1;
        }
    }

    public double at(double value) {
        return pixelsFrom + (value - from) / (to - from) * (pixelsTo - pixelsFrom);
    }

    /** About {@code count} round values (1, 2 or 5 times a power of ten apart) within the domain. */
    public List<Double> ticks(int count) {
        double step = niceStep((to - from) / Math.max(1, count));
        List<Double> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(from / step - 1e-9); k * step <= to + step * 1e-9; k++) {
            ticks.add(k * step);
        }
        return ticks;
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** A tick step for a time axis, in milliseconds: a round number of seconds, minutes or hours. */
    static long timeStep(long spanMillis, int count) {
        long raw = spanMillis / Math.max(1, count);
        long[] steps = {1_000, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
                3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000};
        for (long step : steps) {
            if (step >= raw) {
                return step;
            }
        }
        return steps[steps.length - 1];
    }
}
