package io.incidentdetector.evaluate;

import java.util.List;

/** Percentiles of measured times, as the table gives them. */
public final class Percentile {

    private Percentile() {}

    /**
     * The {@code q} percentile (0 to 1) of {@code values}: the element at index floor(q n) of the n values sorted, the
     * largest when that is past the end; so the median of 4 values is the third.
     *
     * @throws IllegalArgumentException when there is no value
     */
    public static long of(List<Long> values, double q) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no value to take the " + q + " percentile of");
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }
}
