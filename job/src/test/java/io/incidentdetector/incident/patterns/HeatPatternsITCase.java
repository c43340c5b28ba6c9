package io.incidentdetector.incident.patterns;

import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.HeatSignal;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.incidentdetector.TestEvents.CART;
import static io.incidentdetector.TestEvents.GROUP;
import static io.incidentdetector.TestEvents.PAYMENT;
import static io.incidentdetector.TestEvents.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;

/** The two named CEP patterns, each on a hand-made sequence of group heat. */
class HeatPatternsITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(1, 1);

    static final Duration WINDOW = Duration.ofSeconds(10);

    /** Windows 1..n with the given severities ('-' none, '2' SEV2, '1' SEV1, 'c' cool, '_' no data). */
    static List<GroupHeat> heats(String code) {
        List<GroupHeat> heats = new ArrayList<>();
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '_') {
                continue; // the group reported nothing in this window
            }
            Severity severity = c == '2' ? Severity.SEV2 : c == '1' ? Severity.SEV1 : null;
            List<String> hot = c == '1' ? List.of(PAYMENT, CART) : c == '2' ? List.of(CART) : List.of();
            heats.add(new GroupHeat(GROUP, windowEnd(i + 1), c == 'c' ? 1 : 12, 10, severity, c == 'c', hot, List.of()));
        }
        return heats;
    }

    static List<HeatSignal> signals(SignalPattern<GroupHeat, HeatSignal> pattern, String code) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<GroupHeat> input = env.fromData(heats(code)).assignTimestampsAndWatermarks(
                WatermarkStrategy.<GroupHeat>forMonotonousTimestamps().withTimestampAssigner((h, ts) -> h.time().toEpochMilli()));
        List<HeatSignal> out = new ArrayList<>();
        try (CloseableIterator<HeatSignal> it = CEP.pattern(input.keyBy(GroupHeat::group, Types.STRING), pattern.pattern())
                .process(pattern.toSignal(), TypeInformation.of(HeatSignal.class)).executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void sustainedHeatNeedsConsecutiveHotWindowsAndMatchesOncePerRun() throws Exception {
        List<HeatSignal> out = signals(new SustainedHeatPattern(3, WINDOW), "-22-2-222221111-");
        // a lone hot window and a pair of them are transients; the run of five hot windows matches once,
        // the run of four SEV1 windows once more, and only a match made entirely of SEV1 windows is SEV1
        assertThat(out).extracting(HeatSignal::time).containsExactly(windowEnd(9), windowEnd(12), windowEnd(15));
        assertThat(out).extracting(HeatSignal::severity).containsExactly(Severity.SEV2, Severity.SEV2, Severity.SEV1);
        assertThat(out.get(0).since()).isEqualTo(windowEnd(7));
        assertThat(out.get(2).subjects()).containsExactly(PAYMENT, CART);
    }

    @Test
    void aRunDoesNotSpanAGapInTheData() throws Exception {
        // hot, hot, (three windows without data), hot: not three consecutive windows
        assertThat(signals(new SustainedHeatPattern(3, WINDOW), "22___2")).isEmpty();
        assertThat(signals(new SustainedHeatPattern(3, WINDOW), "22___222")).extracting(HeatSignal::time)
                .containsExactly(windowEnd(8));
    }

    @Test
    void cooledDownNeedsTheWholeResolveTimeBelowTheLowerThreshold() throws Exception {
        CooledDownPattern pattern = new CooledDownPattern(Duration.ofSeconds(25), WINDOW);
        assertThat(pattern.windows()).isEqualTo(3);
        List<HeatSignal> out = signals(pattern, "2cc2ccc-cc");
        assertThat(out).extracting(HeatSignal::time).containsExactly(windowEnd(7));
        assertThat(out.get(0).kind()).isEqualTo(HeatSignal.Kind.COOLED_DOWN);
        assertThat(out.get(0).since()).isEqualTo(windowEnd(5));
    }
}
