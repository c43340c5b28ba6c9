package io.incidentdetector.config;

import io.incidentdetector.event.ServicePair;

import java.io.Serializable;

/**
 * @param threshold accumulator threshold of this pair; null uses {@code latency.accumulator.default-threshold}
 * @param training  query_range training file, relative to the configuration file; null learns online
 */
public record PairConfig(String source, String destination, Double threshold, String training) implements Serializable {

    public String key() {
        return ServicePair.key(source, destination);
    }

    public PairConfig withTraining(String file) {
        return new PairConfig(source, destination, threshold, file);
    }
}
