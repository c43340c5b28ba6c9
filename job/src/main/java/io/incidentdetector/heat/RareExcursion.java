package io.incidentdetector.heat;

import io.incidentdetector.config.AccumulatorConfig;

import java.io.Serializable;
import java.time.Duration;

/**
 * What a pair's own history ({@link ExcursionHistory}) makes of a window out of band, at windows of at least
 * {@code sample-cap} (replay samples, 1-minute steps and coarser), where one window is one whole sample, once the
 * pair has been judged for {@code rare-after-windows} windows:
 * <ul>
 * <li>A window far out of band that the history finds rare is enough evidence on its own: it fills the pair's heat to
 * {@code max}, so one sample of a calm series' first spike opens an incident. Far: at least {@code rare-beyond}
 * half-widths past the band edge. Rare: for this pair, expected less than once in {@code rare-once-in} (a likelihood
 * below window / rare-once-in, the same rate in time at any step). A pair whose far excursions are frequent
 * (heavy-tailed noise) finds the next one likely and keeps the ordinary rule.</li>
 * <li>A pair whose recent windows left the band more often than {@code noisy-above} of them has a band that does not
 * describe it (a band promises about 1 window in 100 out): while it is cold, its ordinary out-of-band windows are no
 * evidence, and only a rare excursion starts its heat. Once it carries heat, every window counts as usual, so a long
 * fault that has made the pair look noisy neither cools nor resolves for it.</li>
 * </ul>
 */
public final class RareExcursion implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double beyondAtLeast;
    private final double likelihoodBelow;
    private final double noisyAbove;
    private final int afterWindows;
    private final double fillEvidence;

    public RareExcursion(AccumulatorConfig config, Duration window) {
        this.beyondAtLeast = config.rareBeyond();
        // windows shorter than the sample cap are no whole sample of evidence: a fault spans many of them and the
        // ordinary rule sees it, while many short windows make far chance excursions common
        boolean wholeSamples = window.compareTo(config.sampleCap()) >= 0;
        this.likelihoodBelow = wholeSamples ? config.rareBelow(window) : 0;
        this.noisyAbove = wholeSamples ? config.noisyAbove() : 0;
        this.afterWindows = config.rareAfterWindows();
        this.fillEvidence = config.max() / config.unitsPer(window);
    }

    /**
     * The evidence of a window {@code beyond} half-widths out of band (0 in band, NaN without a band) whose ordinary
     * evidence is {@code evidence}, for a pair that is {@code cold} (carries no heat) or not; adds the window to
     * {@code history}.
     */
    public double evidence(double evidence, double beyond, boolean cold, ExcursionHistory history) {
        if (Double.isNaN(beyond)) {
            return evidence;
        }
        boolean known = history.getWindows() >= afterWindows;
        boolean rare = known && likelihoodBelow > 0 && evidence > 0 && beyond >= beyondAtLeast
                && history.likelihood(beyond) < likelihoodBelow;
        boolean noisy = known && cold && noisyAbove > 0 && history.outOfBandShare() > noisyAbove;
        history.add(beyond);
        if (rare) {
            return Math.max(evidence, fillEvidence);
        }
        return noisy ? 0 : evidence;
    }
}
