package io.incidentdetector.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The whole job configuration, as loaded from one YAML file under {@code jobs-config/}. */
public record JobConfig(JobSettings job, LatencyConfig latency, CanaryConfig canary, ScenarioConfig scenario,
        OutputConfig output, KafkaConfig kafka, OtlpConfig otlp, PrometheusSourceConfig prometheus,
        AlertmanagerConfig alertmanager, DeadLetterConfig deadLetters, EventTimeConfig eventTime,
        ControlConfig control) implements Serializable {

    public JobConfig {
        job = job == null ? JobSettings.defaults() : job;
        latency = latency == null ? LatencyConfig.defaults() : latency;
        canary = canary == null ? CanaryConfig.defaults() : canary;
        scenario = scenario == null ? ScenarioConfig.defaults() : scenario;
        output = output == null ? OutputConfig.defaults() : output;
        kafka = kafka == null ? KafkaConfig.defaults() : kafka;
        otlp = otlp == null ? OtlpConfig.defaults() : otlp;
        prometheus = prometheus == null ? PrometheusSourceConfig.defaults() : prometheus;
        alertmanager = alertmanager == null ? AlertmanagerConfig.defaults() : alertmanager;
        deadLetters = deadLetters == null ? DeadLetterConfig.defaults() : deadLetters;
        eventTime = eventTime == null ? EventTimeConfig.defaults() : eventTime;
        control = control == null ? ControlConfig.defaults() : control;
    }

    /**
     * The Kafka settings, with the consumer group and transactional-id prefix that are not set derived from
     * {@code job.name} ({@link KafkaConfig#namedAfter}); the {@code with...} methods keep them unset, so that a new
     * name derives new ones.
     */
    @Override
    public KafkaConfig kafka() {
        return kafka.namedAfter(job.name());
    }

    public static JobConfig defaults() {
        return new JobConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Every problem of the configuration, section by section, each naming its key and a fix; empty if it is valid.
     * Training files resolve against {@code location}; {@code scenarioNames} are the scenarios the generator knows.
     */
    public List<String> problems(ConfigLocation location, Set<String> scenarioNames) {
        Problems p = new Problems();
        job.check(p);
        latency.check(p, location);
        canary.check(p);
        scenario.check(p, scenarioNames);
        output.check(p);
        kafka().check(p, job, prometheus.enabled());
        otlp.check(p);
        prometheus.check(p);
        alertmanager.check(p);
        deadLetters.check(p);
        eventTime.check(p);
        control.check(p, kafka.enabled() && kafka.topics().control() != null);
        return p.list();
    }

    /** Things that are allowed but often a typo; logged at start-up. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>(canary.warnings());
        warnings.addAll(latency.warnings());
        String control = this.control.warning(kafka.enabled() && kafka.topics().control() != null);
        if (control != null) {
            warnings.add(control);
        }
        return warnings;
    }

    public JobConfig withScenario(ScenarioConfig newScenario) {
        return new JobConfig(job, latency, canary, newScenario, output, kafka, otlp, prometheus, alertmanager,
                deadLetters, eventTime, control);
    }

    public JobConfig withLatency(LatencyConfig newLatency) {
        return new JobConfig(job, newLatency, canary, scenario, output, kafka, otlp, prometheus, alertmanager,
                deadLetters, eventTime, control);
    }

    public JobConfig withOutput(OutputConfig newOutput) {
        return new JobConfig(job, latency, canary, scenario, newOutput, kafka, otlp, prometheus, alertmanager,
                deadLetters, eventTime, control);
    }

    public JobConfig withCanary(CanaryConfig newCanary) {
        return new JobConfig(job, latency, newCanary, scenario, output, kafka, otlp, prometheus, alertmanager,
                deadLetters, eventTime, control);
    }

    public JobConfig withJob(JobSettings newJob) {
        return new JobConfig(newJob, latency, canary, scenario, output, kafka, otlp, prometheus, alertmanager,
                deadLetters, eventTime, control);
    }

    public JobConfig withPrometheus(PrometheusSourceConfig newPrometheus) {
        return new JobConfig(job, latency, canary, scenario, output, kafka, otlp, newPrometheus, alertmanager,
                deadLetters, eventTime, control);
    }

    public JobConfig withKafka(KafkaConfig newKafka) {
        return new JobConfig(job, latency, canary, scenario, output, newKafka, otlp, prometheus, alertmanager,
                deadLetters, eventTime, control);
    }

    public JobConfig withDeadLetters(DeadLetterConfig newDeadLetters) {
        return new JobConfig(job, latency, canary, scenario, output, kafka, otlp, prometheus, alertmanager,
                newDeadLetters, eventTime, control);
    }

    public JobConfig withEventTime(EventTimeConfig newEventTime) {
        return new JobConfig(job, latency, canary, scenario, output, kafka, otlp, prometheus, alertmanager, deadLetters,
                newEventTime, control);
    }

    public JobConfig withControl(ControlConfig newControl) {
        return new JobConfig(job, latency, canary, scenario, output, kafka, otlp, prometheus, alertmanager, deadLetters,
                eventTime, newControl);
    }

    public JobConfig withAlertmanager(AlertmanagerConfig newAlertmanager) {
        return new JobConfig(job, latency, canary, scenario, output, kafka, otlp, prometheus, newAlertmanager,
                deadLetters, eventTime, control);
    }
}
