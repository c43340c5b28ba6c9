package io.incidentdetector.launcher.progress;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a running job has done so far, from its metrics.
 *
 * @param running        a job's sources are registered (false before a job starts, between runs and after one ends)
 * @param events         records its sources have read: events, replayed samples, client errors, training points
 * @param eventTime      the furthest watermark a source has emitted, if any has yet
 * @param windowsJudged  latency windows judged, if the latency pipeline runs
 * @param openIncidents  incidents opened and not yet resolved, if the job raises incidents
 */
record Figures(boolean running, long events, Optional<Instant> eventTime, OptionalLong windowsJudged,
        OptionalLong openIncidents) {

    static final Figures NONE = new Figures(false, 0, Optional.empty(), OptionalLong.empty(), OptionalLong.empty());
}
