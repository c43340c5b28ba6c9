package io.incidentdetector.connectors.prometheus;

/** One point of a Prometheus range-query result: epoch milliseconds and a finite value. */
public record QueryRangeSample(long timestamp, double value) {}
