package io.incidentdetector.config;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.scenario.ScenarioCatalog;

import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @Test
    void theBundledLocalConfigLoadsWithItsTrainingFiles() {
        LoadedConfig loaded = ConfigLoader.load(ConfigLoader.DEFAULT_CONFIG, ScenarioCatalog.allNames());
        JobConfig config = loaded.config();
        assertThat(config.latency().window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.latency().groups()).extracting(GroupConfig::name).contains("checkout-path");
        assertThat(config.latency().pairs()).allSatisfy(p -> assertThat(loaded.location().exists(p.training())).isTrue());
    }

    @Test
    void theConsumerGroupAndTransactionalIdPrefixDeriveFromTheJobNameUnlessSet() {
        JobConfig named = ConfigLoader.parse("job: {name: checkout}\n", "inline");
        assertThat(named.kafka().groupId()).isEqualTo("checkout");
        assertThat(named.kafka().transactionalIdPrefix()).isEqualTo("checkout");
        assertThat(named.withJob(new JobSettings("payments", null, null)).kafka().transactionalIdPrefix())
                .as("a new name derives new ones").isEqualTo("payments");
        JobConfig set = ConfigLoader.parse("job: {name: checkout}\nkafka: {group-id: g, transactional-id-prefix: t}\n",
                "inline");
        assertThat(set.kafka().groupId()).isEqualTo("g");
        assertThat(set.kafka().transactionalIdPrefix()).isEqualTo("t");
        assertThat(JobConfig.defaults().kafka().transactionalIdPrefix()).isEqualTo("incident-detector");
    }

    @Test
    void defaultsFillEverythingLeftOut() {
        JobConfig config = ConfigLoader.parse("latency: {window: 5s}\n", "inline");
        assertThat(config.latency().window()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.latency().quantile()).isEqualTo(0.5);
        assertThat(config.latency().model().coverage()).isEqualTo(0.99);
        assertThat(config.latency().accumulator().decay()).isEqualTo(2.0);
        assertThat(config.scenario().name()).isEqualTo("demo");
    }

    @Test
    void theOtlpMappingIsReadAndChecked(@TempDir Path dir) throws IOException {
        JobConfig config = ConfigLoader.parse("kafka: {topics: {otlp-spans: otlp_spans}}\n"
                + "otlp: {encoding: json, server-spans: as-callee, callee-attributes: [server.address]}\n", "inline");
        assertThat(config.kafka().topics().otlpSpans()).containsExactly("otlp_spans");
        assertThat(config.otlp().encoding()).isEqualTo(OtlpConfig.Encoding.JSON);
        assertThat(config.otlp().serverSpans()).isEqualTo(OtlpConfig.ServerSpans.AS_CALLEE);
        assertThat(config.otlp().calleeAttributes()).containsExactly("server.address");
        assertThat(config.otlp().callerAttribute()).isEqualTo("service.name");
        assertThatThrownBy(() -> ConfigLoader.parse("otlp: {encoding: protobuf}\n", "inline"))
                .hasMessageContaining("otlp.encoding").hasMessageContaining("Fix: use auto, proto or json");
        Path file = dir.resolve("otlp.yaml");
        Files.writeString(file, "otlp: {callee-attributes: [], unknown-caller: 'a->b'}\n");
        assertThatThrownBy(() -> load(file))
                .hasMessageContaining("otlp.callee-attributes is empty")
                .hasMessageContaining("Fix: use [service.peer.name, peer.service, server.address, net.peer.name]")
                .hasMessageContaining("otlp.unknown-caller is not a service name");
    }

    @Test
    void theSplitByOperationIsOffByDefaultNamedByItsAttributeAndItsCapChecked(@TempDir Path dir) throws IOException {
        assertThat(OtlpConfig.defaults().splitBy()).isEqualTo(OtlpConfig.SplitBy.NONE);
        assertThat(OtlpConfig.defaults().splitsPairs()).isFalse();
        assertThat(OtlpConfig.defaults().maxOperationsPerPair()).isEqualTo(20);
        OtlpConfig set = ConfigLoader.parse("otlp: {split-by: http.route, max-operations-per-pair: 5}\n", "inline")
                .otlp();
        assertThat(set.splitBy()).isEqualTo(OtlpConfig.SplitBy.HTTP_ROUTE);
        assertThat(set.splitsPairs()).isTrue();
        assertThat(set.maxOperationsPerPair()).isEqualTo(5);
        assertThatThrownBy(() -> ConfigLoader.parse("otlp: {split-by: rpc-method}\n", "inline"))
                .hasMessageContaining("otlp.split-by").hasMessageContaining("Fix: use none, rpc.method or http.route");
        Path file = dir.resolve("split.yaml");
        Files.writeString(file, "otlp: {split-by: rpc.method, max-operations-per-pair: 0}\n");
        assertThatThrownBy(() -> load(file))
                .hasMessageContaining("otlp.max-operations-per-pair must be at least 1 (got 0). Fix: use e.g. 20");
    }

    @Test
    void theEventTimeLimitsHaveDefaultsAndAreChecked(@TempDir Path dir) throws IOException {
        EventTimeConfig defaults = JobConfig.defaults().eventTime();
        assertThat(defaults).isEqualTo(new EventTimeConfig(Duration.ofMinutes(5), Duration.ofHours(1),
                Duration.ofDays(1), 100));
        JobConfig config = ConfigLoader.parse("event-time: {max-ahead: 1min, confirm-jump-after: 10}\n", "inline");
        assertThat(config.eventTime().maxAhead()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.eventTime().maxJump()).isEqualTo(Duration.ofHours(1));
        assertThat(config.eventTime().confirmJumpAfter()).isEqualTo(10);
        Path file = dir.resolve("times.yaml");
        Files.writeString(file, "event-time: {max-ahead: 0s, max-jump: 0s, max-behind: 0s, confirm-jump-after: 0}\n");
        assertThatThrownBy(() -> load(file))
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(3))
                .hasMessageContaining("event-time.max-jump must be a positive duration (got PT0S). Fix: use e.g. 1h")
                .hasMessageContaining("event-time.max-behind must be a positive duration (got PT0S). Fix: use e.g. 1d")
                .hasMessageContaining("event-time.confirm-jump-after must be at least 1 (got 0). Fix: use e.g. 100");
    }

    @Test
    void theCapsHaveSaneDefaultsAndAreCheckedWithTheirKeys(@TempDir Path dir) throws IOException {
        JobConfig defaults = JobConfig.defaults();
        assertThat(defaults.canary().maxCodes()).isEqualTo(1_000);
        assertThat(defaults.control()).isEqualTo(new ControlConfig(1_000, 1_000, Duration.ofDays(30)));
        assertThat(defaults.otlp().maxSpansPerMessage()).isEqualTo(50_000);
        assertThat(defaults.otlp().maxMessageBytes().getBytes()).isEqualTo(4L << 20);
        assertThat(defaults.prometheus().maxResponseBytes().getBytes()).isEqualTo(64L << 20);
        assertThat(defaults.latency().model().maxTrainingPoints()).isEqualTo(100_000);

        JobConfig set = ConfigLoader.parse("control: {max-waiting: 5, max-silences: 7, max-silence: 2d}\n"
                + "otlp: {max-message-bytes: 512kb, max-spans-per-message: 9}\n"
                + "prometheus: {max-response-bytes: 8mb}\ncanary: {max-codes: 30}\n"
                + "latency: {model: {max-training-points: 2000}}\n", "inline");
        assertThat(set.control()).isEqualTo(new ControlConfig(5, 7, Duration.ofDays(2)));
        assertThat(set.otlp().maxMessageBytes().getBytes()).isEqualTo(512L << 10);
        assertThat(set.prometheus().maxResponseBytes().getBytes()).isEqualTo(8L << 20);
        assertThat(set.canary().maxCodes()).isEqualTo(30);
        assertThat(set.latency().model().maxTrainingPoints()).isEqualTo(2_000);
        assertThatThrownBy(() -> ConfigLoader.parse("otlp: {max-message-bytes: lots}\n", "inline"))
                .hasMessageContaining("bad value for 'otlp.max-message-bytes'")
                .hasMessageContaining("is not a size. Fix: write it like 64kb, 1mb or 512b");

        Path file = dir.resolve("caps.yaml");
        Files.writeString(file, "control: {max-waiting: 0, max-silences: 0, max-silence: 0s}\n"
                + "otlp: {max-message-bytes: 10 bytes, max-spans-per-message: 0}\n"
                + "prometheus: {max-response-bytes: 100 bytes}\ncanary: {max-codes: 0}\n"
                + "latency: {model: {max-training-points: 2}}\n");
        assertThatThrownBy(() -> load(file))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(8))
                .hasMessageContaining("control.max-waiting must be at least 1 (got 0). Fix: use e.g. 1000")
                .hasMessageContaining("control.max-silences must be at least 1")
                .hasMessageContaining("control.max-silence must be a positive duration")
                .hasMessageContaining("otlp.max-message-bytes must be at least 1kb (got 10 bytes)")
                .hasMessageContaining("otlp.max-spans-per-message must be at least 1")
                .hasMessageContaining("prometheus.max-response-bytes must be at least 1kb")
                .hasMessageContaining("canary.max-codes must be at least 1")
                .hasMessageContaining("latency.model.max-training-points must be at least 3");
    }

    @Test
    void anUnknownKeyIsNamedWithItsPathAndTheKnownKeys() {
        assertThatThrownBy(() -> ConfigLoader.parse("latency:\n  model:\n    coverag: 0.9\n", "inline"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'latency.model.coverag'")
                .hasMessageContaining("coverage");
    }

    @Test
    void aValueOfTheWrongTypeIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.parse("latency:\n  window: soon\n", "inline"))
                .hasMessageContaining("bad value for 'latency.window'")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> ConfigLoader.parse("latency:\n  quantile: median\n", "inline"))
                .hasMessageContaining("bad value for 'latency.quantile'");
    }

    @Test
    void everyInvalidValueIsReportedWithItsKeyAndAFix(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                latency:
                  quantile: 1.5
                  accumulator: {decay: 0, max: 20, default-threshold: 6}
                  pairs:
                    - {source: frontend, destination: cartservice, threshold: 30, training: missing.json}
                  groups:
                    - name: g
                      pairs: [frontend->cartservice, nonsense]
                      threshold: 10
                      resolve-below: 12
                      sev1-min-pairs: 3
                scenario: {name: nope}
                """);
        RunOptions options = new RunOptions();
        options.config = file.toString();
        // the run plan validates once, the whole configuration and the scenario name together
        assertThatThrownBy(() -> RunPlans.from(options.toRequest()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(8))
                .hasMessageContaining("latency.quantile must be between 0 and 1")
                .hasMessageContaining("latency.accumulator.decay must be > 0")
                .hasMessageContaining("latency.pairs[0].threshold (30.0) must be below latency.accumulator.max")
                .hasMessageContaining("latency.pairs[0].training: file 'missing.json' not found")
                .hasMessageContaining("latency.groups[0].pairs[1]: 'nonsense' is not a service pair")
                .hasMessageContaining("latency.groups[0].resolve-below (12.0) must be above 0")
                .hasMessageContaining("latency.groups[0].sev1-min-pairs (3) exceeds the group's 2 pairs")
                .hasMessageContaining("scenario.name 'nope' is unknown")
                .hasMessageContaining("Fix:");
    }

    @Test
    void settingsThatWouldSilentlyBreakTheJobAreRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("traps.yaml");
        Files.writeString(file, """
                latency:
                  window: 500ms
                  model: {min-relative-band: 0}
                  accumulator: {max: 5, default-threshold: 4}
                  groups:
                    - {name: never-resolves, pairs: [a->b], threshold: 3, resolve-below: 0}
                    - {name: never-hot, pairs: [a->b, c->d], threshold: 10}
                    - {name: "dst:clash", pairs: [e->f], threshold: 3, resolve-below: 1, sev1-min-pairs: 1}
                  grouping: {rules: [destination, destination], threshold: 5, sev1-fraction: 1.5}
                  max-pairs: 0
                  pair-ttl: 800ms
                """);
        assertThatThrownBy(() -> load(file))
                .hasMessageContaining("latency.window must be at least 1s")
                .hasMessageContaining("latency.model.min-relative-band must be above 0")
                .hasMessageContaining("latency.groups[0].resolve-below (0.0) must be above 0")
                .hasMessageContaining("latency.groups[1].threshold (10.0) is not below what 2 pairs can reach")
                .hasMessageContaining("so it could never be hot. Fix: use 7.0")
                .hasMessageContaining("latency.groups[2].name 'dst:clash' contains ':'")
                .hasMessageContaining("Fix: use e.g. dst-clash")
                .hasMessageContaining("latency.grouping.rules repeats a rule")
                .hasMessageContaining("latency.grouping.threshold (5.0) is not below what one pair can reach")
                .hasMessageContaining("latency.grouping.sev1-fraction must be above 0 and at most 1")
                .hasMessageContaining("latency.max-pairs must be at least 1")
                .hasMessageContaining("latency.pair-ttl (800 ms) must be at least 2 windows (1 s at the window of 500 ms)");
    }

    @Test
    void aConfigurationLoadedWithoutARunPlanHasItsScenarioNameCheckedToo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, "scenario: {name: nope}\n");
        assertThatThrownBy(() -> load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scenario.name 'nope' is unknown. Fix: use one of " + ScenarioCatalog.allNames());
    }

    @Test
    void theShippedTimingWorksAtMinuteStepsAndAGroupOfOnePairIsValid(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("one.yaml");
        Files.writeString(file, """
                latency:
                  window: 1min
                  incidents: {open-after: 20s, resolve-after: 30s}
                  groups:
                    - {name: solo, pairs: [a->b], sev1-min-pairs: 1}
                """);
        LatencyConfig latency = load(file).config().latency();
        assertThat(latency.groups().get(0).pairs()).containsExactly("a->b");
        assertThat(latency.incidents().openAfterWindows(latency.window())).isEqualTo(1);
        assertThat(latency.incidents().resolveAfterWindows(latency.window())).isEqualTo(1);
        assertThat(latency.accumulator().unitsPer(latency.window())).isEqualTo(6.0);

        Files.writeString(file, """
                latency:
                  incidents: {open-after-windows: 2}
                """);
        assertThatThrownBy(() -> load(file))
                .hasMessageContaining("unknown key 'latency.incidents.open-after-windows'")
                .hasMessageContaining("open-after");
        Files.writeString(file, """
                latency:
                  incidents: {open-after: 0s}
                """);
        assertThatThrownBy(() -> load(file))
                .hasMessageContaining("latency.incidents.open-after must be a positive duration")
                .hasMessageContaining("Fix: use e.g. 20s");
    }

    @Test
    void canarySettingsAreCheckedToo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("canary.yaml");
        Files.writeString(file, """
                canary:
                  bins: 0
                  threshold: 0.9
                  threshold-bins: [5, 0]
                  baseline-build: "5.1"
                  confidence: 1.5
                  incidents: {open-after-bins: 0, sev1-effect: 0.5}
                """);
        assertThatThrownBy(() -> load(file))
                .hasMessageContaining("canary.bins must be at least 1 second")
                .hasMessageContaining("canary.threshold-bins must list window lengths from 1 to 1000 bins")
                .hasMessageContaining("canary.baseline-build and canary.canary-build go together")
                .hasMessageContaining("canary.confidence must be between 0 and 1")
                .hasMessageContaining("canary.incidents.open-after-bins must be at least 1")
                .hasMessageContaining("canary.incidents.sev1-effect (0.5) must be above canary.threshold");
        Files.writeString(file, "canary: {threshold: 0.9}\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("must be above 1 in rate mode");
    }

    @Test
    void aValueOutsideItsSetNamesTheKeyAndEveryValidValue(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("choices.yaml");
        String[][] cases = {
            {"canary: {mode: fast}", "bad value for 'canary.mode': unknown value 'fast'. Fix: use rate or seed-compatible"},
            {"canary: {traffic: visits}", "bad value for 'canary.traffic': unknown value 'visits'. Fix: use events or users"},
            {"kafka: {starting-offsets: beginning}", "bad value for 'kafka.starting-offsets': unknown value"
                    + " 'beginning'. Fix: use committed, earliest or latest"},
            {"kafka: {delivery-guarantee: twice}", "bad value for 'kafka.delivery-guarantee': unknown value"
                    + " 'twice'. Fix: use exactly-once or at-least-once"},
            {"latency: {accumulator: {direction: down}}", "bad value for 'latency.accumulator.direction': unknown"
                    + " value 'down'. Fix: use up or both"}};
        for (String[] c : cases) {
            Files.writeString(file, c[0] + "\n");
            assertThatThrownBy(() -> load(file)).hasMessageContaining(c[1]);
        }
        Files.writeString(file, "canary: {mode: seed-compatible, traffic: users}\nkafka: {starting-offsets: latest}\n"
                + "latency: {accumulator: {direction: both}}\n");
        JobConfig config = load(file).config();
        assertThat(config.latency().accumulator().direction()).isEqualTo(AccumulatorConfig.Direction.BOTH);
        assertThat(AccumulatorConfig.defaults().direction()).hasToString("up");
        assertThat(config.canary().mode()).isEqualTo(CanaryMode.SEED_COMPATIBLE);
        assertThat(config.canary().traffic()).isEqualTo(CanaryTraffic.USERS);
        assertThat(config.kafka().startingOffsets()).isEqualTo(StartingOffsets.LATEST);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(CanaryMode.SEED_COMPATIBLE))
                .isEqualTo("\"seed-compatible\"");
        assertThat(DeliveryGuarantee.AT_LEAST_ONCE).hasToString("at-least-once");
    }

    @Test
    void theDeadLetterPayloadIsASizeInFlinksNotation(@TempDir Path dir) throws IOException {
        assertThat(ConfigLoader.parse("job: {name: x}\n", "inline").deadLetters().maxPayload())
                .isEqualTo(MemorySize.parse("64kb"));
        assertThat(ConfigLoader.parse("dead-letters: {max-payload: 1mb}\n", "inline").deadLetters().maxPayload()
                .getBytes()).isEqualTo(1_048_576L);
        assertThat(ConfigLoader.parse("dead-letters: {max-payload: 512}\n", "inline").deadLetters().maxPayload()
                .getBytes()).isEqualTo(512L);
        Path file = dir.resolve("dead.yaml");
        Files.writeString(file, "dead-letters: {max-payload: 64 potatoes}\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("bad value for 'dead-letters.max-payload':"
                + " '64 potatoes' is not a size. Fix: write it like 64kb, 1mb or 512b");
        Files.writeString(file, "dead-letters: {max-payload: 1gb}\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("dead-letters.max-payload (1 gb) is above 16 mb;"
                + " a dead letter should stay small. Fix: use e.g. 64kb");
        Files.writeString(file, "dead-letters: {max-payload: 64kb}\n");
        assertThat(load(file).config().deadLetters().maxPayload().getBytes()).isEqualTo(65_536L);
    }

    @Test
    void theProducersMaxRequestSizeIsAWholeNumberOfBytes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kafka.yaml");
        Files.writeString(file, "kafka: {properties: {max.request.size: 1mb}}\n");
        assertThatThrownBy(() -> load(file)).hasMessageContaining("kafka.properties.max.request.size must be a whole"
                + " number of bytes above 0 (got '1mb'). Fix: use e.g. 1048576");
        Files.writeString(file, "kafka: {properties: {max.request.size: 500000}}\n");
        assertThat(load(file).config().kafka().maxRequestSize()).isEqualTo(500_000);
        assertThat(KafkaConfig.defaults().maxRequestSize()).isEqualTo(1_048_576);
    }

    @Test
    void kafkaSettingsAreCheckedWithTheirKeys(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kafka.yaml");
        Files.writeString(file, """
                kafka:
                  enabled: true
                  topics:
                    service-calls: calls
                    client-errors: [calls]
                    incidents: calls
                    alerts: out
                    dead-letters: out
                  properties:
                    group.id: mine
                    security.protocol: SASL_SSL
                  secrets:
                    sasl.jaas.config: "PlainLoginModule required password=hunter2;"
                """);
        assertThatThrownBy(() -> load(file))
                .hasMessageContaining("kafka.topics.incidents 'calls' is also an input topic")
                .hasMessageContaining("kafka.topics.dead-letters 'out' is used for two outputs")
                .hasMessageContaining("kafka.properties.group.id is set by the job. Fix: remove it and use kafka.group-id")
                .hasMessageContaining("kafka.secrets.sasl.jaas.config must be env:VARIABLE or file:/path")
                .message().doesNotContain("hunter2");
    }

    @Test
    void exactlyOnceKafkaOutputNeedsCheckpointsShorterThanTheTransactionTimeout(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kafka.yaml");
        Files.writeString(file, "job: {checkpoint-interval: 20min}\nkafka: {enabled: true}\n");
        assertThatThrownBy(() -> load(file))
                .hasMessageContaining("kafka.transaction-timeout (PT10M) must be longer than job.checkpoint-interval");
        Files.writeString(file, "kafka: {enabled: true, delivery-guarantee: at-least-once}\n");
        assertThat(load(file).config().kafka().exactlyOnce()).isFalse();
        Files.writeString(file, "kafka: {topics: {service-calls: a, client-errors: [a, b]}}\n");
        KafkaConfig.KafkaTopicsConfig topics = load(file).config().kafka().topics();
        assertThat(topics.serviceCalls()).containsExactly("a");
        assertThat(topics.clientErrors()).containsExactly("a", "b");
        assertThat(topics.verdicts()).isNull();
    }

    @Test
    void groupPairsThatNoPairEntryDefinesAreWarnedAbout() {
        JobConfig config = ConfigLoader.parse("""
                latency:
                  pairs: [{source: a, destination: b}]
                  groups: [{name: g, pairs: [a->b, a->bb]}]
                """, "inline");
        assertThat(config.warnings()).singleElement().asString()
                .contains("group 'g' names a->bb, which latency.pairs does not list");
    }

    @Test
    void aMissingConfigFileSaysSo() {
        assertThatThrownBy(() -> ConfigLoader.load("/no/such/config.yaml", ScenarioCatalog.allNames()))
                .hasMessageContaining("no such file, and no bundled configuration of that name");
    }

    private static LoadedConfig load(Path file) {
        return ConfigLoader.load(file.toString(), ScenarioCatalog.allNames());
    }

    @Test
    void prometheusCredentialsAreNeverWrittenInTheConfiguration() {
        JobConfig config = ConfigLoader.parse("""
                prometheus:
                  url: "https://detector:s3cret@mimir.example/prometheus"
                  http: {username: detector, password: s3cret, headers: {X-Scope-OrgID: tenant-1}}
                """, "inline");
        List<String> problems = config.problems(ConfigLocation.bundled("inline"), ScenarioCatalog.allNames());
        assertThat(problems).contains("prometheus.url 'https://***@mimir.example/prometheus' carries credentials,"
                        + " which would be written in the configuration. Fix: remove them from the URL and set"
                        + " prometheus.http.username with prometheus.http.password-file (or password: ${ENV})",
                "prometheus.http.password is written in the configuration; secrets are not. Fix: password:"
                        + " ${PASSWORD} with that environment variable set, or prometheus.http.password-file:"
                        + " /run/secrets/password");
        assertThat(String.join("\n", problems)).doesNotContain("s3cret");
        assertThat(config.prometheus().http().headers()).containsEntry("X-Scope-OrgID", "tenant-1");
    }
}
