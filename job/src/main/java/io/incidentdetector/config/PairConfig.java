package io.incidentdetector.config;

import io.incidentdetector.event.ServicePair;

import java.io.Serializable;

/**
 * Overrides for one pair; every pair in the input is judged without one.
 *
 * @param threshold accumulator threshold of this pair; null uses {@code latency.accumulator.default-threshold}
 * @param training  query_range training file, relative to the configuration file; null learns online
 * @param excluded  true: the pair is neither judged nor grouped (a health check, a batch job)
 */
public record PairConfig(String source, String destination, Double threshold, String training, Boolean excluded)
        implements Serializable {

    public PairConfig {
        excluded = excluded != null && excluded;
    }

    public PairConfig(String source, String destination, Double threshold, String training) {
        this(source, destination, threshold, training, null);
    }

    public String key() {
        return ServicePair.key(source, destination);
    }

    public PairConfig withTraining(String file) {
        return new PairConfig(source, destination, threshold, file, excluded);
    }

    /** Whether both services are named; only then has the pair a key. */
    boolean named() {
        return !Problems.blank(source) && !Problems.blank(destination);
    }

    /** The pair's problems; {@code key} is its place in the list, e.g. {@code latency.pairs[0]}. */
    void check(Problems p, String key, AccumulatorConfig accumulator, ConfigLocation location) {
        if (!named()) {
            p.add(key + " needs both 'source' and 'destination'. Fix: e.g. {source: frontend, destination: cartservice}");
            return;
        }
        if (threshold != null) {
            accumulator.checkThreshold(p, key + ".threshold", threshold);
        }
        if (training != null && !location.exists(training)) {
            p.add(key + ".training: file '" + training + "' not found (relative to " + location.describe()
                    + "). Fix: export one with `export-training` or remove the key to learn online");
        }
    }
}
