package io.incidentdetector.judge;

import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.model.BaselineModel;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.incidentdetector.TestEvents.CART;
import static io.incidentdetector.TestEvents.PAYMENT;
import static io.incidentdetector.TestEvents.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BaselineJudgeTest {

    private static final long HOUR = 3_600_000;

    private static WindowStats stats(String pair, int window, double y) {
        Instant end = windowEnd(window);
        return new WindowStats(pair, end.minusSeconds(10), end, 20, y);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, WindowStats, WindowVerdict> harness(
            Map<String, BaselineModel> models, boolean phaseAlign) throws Exception {
        ModelConfig settings = new ModelConfig(0.99, 5, Duration.ofHours(1), phaseAlign, 4, 3.5, 0.0);
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new BaselineJudge(models, settings)), WindowStats::pair, Types.STRING);
    }

    @Test
    void judgesAgainstTheTrainedBandAtTheTrainingPhase() throws Exception {
        // level 10 + 5 cos(phase): 15 at the start of an hour, 5 half an hour later; band +/- 1
        long trainingStart = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, HOUR) + HOUR / 2;
        BaselineModel model = new BaselineModel(new double[] {10, 5, 0}, HOUR, trainingStart, 1, 0, 0.4,
                BaselineModel.TRAINED, 240, 0);
        try (var h = harness(Map.of(CART, model), true)) {
            h.open();
            h.processElement(stats(CART, 1, 5.5), 0);   // first live window = training start: yhat 5
            h.processElement(stats(CART, 2, 7.0), 0);   // 10 s later, still ~5: anomalous
            List<WindowVerdict> out = h.extractOutputValues();
            assertThat(out.get(0).yhat()).isCloseTo(5.0, within(1e-9));
            assertThat(out.get(0).anomalyCount()).isZero();
            assertThat(out.get(0).yMin()).isCloseTo(4.0, within(1e-9));
            assertThat(out.get(0).mae()).isCloseTo(0.5, within(1e-9));
            assertThat(out.get(0).mape()).isCloseTo(0.5 / 5.5, within(1e-9));
            assertThat(out.get(1).anomalyCount()).isEqualTo(1);
        }
        try (var h = harness(Map.of(CART, model), false)) {
            h.open();
            h.processElement(stats(CART, 1, 5.5), 0);   // unaligned: 10 s past the hour, yhat ~ 15
            double expected = 10 + 5 * Math.cos(2 * Math.PI * 10 / 3600.0);
            assertThat(h.extractOutputValues().get(0).yhat()).isCloseTo(expected, within(1e-9));
            assertThat(h.extractOutputValues().get(0).anomalyCount()).isEqualTo(1);
        }
    }

    @Test
    void aPairWithoutTrainingLearnsFromItsFirstWindowsBeforeJudging() throws Exception {
        try (var h = harness(Map.of(), true)) {
            h.open();
            double[] ys = {4.0, 4.2, 3.8, 4.1, 4.0, 30.0};
            for (int i = 0; i < ys.length; i++) {
                h.processElement(stats(PAYMENT, i + 1, ys[i]), 0);
            }
            List<WindowVerdict> out = h.extractOutputValues();
            assertThat(out.subList(0, 4)).extracting(WindowVerdict::model).containsOnly(WindowVerdict.LEARNING);
            assertThat(out.subList(0, 4)).extracting(WindowVerdict::anomalyCount).containsOnly(0);
            assertThat(out.get(0).yhat()).isNull();
            assertThat(out.get(4).model()).isEqualTo(BaselineModel.LEARNED);
            assertThat(out.get(4).yhat()).isCloseTo(4.05, within(1e-9));
            assertThat(out.get(4).anomalyCount()).isZero();
            assertThat(out.get(5).anomalyCount()).isEqualTo(1);
        }
    }
}
