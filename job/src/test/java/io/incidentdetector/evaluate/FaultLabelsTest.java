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
            String service = label.latencyTarget().service();
            Severity expected = fault.delayMs() < 100 || fault.target().startsWith("caller:") ? null
                    : label.isPair() ? Severity.SEV2
                    : scenario.topology().callersOf(service).size() >= 2 ? Severity.SEV1 : Severity.SEV2;
            assertThat(label.expected()).as(fault.toString()).isEqualTo(expected);
            assertThat(label.promised()).as(fault.toString())
                    .isEqualTo(fault.delayMs() >= 100 && fault.toSecond() - fault.fromSecond() >= 180);
        }
        assertThat(labels).anyMatch(FaultLabel::isPair).anyMatch(l -> l.expected() == Severity.SEV1)
                .anyMatch(l -> l.expected() == null).anyMatch(FaultLabel::promised);
        assertThat(labels).filteredOn(l -> l.faultKind().equals("caller CPU")).hasSize(4)
                .filteredOn(FaultLabel::promised).hasSize(3);
        assertThat(labels).filteredOn(l -> l.faultKind().equals("pod network")).hasSize(4)
                .filteredOn(FaultLabel::promised).hasSize(3);
        List<FaultLabel> quick = FaultLabels.mesh((MeshScenario) ScenarioCatalog.get("eval-mesh-quick"), T0);
        assertThat(quick).extracting(FaultLabel::faultKind).containsOnly("service", "pair", "caller CPU", "pod network")
                .containsOnlyOnce("caller CPU", "pod network");
    }

    @Test
    void meshCulpritsAreTheServiceOfAServiceCallerOrPodFaultAndAPairWithItsCalleeWhenItIsTheOnlyCaller() {
        MeshScenario base = (MeshScenario) ScenarioCatalog.get("eval-mesh");
        // svc-02 has one caller, api-05; db-06 has eight
        MeshScenario scenario = new MeshScenario("t", "", Duration.ofHours(1), base.services(), base.edges(),
                base.callsPerSecond(), base.topologySeed(), base.dayLength(), 0, List.of(
                        new MeshScenario.MeshFault("caller:svc-07", 0, 300, 200),
                        new MeshScenario.MeshFault("pod:svc-07", 0, 300, 200),
                        new MeshScenario.MeshFault("api-05->svc-02", 0, 300, 200),
                        new MeshScenario.MeshFault("svc-02->db-06", 0, 300, 200),
                        new MeshScenario.MeshFault("db-06", 0, 300, 200)));
        assertThat(scenario.topology().callersOf("svc-02")).containsExactly("api-05");
        List<FaultLabel> labels = FaultLabels.mesh(scenario, T0);
        assertThat(labels).extracting(FaultLabel::culprits).containsExactly(List.of("svc-07"), List.of("svc-07"),
                List.of("api-05->svc-02", "svc-02"), List.of("svc-02->db-06"), List.of("db-06"));
        assertThat(labels).extracting(FaultLabel::expected).containsExactly(null, Severity.SEV1, Severity.SEV2,
                Severity.SEV2, Severity.SEV1);
        assertThat(labels.get(0).slowCaller()).isEqualTo("svc-07");
        assertThat(labels.get(0).slowCallee()).as("its calls in are not slowed").isNull();
        assertThat(labels.get(1).slowCallee()).isEqualTo("svc-07");
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
        // after the 8 hours: a caller's CPU (no expected severity) and a pod (its service's callers: one)
        assertThat(labels).extracting(FaultLabel::faultKind).endsWith("service", "caller CPU", "pod network");
        FaultLabel caller = labels.get(labels.size() - 2);
        assertThat(caller.culprits()).containsExactly("frontend");
        assertThat(caller.expected()).isNull();
        assertThat(caller.promised()).isTrue();
        FaultLabel pod = labels.get(labels.size() - 1);
        assertThat(pod.culprits()).containsExactly("checkoutservice");
        assertThat(pod.expected()).isEqualTo(Severity.SEV2);
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
