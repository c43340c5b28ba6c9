package io.incidentdetector.heat;

import io.incidentdetector.config.AccumulatorConfig;
import io.incidentdetector.judge.WindowVerdict;

import java.io.Serializable;

/**
 * How much evidence of a fault one judged window is. A window in band, or out of band on the side that does not heat
 * ({@code direction: up}: faster than normal), is none. A window out of band counts by how far: beyond the edge by
 * {@code full-heat-beyond} of the band's half-width on that side or more, it is a whole window of evidence; nearer,
 * that share of one. A band promises its coverage, so about 1 window in 100 lands just outside it by chance; a fault
 * lands well outside. Weighting by distance keeps those chance windows from adding up to an incident, most of all at
 * one-minute steps, where two of them in a row are already two minutes of evidence.
 */
public final class WindowEvidence implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean bothSides;
    private final double fullHeatBeyond;

    public WindowEvidence(AccumulatorConfig config) {
        this.bothSides = config.direction() == AccumulatorConfig.Direction.BOTH;
        this.fullHeatBeyond = config.fullHeatBeyond();
    }

    public double of(WindowVerdict v) {
        if (v == null || !v.anomalous()) {
            return 0;
        }
        double beyond = beyond(v);
        if (Double.isNaN(beyond)) {
            return v.anomalyCount();
        }
        if (beyond == 0) {
            return 0;
        }
        return v.anomalyCount() * (fullHeatBeyond <= 0 ? 1 : Math.min(1, beyond / fullHeatBeyond));
    }

    /**
     * How far out of band a window is on the side that heats, in half-widths of the band past its edge: 0 in band
     * or on the other side, NaN when the verdict carries no band.
     */
    public double beyond(WindowVerdict v) {
        if (v == null || v.yhat() == null || v.yMin() == null || v.yMax() == null) {
            return Double.NaN;
        }
        if (v.y() > v.yMax()) {
            return share(v.y() - v.yMax(), v.yMax() - v.yhat());
        } else if (bothSides && v.y() < v.yMin()) {
            return share(v.yMin() - v.y(), v.yhat() - v.yMin());
        }
        return 0;
    }

    private static double share(double distance, double halfWidth) {
        return halfWidth > 0 ? distance / halfWidth : 1;
    }
}
