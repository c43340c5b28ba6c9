package io.incidentdetector.source.prometheus;

import io.incidentdetector.event.ServiceNames;
import io.incidentdetector.event.ServicePair;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A series' pair, from its caller and callee labels. A series without them, or whose names are not service names,
 * is skipped; each such label set is logged once (up to a bound), so a query that aggregates away a label is
 * seen at once in the log.
 */
final class PairLabels {

    private static final Logger LOG = LoggerFactory.getLogger(PairLabels.class);
    private static final int LOGGED = 100;

    private final String callerLabel;
    private final String calleeLabel;
    private final Set<Map<String, String>> reported = new HashSet<>();

    PairLabels(String callerLabel, String calleeLabel) {
        this.callerLabel = callerLabel;
        this.calleeLabel = calleeLabel;
    }

    /** The pair key, or null when the series names no pair. */
    String pairOf(Map<String, String> labels) {
        String caller = labels.get(callerLabel);
        String callee = labels.get(calleeLabel);
        String problem = caller == null ? "has no label '" + callerLabel + "'"
                : callee == null ? "has no label '" + calleeLabel + "'"
                : ServiceNames.problem(caller) != null ? "label " + callerLabel + ": " + ServiceNames.problem(caller)
                : ServiceNames.problem(callee) != null ? "label " + calleeLabel + ": " + ServiceNames.problem(callee)
                : null;
        if (problem == null) {
            return ServicePair.key(caller, callee);
        }
        if (reported.size() < LOGGED && reported.add(labels)) {
            LOG.warn("Prometheus series {} is skipped: it {}. Fix: make prometheus.query keep the labels named by"
                    + " prometheus.caller-label and prometheus.callee-label (sum by (le, {}, {}) ...)", labels, problem,
                    callerLabel, calleeLabel);
        }
        return null;
    }

    /** Logged once per pair: a query whose series are finer than pairs (an extra label) gives one pair twice. */
    void duplicate(String pair, Map<String, String> labels) {
        if (reported.size() < LOGGED && reported.add(labels)) {
            LOG.warn("Prometheus series {} is a second series of {}; only the first is used. Fix: aggregate"
                    + " prometheus.query by {} and {} only", labels, pair, callerLabel, calleeLabel);
        }
    }
}
