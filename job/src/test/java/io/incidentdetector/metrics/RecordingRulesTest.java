package io.incidentdetector.metrics;

import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.scenario.ScenarioCatalog;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordingRulesTest {

    @Test
    void theShippedRulesAreWhatTheBundledConfigurationGenerates() throws Exception {
        Path shipped = Path.of("..").toAbsolutePath().normalize().resolve("docker/prometheus/incident-detector-rules.yml");
        assertThat(Files.readString(shipped)).isEqualTo(RecordingRules.yaml(
                ConfigLoader.load("local.yaml", ScenarioCatalog.allNames()).config()));
    }

    @Test
    void everyConfiguredPairGetsTheSeedsSixNamesAndTheTemperatureIsOne() {
        String yaml = RecordingRules.yaml(ConfigLoader.load("local.yaml", ScenarioCatalog.allNames()).config());
        assertThat(yaml.split("- record: ", -1)).hasSize(5 * 6 + 1 + 1);
        assertThat(yaml).contains("""
                      - record: lab7_frontend_to_cartservice_y_max
                        expr: max(flink_taskmanager_job_task_operator_pair_y_max{pair="frontend__cartservice"})
                """).contains("""
                      - record: lab7_incident_temperature
                        expr: sum(flink_taskmanager_job_task_operator_group_temperature)
                """);
        assertThat(RecordingRules.sanitize("Front-End.v2")).isEqualTo("front_end_v2");
        assertThat(RecordingRules.labelValue("checkoutservice->paymentservice")).isEqualTo("checkoutservice__paymentservice");
    }

    @Test
    void gaugesFollowTheLatestValuesAndStopAtTheCap() {
        Map<String, Metric> registered = new HashMap<>();
        MetricGroup group = new UnregisteredMetricsGroup() {
            @Override
            public MetricGroup addGroup(String key, String value) {
                String prefix = key + "=" + value + ".";
                return new UnregisteredMetricsGroup() {
                    @Override
                    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
                        registered.put(prefix + name, gauge);
                        return gauge;
                    }
                };
            }
        };
        LabelledGauges gauges = new LabelledGauges(group, "pair", 2, "y", "accumulator");
        gauges.set("a->b", 8.5, 2);
        gauges.set("a->b", 9.0, 4);
        gauges.set("c->d", Double.NaN, 0);
        gauges.set("e->f", 1, 1);
        assertThat(gauges.labelValues()).isEqualTo(2);
        assertThat(registered).containsOnlyKeys("pair=a->b.y", "pair=a->b.accumulator", "pair=c->d.y",
                "pair=c->d.accumulator");
        assertThat(((Gauge<?>) registered.get("pair=a->b.y")).getValue()).isEqualTo(9.0);
        assertThat(((Gauge<?>) registered.get("pair=a->b.accumulator")).getValue()).isEqualTo(4.0);
        assertThat((Double) ((Gauge<?>) registered.get("pair=c->d.y")).getValue()).isNaN();
    }
}
