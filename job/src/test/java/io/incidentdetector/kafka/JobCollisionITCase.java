package io.incidentdetector.kafka;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.KafkaClientProperties;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.plan.TransactionalIdClaim;
import io.incidentdetector.testing.LauncherProcess;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two live jobs never share a transactional-id prefix unnoticed, on a real broker: the prefix derives from
 * {@code job.name}, a second live job of the same name is refused with the fix, a job of another name runs, and the
 * same job started again after {@code kill -9} (its killed predecessor still a member for a few seconds) is not refused.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class JobCollisionITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext();

    @BeforeAll
    static void topics() throws Exception {
        KafkaJobRuns.createTopics(BROKER, KafkaConfig.KafkaTopicsConfig.defaults(), 1);
    }

    @Test
    void aSecondLiveJobOfTheSameNameIsRefusedAndOneOfAnotherNameIsNot() throws Exception {
        KafkaConfig same = kafka("checkout");
        assertThat(same.transactionalIdPrefix()).isEqualTo("checkout");
        assertThat(same.groupId()).isEqualTo("checkout");
        try (TransactionalIdClaim first = claim(same, "state-aaaa")) {
            assertThatThrownBy(() -> claim(same, "state-bbbb")).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("another live job uses kafka.transactional-id-prefix 'checkout' (checkout.live-")
                    .hasMessageContaining("Fix: give this job a job.name of its own");
            claim(kafka("payments"), "state-bbbb").close();
            // its own predecessor, as after a kill: the same state folder, which one launcher alone can hold
            claim(same, "state-aaaa").close();
        }
        // stopped cleanly, the first job leaves at once
        claim(same, "state-bbbb").close();
    }

    /** As a user runs it: two launchers of the default job on two state folders, then a kill -9 and a restart. */
    @Test
    void theLauncherRefusesASecondJobAndNotItsOwnRestartAfterAKill(@TempDir Path dir) throws Exception {
        String[] command = {"--kafka", "--bootstrap-servers", BROKER.bootstrapServers(), "--quiet"};
        Map<String, String> home = Map.of("XDG_STATE_HOME", dir.resolve("a").toString());
        try (LauncherProcess first = LauncherProcess.start(dir.resolve("first.log"), home, command)) {
            first.awaitConsole("state: started fresh", Duration.ofSeconds(60));
            try (LauncherProcess second = LauncherProcess.start(dir.resolve("second.log"),
                    Map.of("XDG_STATE_HOME", dir.resolve("b").toString()), command)) {
                assertThat(second.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
                assertThat(second.console()).contains("error: invalid configuration kafka.transactional-id-prefix")
                        .contains("another live job uses kafka.transactional-id-prefix 'incident-detector'")
                        .contains("Fix: give this job a job.name of its own").doesNotContain("state: ");
            }
            first.kill();
        }
        try (LauncherProcess again = LauncherProcess.start(dir.resolve("again.log"), home, command)) {
            Duration started = again.awaitConsole("state: ", Duration.ofSeconds(60));
            System.out.printf("collision test: restart after kill -9 started its job %.1f s after launch%n",
                    started.toMillis() / 1000.0);
            assertThat(again.console()).doesNotContain("another live job");
            again.stop();
        }
    }

    private static KafkaConfig kafka(String jobName) {
        return JobConfig.defaults().withJob(new JobSettings(jobName, null, null))
                .withKafka(KafkaConfig.defaults().with(true, BROKER.bootstrapServers())).kafka();
    }

    private static TransactionalIdClaim claim(KafkaConfig kafka, String instance) {
        return TransactionalIdClaim.claim(kafka, KafkaClientProperties.of(kafka), instance);
    }
}
