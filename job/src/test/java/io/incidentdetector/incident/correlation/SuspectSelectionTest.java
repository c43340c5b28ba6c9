package io.incidentdetector.incident.correlation;

import io.incidentdetector.incident.correlation.SuspectSelection.Open;
import io.incidentdetector.incident.correlation.SuspectSelection.Suspect;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SuspectSelectionTest {

    private static Open incident(String id, String... pairs) {
        return new Open(id, List.of(pairs));
    }

    @Test
    void anIncidentIsAboutTheCalleeItsPairsShareElseTheCallerElseTheMostCalled() {
        assertThat(SuspectSelection.serviceOf(List.of("a->db", "b->db"))).isEqualTo("db");
        assertThat(SuspectSelection.serviceOf(List.of("api->x", "api->y"))).isEqualTo("api");
        assertThat(SuspectSelection.serviceOf(List.of("a->x", "b->x", "c->y"))).isEqualTo("x");
        assertThat(SuspectSelection.serviceOf(List.of())).isNull();
    }

    @Test
    void inAChainTheDeepestOpenIncidentIsTheRootAndEveryIncidentAboveLinksToIt() {
        CallGraph graph = CallGraph.of(List.of("web->api", "api->svc", "svc->db"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(incident("i-api", "web->api"),
                incident("i-db", "svc->db"), incident("i-svc", "api->svc")), graph);
        assertThat(s.get("i-db").service()).isEqualTo("db");
        assertThat(s.get("i-db").related()).containsExactly("i-api", "i-svc");
        assertThat(s.get("i-api").service()).isEqualTo("db");
        assertThat(s.get("i-api").related()).containsExactly("i-db");
        assertThat(s.get("i-api").reason()).contains("api calls db through 1 other service").contains("i-db");
        assertThat(s.get("i-svc").reason()).contains("svc calls db directly");
    }

    @Test
    void fanInOneSlowServiceCalledByManyIsOneRootWithItsCallersAsSubjects() {
        CallGraph graph = CallGraph.of(List.of("a->db", "b->db", "c->db", "web->a"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(incident("i-db", "a->db", "b->db", "c->db"),
                incident("i-a", "web->a")), graph);
        assertThat(s.get("i-db").service()).isEqualTo("db");
        assertThat(s.get("i-a").service()).isEqualTo("db");
    }

    @Test
    void fanOutTwoSlowCalleesOfOneCallerAreTwoRootsAndTheCallerLinksToTheFurthest() {
        CallGraph graph = CallGraph.of(List.of("web->api", "api->cache", "api->svc", "svc->db"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(incident("i-api", "web->api"),
                incident("i-cache", "api->cache"), incident("i-db", "svc->db")), graph);
        assertThat(s.get("i-cache").service()).isEqualTo("cache");
        assertThat(s.get("i-db").service()).isEqualTo("db");
        assertThat(s.get("i-api").service()).as("two calls down beats one").isEqualTo("db");
        assertThat(s.get("i-api").related()).containsExactly("i-db", "i-cache");
    }

    @Test
    void twoSimultaneousFaultsInSeparateBranchesStayTwoRoots() {
        CallGraph graph = CallGraph.of(List.of("web->a", "web->b", "a->db1", "b->db2"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(incident("i-db1", "a->db1"),
                incident("i-db2", "b->db2")), graph);
        assertThat(s.get("i-db1").service()).isEqualTo("db1");
        assertThat(s.get("i-db2").service()).isEqualTo("db2");
        assertThat(s.get("i-db1").related()).isEmpty();
        assertThat(s.get("i-db2").related()).isEmpty();
    }

    @Test
    void servicesInACallCycleAreNeverEachOthersRoot() {
        CallGraph graph = CallGraph.of(List.of("x->a", "y->b", "a->b", "b->a"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(incident("i-a", "x->a"), incident("i-b", "y->b")),
                graph);
        assertThat(s.get("i-a").service()).isEqualTo("a");
        assertThat(s.get("i-b").service()).isEqualTo("b");
    }

    @Test
    void distancesFollowCallsOnlyDownstream() {
        CallGraph graph = CallGraph.of(List.of("a->b", "b->c"));
        assertThat(graph.distance("a", "c")).isEqualTo(2);
        assertThat(graph.distance("c", "a")).isEqualTo(-1);
        assertThat(graph.strictlyDownstream("a", "c")).isTrue();
        assertThat(graph.strictlyDownstream("c", "a")).isFalse();
    }
}
