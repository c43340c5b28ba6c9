package io.incidentdetector.fuzz;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many of a property's records came out each way (read, refused, ...), and the least share of each that the
 * property expects: a generator that only makes garbage, or only valid records, does not test what it should.
 */
final class Outcomes {

    /** Below this many records a share says little, so it is not checked (as when one case is re-run alone). */
    static final long FEWEST_TO_CHECK = 1000;

    private final String property;
    private final String seed;
    private final Map<String, Long> counts = new TreeMap<>();
    private long total;

    Outcomes(String property, String seed) {
        this.property = property;
        this.seed = seed;
    }

    void add(String outcome) {
        counts.merge(outcome, 1L, Long::sum);
        total++;
    }

    String property() {
        return property;
    }

    long total() {
        return total;
    }

    double percent(String outcome) {
        return total == 0 ? 0 : 100.0 * counts.getOrDefault(outcome, 0L) / total;
    }

    /** Fails unless at least {@code minPercent} percent of the records came out as {@code outcome}. */
    Outcomes expectAtLeast(String outcome, double minPercent) {
        if (total >= FEWEST_TO_CHECK && percent(outcome) < minPercent) {
            throw new AssertionError(property + " (" + seed + "): only " + String.format("%.2f", percent(outcome))
                    + " % of " + total + " records came out as '" + outcome + "', expected at least " + minPercent
                    + " %: " + this);
        }
        return this;
    }

    /** The shares, as "read 23.1 %, refused 76.9 %". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        counts.forEach((outcome, count) -> s.append(s.length() > 0 ? ", " : "").append(outcome).append(' ')
                .append(String.format("%.1f", percent(outcome))).append(" %"));
        return s.toString();
    }
}
