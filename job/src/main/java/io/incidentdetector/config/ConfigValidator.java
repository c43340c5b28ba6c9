package io.incidentdetector.config;

import io.incidentdetector.event.ServicePair;

import org.apache.flink.util.TimeUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a whole configuration and lists every problem, each naming its key and the fix. */
public final class ConfigValidator {

    private ConfigValidator() {}

    /** Every problem of the configuration, section by section; empty if it is valid. */
    public static List<String> problems(JobConfig config, ConfigLocation location) {
        List<String> p = new ArrayList<>();
        job(p, config.job());
        latency(p, config.latency(), location);
        canary(p, config.canary());
        scenario(p, config.scenario());
        if (blank(config.output().dir())) {
            p.add("output.dir is empty. Fix: name a folder such as out");
        }
        kafka(p, config.kafka(), config.job(), config.prometheus().enabled());
        otlp(p, config.otlp());
        prometheus(p, config.prometheus());
        alertmanager(p, config.alertmanager());
        return p;
    }

    private static void job(List<String> p, JobSettings job) {
        if (job.parallelism() != null && job.parallelism() < 1) {
            p.add("job.parallelism must be at least 1 (got " + job.parallelism() + "). Fix: set 1 or more, or remove it");
        }
        if (job.checkpointInterval() != null && job.checkpointInterval().toMillis() < 10) {
            p.add("job.checkpoint-interval must be at least 10ms (got " + job.checkpointInterval()
                    + "). Fix: use e.g. 30s, or remove it to turn checkpointing off");
        }
    }

    private static void latency(List<String> p, LatencyConfig lat, ConfigLocation location) {
        if (lat.window().compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("latency.window must be at least 1s (got " + lat.window()
                    + "); windows and incident ids count in seconds. Fix: use e.g. 10s");
        }
        open01(p, "latency.quantile", lat.quantile(), "0.5 for the median");
        if (lat.outOfOrderness().isNegative()) {
            p.add("latency.out-of-orderness must not be negative. Fix: use e.g. 2s");
        }
        positive(p, "latency.idleness", lat.idleness(), "30s");
        model(p, lat.model());
        AccumulatorConfig acc = lat.accumulator();
        if (!(acc.decay() > 0)) {
            p.add("latency.accumulator.decay must be > 0 (got " + acc.decay()
                    + "), or heat never cools down. Fix: use 2 as the seed did");
        }
        if (!(acc.max() > 0)) {
            p.add("latency.accumulator.max must be > 0 (got " + acc.max() + "). Fix: use e.g. 20");
        }
        checkThreshold(p, "latency.accumulator.default-threshold", acc.defaultThreshold(), acc.max());
        if (!AccumulatorConfig.UP.equals(acc.direction()) && !AccumulatorConfig.BOTH.equals(acc.direction())) {
            p.add("latency.accumulator.direction must be up or both (got '" + acc.direction() + "'). Fix: use up");
        }
        if (acc.gapWindows() < 0 || acc.gapWindows() > 100) {
            p.add("latency.accumulator.gap-windows must be between 0 and 100 (got " + acc.gapWindows()
                    + "). Fix: use 3, or 0 for every missing window to count as quiet");
        }
        if (!(acc.fullHeatBeyond() >= 0 && acc.fullHeatBeyond() <= 10)) {
            p.add("latency.accumulator.full-heat-beyond must be between 0 and 10 (got " + acc.fullHeatBeyond()
                    + "). Fix: use 0.5, or 0 for a whole window of heat from every out-of-band window");
        }
        timing(p, lat.incidents(), lat);
        pairs(p, lat, acc, location);
        groups(p, lat, acc);
        grouping(p, lat.grouping(), acc);
        if (lat.maxPairs() < 1) {
            p.add("latency.max-pairs must be at least 1 (got " + lat.maxPairs() + "). Fix: use e.g. 20000");
        }
        if (lat.pairTtl().compareTo(lat.window().multipliedBy(2)) < 0) {
            p.add("latency.pair-ttl (" + lat.pairTtl() + ") must be at least two windows (" + lat.window().multipliedBy(2)
                    + "), or pairs are forgotten between their windows. Fix: use e.g. "
                    + TimeUtils.formatWithHighestUnit(max(Duration.ofHours(1), lat.window().multipliedBy(60))));
        }
    }

    private static void grouping(List<String> p, GroupingConfig g, AccumulatorConfig acc) {
        if (g.rules().isEmpty()) {
            p.add("latency.grouping.rules is empty, so no pair could raise an incident. Fix: use [explicit, destination]");
        }
        if (g.rules().size() != new HashSet<>(g.rules()).size()) {
            p.add("latency.grouping.rules repeats a rule (" + g.rules() + "). Fix: list each rule once");
        }
        if (g.uses(GroupingRule.DESTINATION) || g.uses(GroupingRule.SOURCE)) {
            groupSeverity(p, "latency.grouping", g.threshold(), g.resolveBelow(), g.sev1MinPairs(), g.sev1Fraction(),
                    1, acc);
        }
    }

    /** A threshold above resolve-below and below what the pairs can reach, when there is room for one. */
    private static double between(double resolveBelow, double reach) {
        double low = resolveBelow > 0 && resolveBelow < reach ? resolveBelow : 0;
        return Math.round((low + reach) / 2 * 10) / 10.0;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void model(List<String> p, ModelConfig m) {
        open01(p, "latency.model.coverage", m.coverage(), "0.99 for a 99% band");
        positive(p, "latency.model.period", m.period(), "1d");
        if (m.seasonalSlots() < 1 || m.seasonalSlots() > 168) {
            p.add("latency.model.seasonal-slots must be between 1 and 168 (got " + m.seasonalSlots()
                    + "). Fix: use 24, hourly slots over a day");
        }
        if (!(m.seasonalLearning() >= 0 && m.seasonalLearning() < 1)) {
            p.add("latency.model.seasonal-learning must be at least 0 and below 1 (got " + m.seasonalLearning()
                    + "). Fix: use 0.25, or 0 for no seasonal profile");
        }
        positive(p, "latency.model.memory", m.memory(), "1d");
        if (m.memory().compareTo(java.time.Duration.ofDays(30)) > 0) {
            p.add("latency.model.memory must be at most 30d (got " + m.memory().toDays() + "d): older residuals would"
                    + " outweigh a pair's recent ones and the band could no longer follow it. Fix: use 1d");
        }
        positive(p, "latency.model.new-normal-after", m.newNormalAfter(), "1h");
        if (m.warmupWindows() < 3) {
            p.add("latency.model.warmup-windows must be at least 3 (got " + m.warmupWindows() + "). Fix: use e.g. 10");
        }
        if (m.warmup().isNegative()) {
            p.add("latency.model.warmup must not be negative (got " + m.warmup() + "). Fix: use e.g. 5min");
        }
        if (!(m.outlierCutoff() > 0)) {
            p.add("latency.model.outlier-cutoff must be > 0 (got " + m.outlierCutoff() + "). Fix: use 3.5");
        }
        if (!(m.levelTracking() >= 0 && m.levelTracking() < 1)) {
            p.add("latency.model.level-tracking must be at least 0 and below 1 (got " + m.levelTracking()
                    + "). Fix: use 0.05, or 0 to keep a learned level fixed");
        }
        if (!(m.minRelativeBand() > 0) || m.minRelativeBand() >= 1) {
            p.add("latency.model.min-relative-band must be above 0 and below 1 (got " + m.minRelativeBand()
                    + "); without it a perfectly steady series gets a band of width 0. Fix: use 0.05");
        }
    }

    private static void timing(List<String> p, IncidentTimingConfig inc, LatencyConfig lat) {
        positive(p, "latency.incidents.open-after", inc.openAfter(), "20s");
        positive(p, "latency.incidents.resolve-after", inc.resolveAfter(), "30s");
        if (lat.accumulator().unit().compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("latency.accumulator.unit must be at least 1s (got " + lat.accumulator().unit() + "). Fix: use 10s");
        }
    }

    private static void pairs(List<String> p, LatencyConfig lat, AccumulatorConfig acc, ConfigLocation location) {
        Set<String> pairKeys = new HashSet<>();
        for (int i = 0; i < lat.pairs().size(); i++) {
            PairConfig pair = lat.pairs().get(i);
            String key = "latency.pairs[" + i + "]";
            if (blank(pair.source()) || blank(pair.destination())) {
                p.add(key + " needs both 'source' and 'destination'. Fix: e.g. {source: frontend, destination: cartservice}");
                continue;
            }
            if (!pairKeys.add(pair.key())) {
                p.add(key + " repeats the pair " + pair.key() + ". Fix: list each pair once");
            }
            if (pair.threshold() != null) {
                checkThreshold(p, key + ".threshold", pair.threshold(), acc.max());
            }
            if (pair.training() != null && !location.exists(pair.training())) {
                p.add(key + ".training: file '" + pair.training() + "' not found (relative to " + location.describe()
                        + "). Fix: export one with `export-training` or remove the key to learn online");
            }
        }
    }

    private static void groups(List<String> p, LatencyConfig lat, AccumulatorConfig acc) {
        Set<String> groupNames = new HashSet<>();
        for (int i = 0; i < lat.groups().size(); i++) {
            GroupConfig g = lat.groups().get(i);
            String key = "latency.groups[" + i + "]";
            if (blank(g.name())) {
                p.add(key + ".name is missing. Fix: give the group a name such as checkout-path");
            } else if (!groupNames.add(g.name())) {
                p.add(key + ".name '" + g.name() + "' is used twice. Fix: give every group its own name");
            } else if (g.name().contains(":")) {
                p.add(key + ".name '" + g.name() + "' contains ':', which marks the groups the rules make (dst:, src:)."
                        + " Fix: use e.g. " + g.name().replace(':', '-'));
            }
            if (g.pairs().isEmpty()) {
                p.add(key + ".pairs is empty. Fix: list the pairs as SOURCE->DESTINATION");
            }
            Set<String> members = new HashSet<>();
            for (int j = 0; j < g.pairs().size(); j++) {
                try {
                    if (!members.add(ServicePair.normalise(g.pairs().get(j)))) {
                        p.add(key + ".pairs[" + j + "] repeats " + g.pairs().get(j) + ". Fix: list each pair once");
                    }
                } catch (IllegalArgumentException e) {
                    p.add(key + ".pairs[" + j + "]: " + e.getMessage());
                }
            }
            groupSeverity(p, key, g.threshold(), g.resolveBelow(), g.sev1MinPairs(), g.sev1Fraction(),
                    Math.max(1, g.pairs().size()), acc);
            if (!g.pairs().isEmpty() && g.sev1MinPairs() > g.pairs().size() && g.sev1Fraction() == null) {
                p.add(key + ".sev1-min-pairs (" + g.sev1MinPairs() + ") exceeds the group's " + g.pairs().size()
                        + " pairs, so SEV1 could never happen. Fix: use " + g.pairs().size()
                        + ", or set sev1-fraction (e.g. 0.5)");
            }
        }
    }

    /** Threshold, hysteresis and SEV1 rule of a group, explicit or made by a rule; any size, one pair included. */
    private static void groupSeverity(List<String> p, String key, double threshold, double resolveBelow,
            int sev1MinPairs, Double sev1Fraction, int pairs, AccumulatorConfig acc) {
        if (!(threshold > 0)) {
            p.add(key + ".threshold must be > 0 (got " + threshold + "). Fix: use e.g. 10 as the seed did");
        } else if (threshold >= pairs * acc.max()) {
            p.add(key + ".threshold (" + threshold + ") is not below what " + (pairs == 1 ? "one pair" : pairs
                    + " pairs") + " can reach (" + pairs + " x latency.accumulator.max = " + pairs * acc.max()
                    + "), so it could never be hot. Fix: use " + between(resolveBelow, pairs * acc.max()));
        }
        if (!(resolveBelow > 0) || resolveBelow >= threshold) {
            p.add(key + ".resolve-below (" + resolveBelow + ") must be above 0 (temperatures are never"
                    + " below 0, so incidents would never resolve) and below the threshold (" + threshold
                    + ") for hysteresis. Fix: use " + (threshold > 1 ? Math.floor(threshold * 0.4 * 10) / 10 : threshold / 2));
        }
        if (sev1MinPairs < 1) {
            p.add(key + ".sev1-min-pairs must be at least 1 (got " + sev1MinPairs + "). Fix: use "
                    + Math.min(2, pairs));
        }
        if (sev1Fraction != null && !(sev1Fraction > 0 && sev1Fraction <= 1)) {
            p.add(key + ".sev1-fraction must be above 0 and at most 1 (got " + sev1Fraction
                    + "). Fix: use 0.5 (half of the group's pairs hot), or remove it");
        }
    }

    private static void canary(List<String> p, CanaryConfig c) {
        if (c.bins() < 1) {
            p.add("canary.bins must be at least 1 second (got " + c.bins() + "). Fix: use e.g. 30");
        }
        if (!Double.isFinite(c.threshold())) {
            p.add("canary.threshold must be a number (got " + c.threshold() + "). Fix: use e.g. 1.25");
        } else if (c.mode() == CanaryMode.RATE && c.threshold() <= 1) {
            p.add("canary.threshold (" + c.threshold() + ") must be above 1 in rate mode: it is the factor by which the"
                    + " canary's rate exceeds the baseline's. Fix: use e.g. 1.25 (25% more)");
        }
        if (c.thresholdBins().isEmpty() || c.thresholdBins().stream().anyMatch(w -> w == null || w < 1 || w > 1000)) {
            p.add("canary.threshold-bins must list window lengths from 1 to 1000 bins (got " + c.thresholdBins()
                    + "). Fix: use e.g. [5, 10]");
        }
        if ((c.baselineBuild() == null) != (c.canaryBuild() == null)) {
            p.add("canary.baseline-build and canary.canary-build go together. Fix: set both, or neither to infer them");
        } else if (c.baselineBuild() != null && c.baselineBuild().equals(c.canaryBuild())) {
            p.add("canary.baseline-build and canary.canary-build are the same build. Fix: name two builds");
        }
        if (c.minCount() < 0) {
            p.add("canary.min-count must be >= 0 (got " + c.minCount() + "). Fix: use e.g. 5");
        }
        open01(p, "canary.confidence", c.confidence(), "0.99");
        if (c.outOfOrderness().isNegative()) {
            p.add("canary.out-of-orderness must not be negative. Fix: use e.g. 2s");
        }
        positive(p, "canary.idleness", c.idleness(), "30s");
        if (!(c.usersRatio() > 0)) {
            p.add("canary.users-ratio must be > 0 (got " + c.usersRatio() + "). Fix: use 1 for equal users");
        }
        canaryIncidents(p, c.incidents(), c);
    }

    private static void canaryIncidents(List<String> p, CanaryIncidentConfig ci, CanaryConfig c) {
        if (ci.openAfterBins() < 1) {
            p.add("canary.incidents.open-after-bins must be at least 1 (got " + ci.openAfterBins() + "). Fix: use 3");
        }
        if (ci.resolveAfterBins() < 1) {
            p.add("canary.incidents.resolve-after-bins must be at least 1 (got " + ci.resolveAfterBins()
                    + "). Fix: use 2");
        }
        if (ci.sev1MinCodes() < 2) {
            p.add("canary.incidents.sev1-min-codes must be at least 2 (got " + ci.sev1MinCodes() + "). Fix: use 2");
        }
        if (!(ci.sev1Effect() > c.threshold())) {
            p.add("canary.incidents.sev1-effect (" + ci.sev1Effect() + ") must be above canary.threshold ("
                    + c.threshold() + "), or every alert would be SEV1. Fix: use e.g. 3");
        }
    }

    private static void scenario(List<String> p, ScenarioConfig s) {
        if (blank(s.name())) {
            p.add("scenario.name is empty. Fix: use demo, or see the scenarios command");
        }
        if (!(s.requestsPerUser() >= 0) || !(s.backgroundRps() >= 0) || s.requestsPerUser() + s.backgroundRps() <= 0) {
            p.add("scenario.requests-per-user and scenario.background-rps must be >= 0 and not both 0. Fix: use 0.2 and 2");
        }
    }

    private static final Map<String, String> MANAGED_CLIENT_PROPERTIES = Map.of(
            "bootstrap.servers", "kafka.bootstrap-servers",
            "group.id", "kafka.group-id",
            "transactional.id", "kafka.transactional-id-prefix",
            "transaction.timeout.ms", "kafka.transaction-timeout",
            "isolation.level", "the job (it reads with read_committed where it matters)");

    private static void kafka(List<String> p, KafkaConfig k, JobSettings job, boolean prometheus) {
        if (blank(k.bootstrapServers())) {
            p.add("kafka.bootstrap-servers is empty. Fix: use host:port[,host:port], e.g. 127.0.0.1:9092");
        }
        if (blank(k.groupId())) {
            p.add("kafka.group-id is empty. Fix: name the consumer group, e.g. incident-detector");
        }
        if (blank(k.transactionalIdPrefix())) {
            p.add("kafka.transactional-id-prefix is empty. Fix: use a name unique to this job, e.g. incident-detector");
        }
        positive(p, "kafka.transaction-timeout", k.transactionTimeout(), "10min");
        positive(p, "kafka.startup-check-timeout", k.startupCheckTimeout(), "15s");
        KafkaConfig.KafkaTopicsConfig t = k.topics();
        if (t.serviceCalls().isEmpty() && t.clientErrors().isEmpty() && t.otlpSpans().isEmpty() && !prometheus) {
            p.add("kafka.topics.service-calls, kafka.topics.otlp-spans and kafka.topics.client-errors are all empty."
                    + " Fix: name at least one input topic");
        }
        Set<String> inputs = new HashSet<>();
        topicNames(p, "kafka.topics.service-calls", t.serviceCalls(), inputs);
        topicNames(p, "kafka.topics.client-errors", t.clientErrors(), inputs);
        Set<String> jsonInputs = new HashSet<>(inputs);
        topicNames(p, "kafka.topics.otlp-spans", t.otlpSpans(), inputs);
        for (String topic : t.otlpSpans()) {
            if (jsonInputs.contains(topic)) {
                p.add("kafka.topics.otlp-spans '" + topic + "' is also in kafka.topics.service-calls or"
                        + " kafka.topics.client-errors, which hold the job's JSON events, not OTLP messages. Fix: list"
                        + " the topic in kafka.topics.otlp-spans only");
            }
        }
        if (t.control() != null && !inputs.add(t.control())) {
            p.add("kafka.topics.control '" + t.control() + "' is also an events topic; commands need a topic of their"
                    + " own. Fix: use e.g. incident-detector-control");
        }
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put("kafka.topics.incidents", t.incidents());
        outputs.put("kafka.topics.alerts", t.alerts());
        outputs.put("kafka.topics.dead-letters", t.deadLetters());
        outputs.put("kafka.topics.verdicts", t.verdicts());
        outputs.put("kafka.topics.late-events", t.lateEvents());
        outputs.put("kafka.topics.control-audit", t.controlAudit());
        Set<String> seen = new HashSet<>();
        outputs.forEach((key, topic) -> {
            if (topic == null) {
                return;
            }
            if (blank(topic)) {
                p.add(key + " is empty. Fix: name a topic");
            } else if (inputs.contains(topic)) {
                p.add(key + " '" + topic + "' is also an input topic: the job would read its own output. Fix: use"
                        + " another topic");
            } else if (!seen.add(topic)) {
                p.add(key + " '" + topic + "' is used for two outputs. Fix: give each output its own topic");
            }
        });
        k.properties().forEach((name, value) -> {
            if (MANAGED_CLIENT_PROPERTIES.containsKey(name)) {
                p.add("kafka.properties." + name + " is set by the job. Fix: remove it and use "
                        + MANAGED_CLIENT_PROPERTIES.get(name));
            }
            if (k.secrets().containsKey(name)) {
                p.add("kafka.properties." + name + " is also in kafka.secrets. Fix: keep it in one of them");
            }
        });
        k.secrets().forEach((name, reference) -> {
            if (reference == null || !(reference.startsWith("env:") || reference.startsWith("file:"))
                    || reference.indexOf(':') == reference.length() - 1) {
                p.add("kafka.secrets." + name + " must be env:VARIABLE or file:/path (got a value of another form;"
                        + " secrets are never written in the configuration). Fix: e.g. env:KAFKA_SASL_JAAS_CONFIG");
            }
        });
        // whether checkpointing is on at all is known only with the environment (a cluster may turn it on): see
        // plan/EnvironmentSettings
        if (k.enabled() && k.exactlyOnce() && job.checkpointInterval() != null) {
            if (k.transactionTimeout().compareTo(job.checkpointInterval()) <= 0) {
                p.add("kafka.transaction-timeout (" + k.transactionTimeout() + ") must be longer than"
                        + " job.checkpoint-interval (" + job.checkpointInterval() + "), or transactions expire before"
                        + " they are committed. Fix: raise it (10min is a good start)");
            }
        }
    }

    private static void otlp(List<String> p, OtlpConfig otlp) {
        if (blank(otlp.callerAttribute())) {
            p.add("otlp.caller-attribute is empty. Fix: use service.name, the resource attribute every SDK sets");
        }
        if (otlp.calleeAttributes().isEmpty()) {
            p.add("otlp.callee-attributes is empty, so no CLIENT span would name the service it calls. Fix: use"
                    + " [peer.service, server.address, net.peer.name]");
        }
        for (int i = 0; i < otlp.calleeAttributes().size(); i++) {
            if (blank(otlp.calleeAttributes().get(i))) {
                p.add("otlp.callee-attributes[" + i + "] is empty. Fix: name a span attribute such as peer.service");
            }
        }
        if (otlp.outOfOrderness().isNegative()) {
            p.add("otlp.out-of-orderness must not be negative. Fix: use e.g. 10s");
        }
        String problem = io.incidentdetector.event.ServiceNames.problem(otlp.unknownCaller());
        if (problem != null) {
            p.add("otlp.unknown-caller is not a service name: it " + problem + ". Fix: use unknown");
        }
    }

    private static void prometheus(List<String> p, PrometheusSourceConfig prom) {
        if (blank(prom.url()) || !(prom.url().startsWith("http://") || prom.url().startsWith("https://"))) {
            p.add("prometheus.url must be an http:// or https:// address (got '" + prom.url() + "'). Fix: use e.g."
                    + " http://127.0.0.1:9090");
        }
        if (blank(prom.query())) {
            p.add("prometheus.query is empty. Fix: use e.g. " + PrometheusSourceConfig.ISTIO_P50);
        }
        if (blank(prom.callerLabel()) || blank(prom.calleeLabel())) {
            p.add("prometheus.caller-label and prometheus.callee-label must name labels. Fix: use source_workload and"
                    + " destination_workload (Istio)");
        }
        if (prom.step().compareTo(Duration.ofSeconds(1)) < 0 || prom.step().toMillis() % 1000 != 0) {
            p.add("prometheus.step must be whole seconds, at least 1s (got " + prom.step() + "). Fix: use e.g. 1min");
        }
        if (prom.lag().isNegative()) {
            p.add("prometheus.lag must not be negative. Fix: use e.g. 30s");
        }
        if (prom.history().isNegative()) {
            p.add("prometheus.history must not be negative. Fix: use e.g. 1d, or 0 to learn online");
        }
        if (prom.maxDelay().compareTo(prom.lag()) <= 0) {
            p.add("prometheus.max-delay (" + prom.maxDelay() + ") must be longer than prometheus.lag (" + prom.lag()
                    + "), or a step the server has not got yet is never asked again. Fix: use e.g. 5min");
        }
        if (!prom.step().isZero() && prom.history().toMillis() / Math.max(1, prom.step().toMillis()) > 100_000) {
            p.add("prometheus.history (" + prom.history() + ") is more than 100,000 steps of " + prom.step()
                    + " (16 bytes a point for every pair while fitting). Fix: use e.g. 1d");
        }
        positive(p, "prometheus.timeout", prom.timeout(), "10s");
        java.time.Instant start = null;
        if (!"now".equals(prom.start())) {
            try {
                start = java.time.Instant.parse(prom.start());
            } catch (java.time.format.DateTimeParseException e) {
                p.add("prometheus.start must be now or an ISO-8601 time (got '" + prom.start()
                        + "'). Fix: use now, or e.g. 2026-01-01T00:00:00Z");
            }
        }
        if (prom.until() != null) {
            try {
                java.time.Instant until = java.time.Instant.parse(prom.until());
                if (start == null && "now".equals(prom.start())) {
                    p.add("prometheus.until needs a prometheus.start in the past. Fix: set prometheus.start, or remove"
                            + " prometheus.until to run on");
                } else if (start != null && !until.isAfter(start)) {
                    p.add("prometheus.until (" + until + ") must be after prometheus.start (" + start
                            + "). Fix: swap them");
                }
            } catch (java.time.format.DateTimeParseException e) {
                p.add("prometheus.until must be an ISO-8601 time (got '" + prom.until()
                        + "'). Fix: use e.g. 2026-01-02T00:00:00Z, or remove it to run on");
            }
        }
    }

    private static final java.util.regex.Pattern LABEL_NAME = java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{([^{}]*)}");

    private static void alertmanager(List<String> p, AlertmanagerConfig a) {
        if (a.urls().isEmpty()) {
            p.add("alertmanager.urls is empty. Fix: list at least one Alertmanager, e.g. [" + AlertmanagerConfig.DEFAULT_URL
                    + "]");
        }
        Set<String> urls = new HashSet<>();
        for (int i = 0; i < a.urls().size(); i++) {
            String url = a.urls().get(i);
            String key = "alertmanager.urls[" + i + "]";
            if (!alertmanagerUrl(url)) {
                p.add(key + " '" + url + "' is not the http(s) address of an Alertmanager. Fix: use e.g."
                        + " http://alertmanager:9093 (the job posts to <url>/api/v2/alerts)");
            } else if (!urls.add(url.replaceAll("/+$", ""))) {
                p.add(key + " '" + url + "' is listed twice; every alert would be sent to it twice. Fix: list it once");
            }
        }
        if (blank(a.alertName())) {
            p.add("alertmanager.alert-name is empty. Fix: use e.g. IncidentDetector");
        }
        if (a.resendInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("alertmanager.resend-interval must be at least 1s (got " + a.resendInterval() + "). Fix: use 1min, as"
                    + " Prometheus does");
        }
        positive(p, "alertmanager.timeout", a.timeout(), "10s");
        if (a.maxAttempts() < 1 || a.maxAttempts() > 100) {
            p.add("alertmanager.max-attempts must be between 1 and 100 (got " + a.maxAttempts() + "). Fix: use 5");
        }
        positive(p, "alertmanager.initial-backoff", a.initialBackoff(), "500ms");
        if (a.maxBackoff().compareTo(a.initialBackoff()) < 0) {
            p.add("alertmanager.max-backoff (" + a.maxBackoff() + ") must not be shorter than"
                    + " alertmanager.initial-backoff (" + a.initialBackoff() + "). Fix: use e.g. 30s");
        }
        if (a.maxPending() < 1) {
            p.add("alertmanager.max-pending must be at least 1 (got " + a.maxPending() + "). Fix: use 100");
        }
        a.labels().forEach((name, value) -> {
            String key = "alertmanager.labels." + name;
            if (!LABEL_NAME.matcher(name).matches()) {
                p.add(key + ": '" + name + "' is not a valid label name (letters, digits and _, not starting with a"
                        + " digit). Fix: rename it, e.g. " + fixName(name));
            } else if (AlertmanagerConfig.INCIDENT_LABELS.contains(name)) {
                p.add(key + " would replace a label the incident sets. Fix: use another name; the incident's labels"
                        + " are " + String.join(", ", AlertmanagerConfig.INCIDENT_LABELS));
            }
            if (blank(value)) {
                p.add(key + " is empty; Alertmanager drops empty labels. Fix: give it a value, or remove it");
            }
        });
        a.links().forEach((name, template) -> {
            String key = "alertmanager.links." + name;
            if (!LABEL_NAME.matcher(name).matches()) {
                p.add(key + ": '" + name + "' is not a valid annotation name (letters, digits and _, not starting with"
                        + " a digit). Fix: rename it, e.g. " + fixName(name));
            } else if (AlertmanagerConfig.INCIDENT_ANNOTATIONS.contains(name)) {
                p.add(key + " would replace an annotation the incident sets. Fix: use another name, e.g. runbook or"
                        + " dashboard");
            }
            if (blank(template)) {
                p.add(key + " is empty. Fix: give a URL, e.g. https://grafana.example/d/incidents?var-group={group}");
                return;
            }
            java.util.regex.Matcher m = PLACEHOLDER.matcher(template);
            while (m.find()) {
                if (!AlertmanagerConfig.LINK_PLACEHOLDERS.contains(m.group(1))) {
                    p.add(key + " uses {" + m.group(1) + "}, which is not a placeholder. Fix: use {"
                            + String.join("}, {", AlertmanagerConfig.LINK_PLACEHOLDERS) + "}");
                }
            }
        });
    }

    private static boolean alertmanagerUrl(String url) {
        if (blank(url)) {
            return false;
        }
        try {
            java.net.URI uri = new java.net.URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String fixName(String name) {
        String fixed = name.replaceAll("[^a-zA-Z0-9_]", "_");
        return fixed.isEmpty() || Character.isDigit(fixed.charAt(0)) ? "_" + fixed : fixed;
    }

    private static void topicNames(List<String> p, String key, List<String> topics, Set<String> all) {
        for (int i = 0; i < topics.size(); i++) {
            String topic = topics.get(i);
            if (blank(topic)) {
                p.add(key + "[" + i + "] is empty. Fix: name a topic");
            } else {
                all.add(topic);
            }
        }
    }

    /** Things that are allowed but often a typo; logged at start-up. */
    public static List<String> warnings(JobConfig config) {
        List<String> w = new ArrayList<>();
        CanaryConfig canary = config.canary();
        CanaryConfig rateDefaults = CanaryConfig.defaults();
        if (canary.mode() == CanaryMode.SEED_COMPATIBLE
                && (!canary.minCount().equals(rateDefaults.minCount())
                        || !canary.confidence().equals(rateDefaults.confidence())
                        || !canary.traffic().equals(rateDefaults.traffic()))) {
            w.add("canary.min-count, confidence and traffic apply to rate mode only; seed-compatible mode ignores them");
        }
        Set<String> defined = new HashSet<>();
        config.latency().pairs().forEach(pair -> defined.add(pair.key()));
        for (GroupConfig group : config.latency().groups()) {
            for (String pair : group.pairs()) {
                String key;
                try {
                    key = ServicePair.normalise(pair);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (!defined.contains(key)) {
                    w.add("group '" + group.name() + "' names " + key + ", which latency.pairs does not list: it"
                            + " learns online and uses the default threshold (check the spelling if that is not meant)");
                }
            }
        }
        return w;
    }

    private static void checkThreshold(List<String> p, String key, double threshold, double max) {
        if (!(threshold >= 0)) {
            p.add(key + " must be >= 0 (got " + threshold + "). Fix: use e.g. 6 as the seed did");
        } else if (threshold >= max) {
            p.add(key + " (" + threshold + ") must be below latency.accumulator.max (" + max
                    + "), or the pair can never be hot. Fix: lower the threshold or raise the max");
        }
    }

    private static void positive(List<String> p, String key, Duration d, String example) {
        if (d.isZero() || d.isNegative()) {
            p.add(key + " must be a positive duration (got " + d + "). Fix: use e.g. " + example);
        }
    }

    private static void open01(List<String> p, String key, double v, String example) {
        if (!(v > 0 && v < 1)) {
            p.add(key + " must be between 0 and 1, exclusive (got " + v + "). Fix: use " + example);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
