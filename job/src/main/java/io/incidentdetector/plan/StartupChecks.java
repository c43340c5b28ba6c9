package io.incidentdetector.plan;

import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaClientProperties;

/**
 * Asks the servers a run reads, before its job is defined, whether it can run: the Kafka brokers
 * ({@link KafkaStartupCheck}) and the Prometheus server ({@link PrometheusStartupCheck}). A run that reads neither
 * asks nothing. Each failure is a configuration error naming the key and the fix.
 */
public final class StartupChecks {

    private StartupChecks() {}

    public static void run(RunPlan plan) {
        JobConfig config = plan.config();
        InputPlan in = plan.inputs();
        if (in instanceof InputPlan.Kafka) {
            KafkaStartupCheck.run(config.kafka(), KafkaClientProperties.of(config.kafka()), in.latency(), in.canary(),
                    config.deadLetters());
        }
        if (in.prometheus().isPresent()) {
            PrometheusStartupCheck.run(config.prometheus());
        }
    }
}
