package io.incidentdetector.heat;

import io.incidentdetector.config.GroupConfig;
import io.incidentdetector.config.GroupingConfig;
import io.incidentdetector.config.GroupingRule;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.incident.Severity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupingTest {

    private static Grouping grouping(List<GroupingRule> rules, GroupConfig... explicit) {
        return new Grouping(LatencyConfig.defaults().withGroups(List.of(explicit),
                new GroupingConfig(rules, null, null, null, null)));
    }

    @Test
    void byDefaultEveryPairJoinsItsCalleesGroupAndAlsoTheExplicitGroupsThatNameIt() {
        Grouping g = new Grouping(LatencyConfig.defaults().withGroups(
                List.of(new GroupConfig("checkout", List.of("web:cart"), null, null, null)), null));
        assertThat(g.groupsOf("web->cart")).containsExactly("checkout", "dst:cart");
        assertThat(g.groupsOf("web->catalog")).containsExactly("dst:catalog");
    }

    @Test
    void rulesCombine() {
        assertThat(grouping(List.of(GroupingRule.SOURCE)).groupsOf("web->cart")).containsExactly("src:web");
        assertThat(grouping(List.of(GroupingRule.DESTINATION, GroupingRule.SOURCE)).groupsOf("web->cart"))
                .containsExactly("dst:cart", "src:web");
        GroupConfig named = new GroupConfig("checkout", List.of("web->cart"), null, null, null);
        assertThat(grouping(List.of(GroupingRule.DESTINATION), named).groupsOf("web->cart"))
                .as("explicit groups only count when the rule is on").containsExactly("dst:cart");
        assertThat(grouping(List.of(GroupingRule.EXPLICIT), named).groupsOf("web->catalog")).isEmpty();
    }

    @Test
    void severityNeedsTheTemperatureAndAHotPairAndSev1TheCountOrTheShare() {
        Grouping.Settings byCount = new Grouping.Settings(10, 4, 2, null);
        assertThat(byCount.severity(10, 1, 1)).as("strictly above the threshold").isNull();
        assertThat(byCount.severity(12, 0, 3)).as("no hot pair").isNull();
        assertThat(byCount.severity(12, 1, 1)).isEqualTo(Severity.SEV2);
        assertThat(byCount.severity(25, 2, 9)).isEqualTo(Severity.SEV1);
        Grouping.Settings byShare = new Grouping.Settings(10, 4, 5, 0.5);
        assertThat(byShare.severity(12, 1, 1)).isEqualTo(Severity.SEV1);
        assertThat(byShare.severity(12, 1, 3)).isEqualTo(Severity.SEV2);
        assertThat(byShare.severity(24, 2, 4)).isEqualTo(Severity.SEV1);
    }
}
