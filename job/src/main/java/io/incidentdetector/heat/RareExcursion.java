package io.incidentdetector.heat;

import io.incidentdetector.config.AccumulatorConfig;

import java.io.Serializable;
import java.time.Duration;

/**
 * A window far out of band that its pair's own history ({@link ExcursionHistory}) finds rare is enough evidence on
 * its own: it fills the pair's heat to {@code max}, so one sample of a calm series' first spike opens an incident.
 * Far: at least {@code rare-beyond} half-widths past the band edge. Rare: for this pair, expected less than once in
 * {@code rare-once-in} (a likelihood below window / rare-once-in, the same rate in time at any step), once the pair
 * has been judged for {@code rare-after-windows} windows. A pair whose far excursions are
 * frequent (heavy-tailed noise) finds the next one likely and keeps the ordinary rule. Only at windows of at least
 * {@code sample-cap} (replay samples, 1-minute steps and coarser), where one window is one whole sample.
 */
public final class RareExcursion implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double beyondAtLeast;
    private final double likelihoodBelow;
    private final int afterWindows;
    private final double fillEvidence;

    public RareExcursion(AccumulatorConfig config, Duration window) {
        this.beyondAtLeast = config.rareBeyond();
        // windows shorter than the sample cap are no whole sample of evidence: a fault spans many of them and the
        // ordinary rule sees it, while many short windows make far chance excursions common
        this.likelihoodBelow = window.compareTo(config.sampleCap()) < 0 ? 0 : config.rareBelow(window);
        this.afterWindows = config.rareAfterWindows();
        this.fillEvidence = config.max() / config.unitsPer(window);
    }

    /**
     * The evidence of a window {@code beyond} half-widths out of band (0 in band, NaN without a band) whose ordinary
     * evidence is {@code evidence}; adds the window to {@code history}.
     */
    public double evidence(double evidence, double beyond, ExcursionHistory history) {
        if (Double.isNaN(beyond)) {
            return evidence;
        }
        boolean rare = likelihoodBelow > 0 && evidence > 0 && beyond >= beyondAtLeast
                && history.getWindows() >= afterWindows && history.likelihood(beyond) < likelihoodBelow;
        history.add(beyond);
        return rare ? Math.max(evidence, fillEvidence) : evidence;
    }
}
