package io.incidentdetector.canary.score;

/**
 * What a window of bins is worth for one code.
 *
 * @param value  seed-compatible: mean count difference canary minus baseline per bin; rate: rate ratio
 * @param pValue rate mode: the p-value of the canary's excess, corrected for the codes compared; null otherwise
 * @param holds  whether the alert condition holds (for an active alert: whether it still holds)
 */
public record WindowScore(double value, Double pValue, boolean holds) {}
