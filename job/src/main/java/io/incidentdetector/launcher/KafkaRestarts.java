package io.incidentdetector.launcher;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

import java.time.Duration;

/**
 * How a Kafka run of the launcher survives a broker outage shorter than the producers' transaction timeout
 * ({@code kafka.transaction-timeout}, 10 min by default), as docs/reliability.md#outages-kafka-brokers-prometheus-alertmanager explains:
 * <ul>
 * <li>Restarts with exponential delay, 1 s doubling to at most 1 min, 10% jitter; {@link #attempts} of them, enough
 *     that the delays alone add up to one and a half transaction timeouts (20 for 10 min: 1+2+...+32 s, then 14 times
 *     1 min, 15 min in all). A job that then ran a transaction timeout without failing starts counting afresh.</li>
 * <li>A checkpoint times out after a fifth of the transaction timeout, and {@value #TOLERABLE_CHECKPOINT_FAILURES}
 *     failed checkpoints in a row are tolerated before the job restarts. The records written since the last complete
 *     checkpoint wait in open transactions for the next complete one: at most (3 + 1) x 2 min = 8 min for 10 min,
 *     so the brokers never abort a transaction the job still means to commit.</li>
 * </ul>
 */
final class KafkaRestarts {

    static final int TOLERABLE_CHECKPOINT_FAILURES = 3;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);

    private KafkaRestarts() {}

    static void configure(Configuration conf, Duration transactionTimeout) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, FIRST_DELAY);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, MAX_DELAY);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                transactionTimeout);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, attempts(transactionTimeout));
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, transactionTimeout.dividedBy(5));
        conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, TOLERABLE_CHECKPOINT_FAILURES);
    }

    /** The fewest restarts whose delays (without jitter) add up to one and a half transaction timeouts. */
    static int attempts(Duration transactionTimeout) {
        long target = transactionTimeout.toMillis() * 3 / 2;
        long total = 0;
        int attempts = 0;
        for (long delay = FIRST_DELAY.toMillis(); total < target; delay = Math.min(delay * 2, MAX_DELAY.toMillis())) {
            total += delay;
            attempts++;
        }
        return attempts;
    }
}
