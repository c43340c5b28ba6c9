package io.incidentdetector.evaluate;

import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.scenario.CanaryScenario;
import io.incidentdetector.scenario.MeshScenario;
import io.incidentdetector.scenario.ReplayMesh;
import io.incidentdetector.scenario.ScenarioCatalog;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FaultLabelsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void meshFaultsOnServicesWithTwoCallersExpectSev1OnPairsSev2AndBelow100MsNothing() {
        MeshScenario scenario = (MeshScenario) ScenarioCatalog.get("eval-mesh");
        List<FaultLabel> labels = FaultLabels.mesh(scenario, T0);
        assertThat(labels).hasSize(scenario.faults().size());
        for (int i = 0; i < labels.size(); i++) {
            MeshScenario.MeshFault fault = scenario.faults().get(i);
            FaultLabel label = labels.get(i);
            assertThat(label.start()).isEqualTo(T0.plusSeconds(fault.fromSecond()));
            assertThat(label.kind()).isEqualTo(IncidentKind.LATENCY);
            Severity expected = fault.delayMs() < 100 ? null : label.isPair() ? Severity.SEV2
                    : scenario.topology().callersOf(fault.target()).size() >= 2 ? Severity.SEV1 : Severity.SEV2;
            assertThat(label.expected()).as(fault.toString()).isEqualTo(expected);
            assertThat(label.promised()).as(fault.toString())
                    .isEqualTo(fault.delayMs() >= 100 && fault.toSecond() - fault.fromSecond() >= 180);
        }
        assertThat(labels).anyMatch(FaultLabel::isPair).anyMatch(l -> l.expected() == Severity.SEV1)
                .anyMatch(l -> l.expected() == null).anyMatch(FaultLabel::promised);
    }

    @Test
    void replayFaultsExpectSev1IntoAServiceWithTwoCallersAndSev2WithOne() {
        List<FaultLabel> labels = FaultLabels.replay(ReplayMesh.of(1, Duration.ofHours(8)));
        // the third fault: 100 ms for 1 minute into currencyservice (2 callers); the fifth: 200 ms for 3 minutes into
        // paymentservice (checkoutservice only)
        assertThat(labels.get(0).expected()).as("50 ms").isNull();
        assertThat(labels.get(2).target()).isEqualTo("currencyservice");
        assertThat(labels.get(2).expected()).isEqualTo(Severity.SEV1);
        assertThat(labels.get(2).promised()).as("1 minute").isFalse();
        FaultLabel payment = labels.stream().filter(l -> l.target().equals("paymentservice")).findFirst().orElseThrow();
        assertThat(payment.expected()).isEqualTo(Severity.SEV2);
        assertThat(payment.promised()).isTrue();
    }

    @Test
    void canaryRegressionsAbove1xArePromisedFrom2xOnACodeWith20ErrorsABin() {
        CanaryScenario scenario = new CanaryScenario("c", "", Duration.ofHours(1), "a", "b",
                List.of(new CanaryScenario.CodeRate(1, 60), new CanaryScenario.CodeRate(7, 2)),
                List.of(new CanaryScenario.Regression(1, 0, 600, 1), new CanaryScenario.Regression(1, 600, 1200, 2),
                        new CanaryScenario.Regression(1, 1200, 1800, 1.5),
                        new CanaryScenario.Regression(7, 1800, 2400, 5)));
        List<FaultLabel> labels = FaultLabels.canary(scenario, T0, 30);
        assertThat(labels).extracting(FaultLabel::target).containsExactly("code:1", "code:1", "code:7");
        assertThat(labels).extracting(FaultLabel::promised).containsExactly(true, false, false);
        assertThat(labels.get(0).start()).isEqualTo(T0.plusSeconds(600));
        assertThat(labels.get(0).kind()).isEqualTo(IncidentKind.ERROR_RATE);
        assertThat(labels.get(0).size()).isEqualTo(2.0);
        assertThat(FaultLabels.canary(scenario, T0, 10).get(0).promised()).as("10 errors a bin").isFalse();
    }
}
