package io.incidentdetector.launcher;

import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.ControlAuthConfig;
import io.incidentdetector.config.ControlKeyConfig;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.connectors.http.RedactedUrl;
import io.incidentdetector.plan.InputPlan;
import io.incidentdetector.plan.RunPlan;

/** The first console line of a run: what it reads and what it compares. */
final class RunDescription {

    private RunDescription() {}

    static String of(RunPlan plan) {
        JobConfig config = plan.config();
        InputPlan in = plan.inputs();
        CanaryConfig canary = config.canary();
        if (in instanceof InputPlan.Kafka) {
            return kafka(config.kafka()) + control(config) + (in.prometheus().isPresent() ? ", " + prometheus(config)
                    : "");
        }
        if (in instanceof InputPlan.Prometheus) {
            return prometheus(config);
        }
        if (in instanceof InputPlan.Files files) {
            return files.canary() && !files.latency()
                    ? "client errors " + (files.errorsCsv().isEmpty() ? files.errorsJson() : files.errorsCsv())
                            + ", canary " + canary.canaryBuild() + " vs baseline " + canary.baselineBuild() + ", mode "
                            + canary.mode() + ", bins " + canary.bins() + " s, threshold " + canary.threshold()
                            + " over " + canary.thresholdBins() + " bins"
                    : !files.events().isEmpty() ? "events " + files.events()
                    : "query_range replay " + files.queryRange().keySet();
        }
        return "scenario '" + config.scenario().name() + "' (seed " + config.scenario().seed() + ")"
                + (in.canary() ? ", canary " + canary.canaryBuild() + " vs baseline " + canary.baselineBuild()
                        + " (" + canary.mode() + ", bins " + canary.bins() + " s)" : "");
    }

    private static String prometheus(JobConfig config) {
        var p = config.prometheus();
        return "Prometheus " + RedactedUrl.of(p.url()) + " every " + p.step() + " from " + p.start()
                + (p.until() == null ? " (runs until Ctrl-C)" : " until " + p.until())
                + (p.history().isZero() ? "" : ", baselines from " + p.history() + " of history");
    }

    private static String control(JobConfig config) {
        String topic = config.kafka().topics().control();
        if (topic == null) {
            return "";
        }
        ControlAuthConfig auth = config.control().auth();
        return ", commands from '" + topic + "' " + (auth.allowUnsigned() ? "UNSIGNED ALLOWED (local use only)"
                + (auth.keys().isEmpty() ? "" : " or signed") : "signed") + (auth.keys().isEmpty() ? ""
                : " by " + auth.keys().stream().map(ControlKeyConfig::id).toList());
    }

    private static String kafka(KafkaConfig kafka) {
        return "Kafka " + kafka.bootstrapServers() + " topics " + kafka.topics().serviceCalls() + " "
                + kafka.topics().clientErrors() + (kafka.topics().otlpSpans().isEmpty() ? ""
                        : " OTLP " + kafka.topics().otlpSpans()) + (kafka.bounded() ? " up to their latest offsets" : " (runs until Ctrl-C)")
                + ", incidents to '" + kafka.topics().incidents() + "' " + kafka.deliveryGuarantee();
    }
}
