package io.incidentdetector.heat;

import io.incidentdetector.TestEvents;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.Severity;

import io.incidentdetector.config.GroupingConfig;
import io.incidentdetector.config.GroupingRule;
import io.incidentdetector.config.LatencyConfig;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.testing.KeyedStateEntries;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.incidentdetector.TestEvents.CART;
import static io.incidentdetector.TestEvents.CHECKOUT;
import static io.incidentdetector.TestEvents.PAYMENT;
import static io.incidentdetector.TestEvents.heat;
import static io.incidentdetector.TestEvents.member;
import static io.incidentdetector.TestEvents.ts;
import static io.incidentdetector.TestEvents.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;

class GroupTemperatureFunctionTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private static KeyedBroadcastOperatorTestHarness<String, GroupMember, ControlCommand, GroupHeat> harness() throws Exception {
        return harness(new Grouping(LatencyConfig.defaults().withGroups(List.of(CHECKOUT), null)));
    }

    private static KeyedBroadcastOperatorTestHarness<String, GroupMember, ControlCommand, GroupHeat> harness(Grouping grouping)
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                new GroupTemperatureFunction(grouping, TTL), List.of(ThresholdOverrides.GROUPS)), GroupMember::group,
                Types.STRING, 1, 1, 0);
    }

    private static GroupMember into(String group, String pair, int window, double accumulator) {
        return new GroupMember(group, heat(pair, window, accumulator));
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
            h.watermark(ts(3));

            List<GroupHeat> out = h.extractOutputValues();
            assertThat(out).extracting(GroupHeat::time).containsExactly(windowEnd(1), windowEnd(2), windowEnd(3));
            assertThat(out).extracting(GroupHeat::temperature).containsExactly(8.0, 8.0, 16.0);
            assertThat(out).extracting(GroupHeat::severity).containsExactly(null, null, Severity.SEV1);
            assertThat(out.get(0).hotSubjects()).containsExactly(CART);
            assertThat(out.get(2).hotSubjects()).containsExactly(PAYMENT, CART);
            // the members stay until their TTL; then nothing is left
            h.watermark(ts(3) + TTL.toMillis());
            assertThat(KeyedStateEntries.of(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.extractOutputValues()).hasSize(3);
        }
    }

    @Test
    void oneHotPairOverTheThresholdIsSev2AndACooledGroupLeavesNoStateOrTimers() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(member(CART, 1, 11), ts(1) - 1);
            h.processElement(member(PAYMENT, 1, 0), ts(1) - 1);
            h.watermark(ts(1));
            h.processElement(member(CART, 2, 3), ts(2) - 1);
            h.watermark(ts(2));
            h.processElement(member(CART, 3, 0), ts(3) - 1);
            h.watermark(ts(3));

            List<GroupHeat> out = h.extractOutputValues();
            assertThat(out).extracting(GroupHeat::severity).containsExactly(Severity.SEV2, null, null);
            assertThat(out).extracting(GroupHeat::cool).containsExactly(false, true, true);
            assertThat(out.get(1).temperature()).isEqualTo(3.0);
            h.watermark(ts(3) + TTL.toMillis());
            assertThat(KeyedStateEntries.of(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aGroupOfOnePairOpensSev2AndAShareOfLiveMembersCanMakeSev1() throws Exception {
        GroupingConfig rules = new GroupingConfig(List.of(GroupingRule.DESTINATION), 10.0, 4.0, 3, 0.5);
        Grouping grouping = new Grouping(LatencyConfig.defaults().withGroups(List.of(), rules));
        try (var h = harness(grouping)) {
            h.open();
            // dst:db has one member: hot alone is half of it or more, so SEV1 by share
            h.processElement(into("dst:db", "a->db", 1, 12), ts(1) - 1);
            h.watermark(ts(1));
            // dst:api has four members, one hot: SEV2 (1 < 3 pairs, 1 < half of 4)
            for (String caller : List.of("a", "b", "c", "d")) {
                h.processElement(into("dst:api", caller + "->api", 2, caller.equals("a") ? 12 : 0), ts(2) - 1);
            }
            h.watermark(ts(2));
            // two of four hot: half of the live members, SEV1
            h.processElement(into("dst:api", "a->api", 3, 14), ts(3) - 1);
            h.processElement(into("dst:api", "b->api", 3, 7), ts(3) - 1);
            h.watermark(ts(3));
            assertThat(h.extractOutputValues()).extracting(GroupHeat::group, GroupHeat::severity).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("dst:db", Severity.SEV1),
                    org.assertj.core.groups.Tuple.tuple("dst:api", Severity.SEV2),
                    org.assertj.core.groups.Tuple.tuple("dst:api", Severity.SEV1));
        }
    }

    @Test
    void theOperationsOfAPairHeatItsEdgeOnceAsMuchAsTheHottestAndCountAsOneMember() throws Exception {
        GroupingConfig rules = new GroupingConfig(List.of(GroupingRule.DESTINATION), 10.0, 4.0, 2, 0.9);
        Grouping grouping = new Grouping(LatencyConfig.defaults().withGroups(List.of(), rules));
        try (var h = harness(grouping)) {
            h.open();
            // a->db's GetItem is hot, its other two operations barely warm; b->db and c->db are cool
            h.processElement(into("dst:db", "a->db->GetItem", 1, 12), ts(1) - 1);
            h.processElement(into("dst:db", "a->db->PutItem", 1, 3), ts(1) - 1);
            h.processElement(into("dst:db", "a->db->other", 1, 7), ts(1) - 1);
            h.processElement(into("dst:db", "b->db", 1, 0), ts(1) - 1);
            h.processElement(into("dst:db", "c->db", 1, 0), ts(1) - 1);
            h.watermark(ts(1));

            GroupHeat heat = h.extractOutputValues().get(0);
            assertThat(heat.temperature()).as("the hottest operation, not the sum of all").isEqualTo(12.0);
            assertThat(heat.hotSubjects()).as("one hot edge, though two of its operations are hot")
                    .containsExactly("a->db");
            // SEV1 takes two hot pairs: two hot operations of one edge are one
            assertThat(heat.severity()).isEqualTo(Severity.SEV2);
            assertThat(heat.evidence()).extracting(e -> e.subject()).as("the evidence names the operations")
                    .contains("a->db->GetItem", "a->db->PutItem", "a->db->other");
        }
    }

    @Test
    void membersSilentForTheTtlLeaveTheGroupSoTheShareCountsOnlyLivePairs() throws Exception {
        GroupingConfig rules = new GroupingConfig(List.of(GroupingRule.DESTINATION), 10.0, 4.0, 3, 0.5);
        Grouping grouping = new Grouping(LatencyConfig.defaults().withGroups(List.of(), rules));
        try (var h = harness(grouping)) {
            h.open();
            for (String caller : List.of("a", "b", "c", "d")) {
                h.processElement(into("dst:api", caller + "->api", 1, 0), ts(1) - 1);
            }
            h.watermark(ts(1));
            // only a reports from now on; b, c and d fall silent and leave after the TTL
            h.processElement(into("dst:api", "a->api", 15, 0), ts(15) - 1);
            h.watermark(ts(15));
            int later = 1 + (int) (TTL.toMillis() / 10_000) + 1;
            h.processElement(into("dst:api", "a->api", later, 12), ts(later) - 1);
            h.watermark(ts(later));
            GroupHeat last = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
            assertThat(last.severity()).as("one hot pair of one live member").isEqualTo(Severity.SEV1);
        }
    }

    @Test
    void aGroupThresholdSetAtRuntimeAppliesFromItsTime() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(new ControlCommand("c-1", windowEnd(2), ControlCommand.Kind.SET_THRESHOLD, null,
                    null, TestEvents.GROUP, 30.0, 2.0, null, null, false, null, null, null), 0);
            h.processElement(member(CART, 1, 12), ts(1) - 1);
            h.processElement(member(CART, 2, 12), ts(2) - 1);
            h.watermark(ts(2));
            List<GroupHeat> out = h.extractOutputValues();
            assertThat(out).extracting(GroupHeat::threshold).containsExactly(10.0, 30.0);
            assertThat(out).extracting(GroupHeat::severity).containsExactly(Severity.SEV2, null);
        }
    }
}
