package io.incidentdetector.config;

import java.io.Serializable;

/**
 * When canary alerts become an incident.
 *
 * @param openAfterBins    consecutive bins with at least one code in alert before an incident opens (SEV2)
 * @param resolveAfterBins consecutive bins without any code in alert before it resolves
 * @param sev1MinCodes     codes in alert at once that make it SEV1
 * @param sev1Effect       an effect at least this strong (in the mode's unit: rate ratio, or mean difference per
 *                         bin in seed-compatible mode) makes it SEV1 even for one code
 */
public record CanaryIncidentConfig(Integer openAfterBins, Integer resolveAfterBins, Integer sev1MinCodes,
        Double sev1Effect) implements Serializable {

    public CanaryIncidentConfig {
        openAfterBins = openAfterBins == null ? 3 : openAfterBins;
        resolveAfterBins = resolveAfterBins == null ? 2 : resolveAfterBins;
        sev1MinCodes = sev1MinCodes == null ? 2 : sev1MinCodes;
        sev1Effect = sev1Effect == null ? 3.0 : sev1Effect;
    }

    /** Every setting at its default. */
    public static CanaryIncidentConfig defaults() {
        return new CanaryIncidentConfig(null, null, null, null);
    }

    /** The problems of these settings; SEV1's effect must be above the alert threshold {@code canaryThreshold}. */
    void check(Problems p, double canaryThreshold) {
        if (openAfterBins < 1) {
            p.add("canary.incidents.open-after-bins must be at least 1 (got " + openAfterBins + "). Fix: use 3");
        }
        if (resolveAfterBins < 1) {
            p.add("canary.incidents.resolve-after-bins must be at least 1 (got " + resolveAfterBins
                    + "). Fix: use 2");
        }
        if (sev1MinCodes < 2) {
            p.add("canary.incidents.sev1-min-codes must be at least 2 (got " + sev1MinCodes + "). Fix: use 2");
        }
        if (!(sev1Effect > canaryThreshold)) {
            p.add("canary.incidents.sev1-effect (" + sev1Effect + ") must be above canary.threshold ("
                    + canaryThreshold + "), or every alert would be SEV1. Fix: use e.g. 3");
        }
    }
}
