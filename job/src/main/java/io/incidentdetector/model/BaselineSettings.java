package io.incidentdetector.model;

import io.incidentdetector.config.ModelConfig;

import java.io.Serializable;
import java.time.Duration;

/**
 * {@link ModelConfig} turned into per-window rates for one window length, so the model itself never sees a
 * duration: every rate below is what one window of that length is worth.
 *
 * @param levelRate      weight of one in-band window in the level
 * @param seasonalRate   weight of one window in its seasonal slot (a full visit of a slot corrects
 *                       {@code seasonal-learning} of its error)
 * @param decay          factor by which older residuals fade per window (half-life {@code memory})
 * @param priorWindows   weight of the starting spread, in windows (an hour's worth): it gives way to the pair's own
 *                       residuals within hours
 * @param newNormalWindows windows a change must hold to become the new normal
 * @param enteredPerRun  out-of-band windows of one run that the band learns from (3: spikes and short flips)
 * @param weekly         learn day-of-week offsets (read once two weeks have been seen)
 */
public record BaselineSettings(
        double coverage,
        double minRelativeBand,
        double outlierCutoff,
        double levelRate,
        double seasonalRate,
        int slots,
        long periodMillis,
        double decay,
        double priorWindows,
        int newNormalWindows,
        int enteredPerRun,
        boolean weekly,
        boolean phaseAlign) implements Serializable {

    static final int ENTERED_PER_RUN = 3;

    public static BaselineSettings of(ModelConfig m, Duration window) {
        double windowMillis = window.toMillis();
        long periodMillis = m.period().toMillis();
        double slotMillis = periodMillis / (double) m.seasonalSlots();
        double windowsPerSlotVisit = Math.max(1, slotMillis / windowMillis);
        double seasonalRate = 1 - Math.pow(1 - m.seasonalLearning(), 1 / windowsPerSlotVisit);
        double decay = Math.pow(0.5, windowMillis / m.memory().toMillis());
        double priorWindows = Math.max(10, Duration.ofHours(1).toMillis() / windowMillis);
        return new BaselineSettings(m.coverage(), m.minRelativeBand(), m.outlierCutoff(), m.levelTrackingAt(window),
                seasonalRate, m.seasonalSlots(), periodMillis, decay, priorWindows,
                m.newNormalWindowsAt(window), ENTERED_PER_RUN, m.weekly(), m.phaseAlign());
    }

    double lowerShare() {
        return (1 - coverage) / 2;
    }

    double upperShare() {
        return (1 + coverage) / 2;
    }
}
