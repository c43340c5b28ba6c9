package io.incidentdetector.evaluate;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's own history scored: their query_range exports (with training exports when they have them) replayed and
 * scored against their labels file, over the span of the replayed samples. A replay has latency only, so canary
 * labels are not scored.
 */
public final class OwnHistory {

    private static final Logger LOG = LoggerFactory.getLogger(OwnHistory.class);

    private final Path labels;
    private final Map<String, Path> queryRange;
    private final Map<String, Path> training;

    /**
     * @param labels     the labels file ({@link LabelsFile})
     * @param queryRange the exports to replay, by pair ({@code source:destination})
     * @param training   training exports, by pair
     */
    public OwnHistory(Path labels, Map<String, Path> queryRange, Map<String, Path> training) {
        this.labels = labels;
        this.queryRange = queryRange;
        this.training = training;
    }

    /** Replays the exports into {@code dir} and returns the one suite, "your history (file name)". */
    public Map<String, Scorecard> score(EvaluationRuns runs, Duration grace, Path dir) throws Exception {
        if (queryRange.isEmpty()) {
            throw new ConfigException("--labels", List.of("there is nothing to score. Fix: add the exports to replay,"
                    + " e.g. --query-range frontend:cartservice=frontend_cartservice.json"));
        }
        List<FaultLabel> faults = LabelsFile.read(labels);
        List<Incident> incidents = runs.replay(queryRange, training, dir.resolve("own")).incidents();
        Span span = sampleSpan();
        long canaryLabels = faults.stream().filter(f -> f.kind() == IncidentKind.ERROR_RATE).count();
        if (canaryLabels > 0) {
            LOG.warn("{} code: labels are not scored: a query_range replay has latency only", canaryLabels);
        }
        Scorecard card = new Scorecard(grace);
        card.add(IncidentKind.LATENCY, labels.getFileName().toString(), faults, incidents, span.from(), span.to());
        Map<String, Scorecard> suites = new LinkedHashMap<>();
        suites.put("your history (" + labels.getFileName() + ")", card);
        return suites;
    }

    private record Span(Instant from, Instant to) {}

    /** The first and last sample time over every replayed file. */
    private Span sampleSpan() throws IOException {
        Instant from = Instant.MAX;
        Instant to = Instant.MIN;
        for (Path file : queryRange.values()) {
            try (InputStream in = Files.newInputStream(file)) {
                for (QueryRangeSample sample : QueryRangeFiles.readSingleSeries(in, file.toString())) {
                    Instant t = Instant.ofEpochMilli(sample.timestamp());
                    from = t.isBefore(from) ? t : from;
                    to = t.isAfter(to) ? t : to;
                }
            }
        }
        if (from.isAfter(to)) {
            throw new ConfigException("--query-range", List.of("the replayed files hold no sample, so there is nothing"
                    + " to score. Fix: export a time range with data"));
        }
        return new Span(from, to);
    }
}
