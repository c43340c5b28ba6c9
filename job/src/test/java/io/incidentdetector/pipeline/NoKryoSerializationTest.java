package io.incidentdetector.pipeline;

import io.incidentdetector.canary.alert.AlertStatus;
import io.incidentdetector.canary.BinCell;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.canary.CanaryState;
import io.incidentdetector.canary.FinishedBin;
import io.incidentdetector.canary.SecondCount;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.file.ParsedLine;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.InputEvent;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.heat.GroupMember;
import io.incidentdetector.heat.PairHeat;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.HeatSignal;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.event.PairPresence;
import io.incidentdetector.incident.SuspectKind;
import io.incidentdetector.incident.correlation.TrackedIncident;
import io.incidentdetector.judge.PairState;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.model.BaselineTrainer;
import io.incidentdetector.model.OnlineBaseline;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every record that crosses an operator or sits in state is a Flink POJO and round-trips with Kryo disabled. */
class NoKryoSerializationTest {

    static final Instant T = Instant.parse("2026-01-01T00:10:00Z");
    static final WindowVerdict VERDICT =
            new WindowVerdict(T, "frontend->cartservice", 12, 210.0, 8.0, 7.0, 9.0, 1, 202.0, 0.96, "trained");
    static final PairHeat HEAT = new PairHeat(T, "frontend->cartservice", 7, 6, true, VERDICT);
    static final Evidence EVIDENCE = HEAT.evidence();

    static Stream<Object> records() {
        return Stream.of(
                new ServiceCallEvent(1, "a", "b", 2.5, 200),
                new WindowStats("a->b", T, T.plusSeconds(10), 12, 8.5),
                VERDICT,
                new WindowVerdict(T, "a->b", 1, 3.0, null, null, null, 0, null, null, WindowVerdict.LEARNING),
                HEAT,
                new GroupMember("checkout-path", HEAT),
                new GroupHeat("checkout-path", T, 11, 10, Severity.SEV2, false, List.of(HEAT.pair()), List.of(EVIDENCE)),
                new HeatSignal("checkout-path", HeatSignal.Kind.SUSTAINED_HEAT, T, T, Severity.SEV2, 11,
                        List.of(HEAT.pair()), List.of(EVIDENCE)),
                new Incident("latency-checkout-path-1", IncidentStatus.OPEN, Severity.SEV2, IncidentKind.LATENCY,
                        "checkout-path", List.of(HEAT.pair()), T, T, null, 11, "opened", List.of(EVIDENCE)),
                new DeadLetter("file", 3, "not json", "not JSON", null),
                new DeadLetter("calls", 2, 41L, "\uFFFD(", "not UTF-8 text", T, new byte[] {(byte) 0xC3, 0x28}),
                new io.incidentdetector.connectors.deadletter.DeadLetterBounds(1).apply(new DeadLetter("calls", 2,
                        42L, "\uFFFD(", "not UTF-8 text", T, new byte[] {(byte) 0xC3, 0x28})),
                new QueryRangeSample(1_700_000_000_000L, 8.5),
                new ClientErrorEvent(1, "5.0007.610.011", -3, null),
                new SecondCount(1000, "5.0007.610.011", 3, 12),
                new CanaryAlert(3, 5, "0:00:00", "0:06:40", 1.4, 1.25, "rate", AlertStatus.ACTIVE, T, 72, 143, 0.002),
                new BinCell(3, "0:01:40", T, -2.0, 7, 5, "seed-compatible"),
                canaryState(),
                learnedModel(),
                new PairState(null, null, new double[] {4.1, 4.2}, 10_000L, 3_610_000L, false),
                new PairState(learnedModel(), 5L, new double[0], 10_000L, 0L, true),
                new PairPresence("frontend->cartservice", 10_000L, true),
                new TrainedBaseline("a->b", null, "training.json", "no series"),
                new TrackedIncident(new Incident("latency-dst:db-1", IncidentStatus.OPEN, Severity.SEV2,
                        IncidentKind.LATENCY, "dst:db", List.of("a->db"), T, T, null, 12, "opened", List.of(EVIDENCE),
                        "db", SuspectKind.CALLEE, "its hot pairs point at db", List.of("latency-dst:api-1"), null, null), true),
                new io.incidentdetector.event.ControlCommand("c-1", T, io.incidentdetector.event.ControlCommand.Kind.SILENCE,
                        null, "cartservice", null, null, null, T, T.plusSeconds(3600), true, null, "alice", "upgrade"),
                new io.incidentdetector.event.ControlCommand("c-2", T,
                        io.incidentdetector.event.ControlCommand.Kind.SET_THRESHOLD, null, null, "checkout-path", 14.0,
                        5.0, null, null, false, null, null, null),
                io.incidentdetector.control.ControlAudit.unreadable("control-0-7", T, "not JSON", "{"),
                io.incidentdetector.control.ControlAudit.unreadable("control-0-8", T, "not JSON", "{{")
                        .bounded(new io.incidentdetector.connectors.deadletter.DeadLetterBounds(1)),
                new io.incidentdetector.control.Episode("latency-checkout-path-1", true, false, true, Severity.SEV2,
                        "alice at " + T, new Incident("latency-checkout-path-1", IncidentStatus.UPDATED, Severity.SEV2,
                        IncidentKind.LATENCY, "checkout-path", List.of(HEAT.pair()), T, T, null, 11, "updated",
                        List.of(EVIDENCE), null, null, null, List.of(), "silence c-1 of service cartservice", "alice")));
    }

    static CanaryState canaryState() {
        CanaryState state = new CanaryState();
        state.binStart = 30_000L;
        state.finishedBins = 1;
        state.open.baseline.put(3, 4L);
        FinishedBin bin = new FinishedBin();
        bin.canary.put(-3, 9L);
        bin.canaryTotal = 9;
        state.recent.add(bin);
        state.codes.put(-3, Boolean.TRUE);
        state.active.put("-3/5", Boolean.TRUE);
        return state;
    }

    @Test
    void parsedLinesOfEventsArePojosToo() throws Exception {
        TypeInformation<ParsedLine<ServiceCallEvent>> type = new TypeHint<ParsedLine<ServiceCallEvent>>() {}.getTypeInfo();
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertThat(type.toString()).contains("value: PojoType<io.incidentdetector.event.ServiceCallEvent");
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<ParsedLine<ServiceCallEvent>> serializer = type.createSerializer(config);
        ParsedLine<ServiceCallEvent> line = ParsedLine.ok("f", 7, new ServiceCallEvent(1, "a", "b", 2, 200));
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(line, out);
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(line);
    }

    @Test
    void parsedKafkaRecordsOfEitherKindArePojosToo() throws Exception {
        TypeInformation<ParsedRecord<InputEvent>> type = new TypeHint<ParsedRecord<InputEvent>>() {}.getTypeInfo();
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<ParsedRecord<InputEvent>> serializer = type.createSerializer(config);
        for (ParsedRecord<InputEvent> record : List.of(
                ParsedRecord.ok("t", 1, 9L, new InputEvent(new ServiceCallEvent(1, "a", "b", 2, 200), null)),
                ParsedRecord.ok("t", 0, 10L, new InputEvent(null, new ClientErrorEvent(1, "5.1", 3, "c"))),
                ParsedRecord.<InputEvent>failed("t", 2, 11L, new byte[] {1, 2}, "not JSON"))) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(record, out);
            ParsedRecord<InputEvent> back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).usingRecursiveComparison().isEqualTo(record);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    @SuppressWarnings("unchecked")
    void isAPojoAndRoundTripsWithGenericTypesDisabled(Object record) throws Exception {
        TypeInformation<Object> type = (TypeInformation<Object>) TypeInformation.of(record.getClass());
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.configure(conf, Thread.currentThread().getContextClassLoader());
        assertThat(config.hasGenericTypesDisabled()).isTrue();
        TypeSerializer<Object> serializer = type.createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(record, out);
        Object back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        if (record instanceof CanaryState || record instanceof PairState || record instanceof OnlineBaseline) {
            assertThat(back).usingRecursiveComparison().isEqualTo(record);
        } else {
            assertThat(back).isEqualTo(record);
        }
    }

    private static OnlineBaseline learnedModel() {
        OnlineBaseline model = new BaselineTrainer(io.incidentdetector.config.ModelConfig.defaults())
                .start(new double[] {4, 4.2, 3.9, 4.1}, 10_000L, java.time.Duration.ofSeconds(10));
        model.judge(20_000L, 4.4, io.incidentdetector.model.BaselineSettings.of(
                io.incidentdetector.config.ModelConfig.defaults(), java.time.Duration.ofSeconds(10)));
        return model;
    }
}
