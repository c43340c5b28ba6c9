package io.incidentdetector.plan;

import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaClientProperties;
import io.incidentdetector.control.ControlKeys;

/**
 * Asks the servers a run reads, before its job is defined, whether it can run: the Kafka brokers
 * ({@link KafkaStartupCheck}) and the Prometheus server ({@link PrometheusStartupCheck}), and whether the secrets of
 * the keys that sign control commands can be read ({@link ControlKeys}). A run that reads neither asks nothing. Each
 * failure is a configuration error naming the key and the fix.
 */
public final class StartupChecks {

    private StartupChecks() {}

    public static void run(RunPlan plan) {
        JobConfig config = plan.config();
        InputPlan in = plan.inputs();
        if (in instanceof InputPlan.Kafka) {
            KafkaStartupCheck.run(config.kafka(), KafkaClientProperties.of(config.kafka()), in.latency(), in.canary(),
                    config.deadLetters());
            if (config.kafka().topics().control() != null) {
                // the secrets are read again where the job runs; here a missing one fails before the job starts
                ControlKeys.load(config.control().auth().keys());
            }
        }
        if (in.prometheus().isPresent()) {
            PrometheusStartupCheck.run(config.prometheus());
        }
    }
}
