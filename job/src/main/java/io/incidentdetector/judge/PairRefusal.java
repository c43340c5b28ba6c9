package io.incidentdetector.judge;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.window.WindowStats;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The judge's dead letters ({@link BaselineJudge#REFUSED}): a window of a pair refused by the cap, and a training
 * file that could not be used.
 */
final class PairRefusal {

    private PairRefusal() {}

    /**
     * A window of a new pair for which this instance's share ({@code budget}) of {@code latency.max-pairs} has no
     * room: the window as JSON, and the reason with its fixes.
     */
    static DeadLetter beyondCap(WindowStats stats, long maxPairs, long tracked, long budget)
            throws JsonProcessingException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pair", stats.pair());
        fields.put("windowEnd", stats.end().toString());
        fields.put("count", stats.count());
        fields.put("y", Double.isFinite(stats.y()) ? stats.y() : null);
        String window = JsonCodec.mapper().writeValueAsString(fields);
        return new DeadLetter("latency.max-pairs", 0, window, "latency.max-pairs (" + maxPairs + ") reached: "
                + tracked + " pairs are tracked by this instance (its share is " + budget + "), so the new pair "
                + stats.pair() + " is not judged. Fix: raise latency.max-pairs, exclude pairs under latency.pairs,"
                + " or shorten latency.pair-ttl", Instant.ofEpochMilli(stats.end().toEpochMilli()));
    }

    /** A training file that gave no model: its origin, the pair, and the problem. */
    static DeadLetter unusableTraining(TrainedBaseline trained) {
        return new DeadLetter(trained.origin(), 0, trained.pair(), trained.problem(), null);
    }
}
