package io.incidentdetector.config;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The canary error-regression pipeline.
 *
 * @param mode           {@code rate} (traffic-normalised ratio with a significance test) or {@code seed-compatible}
 * @param bins           bin length in seconds
 * @param threshold      alert threshold: a rate ratio in rate mode, a mean count difference in seed-compatible mode
 * @param thresholdBins  window lengths, in bins, over which alerts are evaluated
 * @param baselineBuild  the old build; null infers it (the lower version of exactly two builds)
 * @param canaryBuild    the new build; null infers it
 * @param baseTime       the instant that {@code 0:00:00} in seed CSV files stands for
 * @param minCount       rate mode: canary errors of a code needed in a window before it may alert
 * @param confidence     rate mode: confidence of the one-sided binomial test, family-wise over the codes compared
 * @param traffic        rate mode: normalise by {@code events} (each build's errors in the window) or {@code users}
 * @param usersRatio     rate mode with {@code traffic: users}: canary users / baseline users
 * @param outOfOrderness bounded out-of-orderness of error event time
 * @param idleness       a source split with no events for this long stops holding back the watermark
 * @param incidents      when alerts become an incident
 * @param maxCodes       distinct error codes compared at once; counts of a further code are refused (dead letters)
 *                       unless a stale code (no error in the bins kept, no alert active) makes room
 */
public record CanaryConfig(
        CanaryMode mode,
        Integer bins,
        Double threshold,
        List<Integer> thresholdBins,
        String baselineBuild,
        String canaryBuild,
        Instant baseTime,
        Integer minCount,
        Double confidence,
        CanaryTraffic traffic,
        Double usersRatio,
        Duration outOfOrderness,
        Duration idleness,
        CanaryIncidentConfig incidents,
        Integer maxCodes)
        implements Serializable {

    public CanaryConfig {
        mode = mode == null ? CanaryMode.RATE : mode;
        bins = bins == null ? 30 : bins;
        threshold = threshold == null ? 1.25 : threshold;
        thresholdBins = thresholdBins == null ? List.of(5, 10) : new java.util.ArrayList<>(thresholdBins);
        baseTime = baseTime == null ? Instant.parse("2026-01-01T00:00:00Z") : baseTime;
        minCount = minCount == null ? 5 : minCount;
        confidence = confidence == null ? 0.999 : confidence;
        traffic = traffic == null ? CanaryTraffic.EVENTS : traffic;
        usersRatio = usersRatio == null ? 1.0 : usersRatio;
        outOfOrderness = outOfOrderness == null ? Duration.ofSeconds(2) : outOfOrderness;
        idleness = idleness == null ? Duration.ofSeconds(30) : idleness;
        incidents = incidents == null ? CanaryIncidentConfig.defaults() : incidents;
        maxCodes = maxCodes == null ? 1_000 : maxCodes;
    }

    public static CanaryConfig defaults() {
        return new CanaryConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public CanaryConfig with(CanaryMode newMode, Integer newBins, Double newThreshold, List<Integer> newThresholdBins) {
        return new CanaryConfig(newMode == null ? mode : newMode, newBins == null ? bins : newBins,
                newThreshold == null ? threshold : newThreshold,
                newThresholdBins == null ? thresholdBins : newThresholdBins, baselineBuild, canaryBuild, baseTime,
                minCount, confidence, traffic, usersRatio, outOfOrderness, idleness, incidents, maxCodes);
    }

    public CanaryConfig withBuilds(String baseline, String canary) {
        return new CanaryConfig(mode, bins, threshold, thresholdBins, baseline, canary, baseTime, minCount,
                confidence, traffic, usersRatio, outOfOrderness, idleness, incidents, maxCodes);
    }

    void check(Problems p) {
        if (bins < 1) {
            p.add("canary.bins must be at least 1 second (got " + bins + "). Fix: use e.g. 30");
        }
        if (!Double.isFinite(threshold)) {
            p.add("canary.threshold must be a number (got " + threshold + "). Fix: use e.g. 1.25");
        } else if (mode == CanaryMode.RATE && threshold <= 1) {
            p.add("canary.threshold (" + threshold + ") must be above 1 in rate mode: it is the factor by which the"
                    + " canary's rate exceeds the baseline's. Fix: use e.g. 1.25 (25% more)");
        }
        if (thresholdBins.isEmpty() || thresholdBins.stream().anyMatch(w -> w == null || w < 1 || w > 1000)) {
            p.add("canary.threshold-bins must list window lengths from 1 to 1000 bins (got " + thresholdBins
                    + "). Fix: use e.g. [5, 10]");
        }
        if ((baselineBuild == null) != (canaryBuild == null)) {
            p.add("canary.baseline-build and canary.canary-build go together. Fix: set both, or neither to infer them");
        } else if (baselineBuild != null && baselineBuild.equals(canaryBuild)) {
            p.add("canary.baseline-build and canary.canary-build are the same build. Fix: name two builds");
        }
        if (minCount < 0) {
            p.add("canary.min-count must be >= 0 (got " + minCount + "). Fix: use e.g. 5");
        }
        p.betweenZeroAndOne("canary.confidence", confidence, "0.99");
        p.notNegative("canary.out-of-orderness", outOfOrderness, "use e.g. 2s");
        p.positive("canary.idleness", idleness, "30s");
        if (!(usersRatio > 0)) {
            p.add("canary.users-ratio must be > 0 (got " + usersRatio + "). Fix: use 1 for equal users");
        }
        if (maxCodes < 1) {
            p.add("canary.max-codes must be at least 1 (got " + maxCodes + "). Fix: use e.g. 1000");
        }
        incidents.check(p, threshold);
    }

    /** Settings that the mode ignores: allowed, but often a mistake. */
    List<String> warnings() {
        CanaryConfig rateDefaults = defaults();
        if (mode == CanaryMode.SEED_COMPATIBLE && (!minCount.equals(rateDefaults.minCount())
                || !confidence.equals(rateDefaults.confidence()) || !traffic.equals(rateDefaults.traffic()))) {
            return List.of("canary.min-count, confidence and traffic apply to rate mode only; seed-compatible mode"
                    + " ignores them");
        }
        return List.of();
    }
}
