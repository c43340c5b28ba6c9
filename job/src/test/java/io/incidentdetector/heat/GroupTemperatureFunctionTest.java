package io.incidentdetector.heat;

import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.Severity;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.incidentdetector.TestEvents.CART;
import static io.incidentdetector.TestEvents.CHECKOUT;
import static io.incidentdetector.TestEvents.PAYMENT;
import static io.incidentdetector.TestEvents.member;
import static io.incidentdetector.TestEvents.ts;
import static io.incidentdetector.TestEvents.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;

class GroupTemperatureFunctionTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, GroupMember, GroupHeat> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new GroupTemperatureFunction(List.of(CHECKOUT))), GroupMember::group,
                Types.STRING);
    }

    @Test
    void sumsEachWindowSeparatelyEvenWhenOneWatermarkReleasesSeveralWindows() throws Exception {
        try (var h = harness()) {
            h.open();
            // three windows of both pairs arrive before any watermark, in arrival order that mixes windows
            h.processElement(member(CART, 1, 7), ts(1) - 1);
            h.processElement(member(CART, 2, 8), ts(2) - 1);
            h.processElement(member(PAYMENT, 1, 1), ts(1) - 1);
            h.processElement(member(CART, 3, 9), ts(3) - 1);
            h.processElement(member(PAYMENT, 3, 7), ts(3) - 1);
            h.processElement(member(PAYMENT, 2, 0), ts(2) - 1);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(ts(3));

            List<GroupHeat> out = h.extractOutputValues();
            assertThat(out).extracting(GroupHeat::time).containsExactly(windowEnd(1), windowEnd(2), windowEnd(3));
            assertThat(out).extracting(GroupHeat::temperature).containsExactly(8.0, 8.0, 16.0);
            assertThat(out).extracting(GroupHeat::severity).containsExactly(null, null, Severity.SEV1);
            assertThat(out.get(0).hotSubjects()).containsExactly(CART);
            assertThat(out.get(2).hotSubjects()).containsExactly(PAYMENT, CART);
            assertThat(h.numEventTimeTimers()).isZero();
            // only the pairs still carrying heat remain, and no buffered windows
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    @Test
    void oneHotPairOverTheThresholdIsSev2AndACooledGroupLeavesNoStateOrTimers() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(member(CART, 1, 11), ts(1) - 1);
            h.processElement(member(PAYMENT, 1, 0), ts(1) - 1);
            h.processWatermark(ts(1));
            h.processElement(member(CART, 2, 3), ts(2) - 1);
            h.processWatermark(ts(2));
            h.processElement(member(CART, 3, 0), ts(3) - 1);
            h.processWatermark(ts(3));

            List<GroupHeat> out = h.extractOutputValues();
            assertThat(out).extracting(GroupHeat::severity).containsExactly(Severity.SEV2, null, null);
            assertThat(out).extracting(GroupHeat::cool).containsExactly(false, true, true);
            assertThat(out.get(1).temperature()).isEqualTo(3.0);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
