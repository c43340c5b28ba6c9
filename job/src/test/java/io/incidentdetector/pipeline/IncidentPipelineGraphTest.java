package io.incidentdetector.pipeline;

import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.control.ReceivedCommand;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.plan.EnvironmentSettings;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The operators the topology is built of, by uid, for each kind of input: the control gate once, where it belongs. */
class IncidentPipelineGraphTest {

    static final PipelineSettings SETTINGS = new PipelineSettings(LatencyConfig.defaults(),
            new PipelineSettings.CanarySettings(CanaryConfig.defaults(), "v1", "v2", false));

    private final StreamExecutionEnvironment env =
            StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());

    @Test
    void aControlTopicWithTheLatencyPipelineHasOneGateThatReadsTheJudgesPairs() {
        StreamGraph graph = build(Inputs.none().withServiceCalls(calls()).withControlCommands(commands()));
        assertThat(uids(graph)).containsOnlyOnce(OperatorIds.CONTROL_GATE, OperatorIds.BASELINE_JUDGE,
                        OperatorIds.INCIDENT_CONTROL)
                .doesNotContain(OperatorIds.CONTROL_NONE, OperatorIds.CONTROL_NO_PAIRS);
        assertThat(inputsOf(graph, OperatorIds.CONTROL_GATE)).containsExactlyInAnyOrder(OperatorIds.CONTROL_AUTH,
                OperatorIds.BASELINE_JUDGE);
        assertThat(inputsOf(graph, OperatorIds.CONTROL_AUTH)).containsExactly("test-control");
        assertThat(inputsOf(graph, OperatorIds.PAIR_ACCUMULATORS)).contains(OperatorIds.CONTROL_GATE);
    }

    @Test
    void aControlTopicWithoutTheLatencyPipelineHasOneGateThatReadsNoPairs() {
        StreamGraph graph = build(Inputs.none().withClientErrors(errors()).withControlCommands(commands()));
        assertThat(uids(graph)).containsOnlyOnce(OperatorIds.CONTROL_GATE, OperatorIds.CONTROL_NO_PAIRS)
                .doesNotContain(OperatorIds.BASELINE_JUDGE, OperatorIds.CONTROL_NONE);
        assertThat(inputsOf(graph, OperatorIds.CONTROL_GATE)).containsExactlyInAnyOrder(OperatorIds.CONTROL_AUTH,
                OperatorIds.CONTROL_NO_PAIRS);
    }

    @Test
    void withoutAControlTopicTheThresholdStagesReadOneSourceOfNoCommands() {
        StreamGraph graph = build(Inputs.none().withServiceCalls(calls()));
        assertThat(uids(graph)).containsOnlyOnce(OperatorIds.CONTROL_NONE, OperatorIds.TRAINING_SOURCE)
                .doesNotContain(OperatorIds.CONTROL_GATE, OperatorIds.INCIDENT_CONTROL)
                .noneMatch(uid -> uid.endsWith("-drop"));
        assertThat(inputsOf(graph, OperatorIds.PAIR_ACCUMULATORS)).contains(OperatorIds.CONTROL_NONE);
        assertThat(inputsOf(graph, OperatorIds.GROUP_TEMPERATURE)).contains(OperatorIds.CONTROL_NONE);
        assertThat(inputsOf(graph, OperatorIds.CONTROL_NONE)).isEmpty();
    }

    private StreamGraph build(Inputs inputs) {
        EnvironmentSettings.apply(env, JobConfig.defaults());
        IncidentPipeline.build(SETTINGS, inputs, Outputs.builder(new DiscardingSink<>(), new DiscardingSink<>())
                .build());
        return env.getStreamGraph();
    }

    private static List<String> uids(StreamGraph graph) {
        return graph.getStreamNodes().stream().map(StreamNode::getTransformationUID).toList();
    }

    private static List<String> inputsOf(StreamGraph graph, String uid) {
        StreamNode node = graph.getStreamNodes().stream().filter(n -> uid.equals(n.getTransformationUID()))
                .findFirst().orElseThrow();
        return node.getInEdges().stream().map(e -> graph.getStreamNode(e.getSourceId()).getTransformationUID())
                .distinct().toList();
    }

    private DataStream<ServiceCallEvent> calls() {
        return NoInput.of(env, TypeInformation.of(ServiceCallEvent.class), "test-calls", "calls");
    }

    private DataStream<ClientErrorEvent> errors() {
        return NoInput.of(env, TypeInformation.of(ClientErrorEvent.class), "test-errors", "errors");
    }

    private DataStream<ParsedRecord<ReceivedCommand>> commands() {
        return NoInput.of(env, new TypeHint<ParsedRecord<ReceivedCommand>>() {}.getTypeInfo(), "test-control",
                "control");
    }
}
