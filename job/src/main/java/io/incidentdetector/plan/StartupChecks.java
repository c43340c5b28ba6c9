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

    /**
     * After {@link #run}: marks this process as the live job of its transactional-id prefix until the result is
     * closed, or refuses the start if another live job holds the prefix ({@link TransactionalIdClaim}). Only an
     * exactly-once Kafka run writes transactions; for any other run the result holds nothing.
     *
     * @param instance {@link TransactionalIdClaim#instanceOf} the launcher's state folder, else
     *                 {@link TransactionalIdClaim#thisProcess}
     */
    public static AutoCloseable claim(RunPlan plan, String instance) {
        JobConfig config = plan.config();
        if (!(plan.inputs() instanceof InputPlan.Kafka) || !config.kafka().exactlyOnce()) {
            return () -> { };
        }
        return TransactionalIdClaim.claim(config.kafka(), KafkaClientProperties.of(config.kafka()), instance);
    }
}
