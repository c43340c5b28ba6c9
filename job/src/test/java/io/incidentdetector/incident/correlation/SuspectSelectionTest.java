package io.incidentdetector.incident.correlation;

import io.incidentdetector.incident.SuspectKind;
import io.incidentdetector.incident.correlation.SuspectSelection.Open;
import io.incidentdetector.incident.correlation.SuspectSelection.Suspect;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SuspectSelectionTest {

    private static Open incident(String id, String... pairs) {
        return new Open(id, List.of(pairs));
    }

    /** An open incident with excess figures: {@code "a->b", 50.0, "c->b", 48.0, ...}, opened {@code second}s in. */
    private static Open hot(String id, int second, Object... pairsAndExcess) {
        Map<String, Double> excess = new LinkedHashMap<>();
        for (int i = 0; i < pairsAndExcess.length; i += 2) {
            excess.put((String) pairsAndExcess[i], (Double) pairsAndExcess[i + 1]);
        }
        return new Open(id, Instant.EPOCH.plusSeconds(second), List.copyOf(excess.keySet()), excess, null);
    }

    @Test
    void aCalleeHotFromMostOfItsCallersIsTheSuspect() {
        CallGraph graph = CallGraph.of(List.of("a->cart", "b->cart", "c->cart", "a->x"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(hot("i-cart", 0, "a->cart", 52.0, "b->cart", 50.0,
                "c->cart", 49.0)), graph);
        assertThat(s.get("i-cart")).extracting(Suspect::suspect, Suspect::kind).containsExactly("cart",
                SuspectKind.CALLEE);
        assertThat(s.get("i-cart").reason()).isEqualTo("3 of cart's 3 callers see it slow (+50 ms)");
        assertThat(s.get("i-cart").root()).isTrue();
    }

    /** The case: a CPU fault in frontend slows its calls; each callee's group opens its own incident. */
    @Test
    void aCallerWhoseCallsAreHotWhileTheCalleesOtherCallersAreCoolIsTheSuspectOfEveryCalleeGroup() {
        CallGraph graph = CallGraph.of(List.of("frontend->cart", "frontend->catalog", "frontend->currency",
                "frontend->ads", "frontend->shipping", "checkout->cart", "checkout->currency", "checkout->shipping",
                "recommendation->catalog"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(hot("i-ads", 20, "frontend->ads", 80.0),
                hot("i-cart", 10, "frontend->cart", 90.0), hot("i-catalog", 10, "frontend->catalog", 100.0),
                hot("i-currency", 30, "frontend->currency", 70.0)), graph);
        assertThat(s.values()).extracting(Suspect::suspect, Suspect::kind).containsOnly(
                org.assertj.core.groups.Tuple.tuple("frontend", SuspectKind.CALLER));
        assertThat(s.get("i-cart").reason())
                .isEqualTo("frontend's calls to 4 of its 5 callees are hot while their other callers are cool"
                        + " (+85 ms)");
        assertThat(s.get("i-cart").root()).as("the first to open, then the first by id").isTrue();
        assertThat(s.get("i-cart").related()).containsExactly("i-ads", "i-catalog", "i-currency");
        assertThat(s.get("i-catalog").related()).containsExactly("i-cart");
        assertThat(s.get("i-ads").root()).isFalse();
    }

    @Test
    void oneHotEdgeAloneIsTheSuspectAndTheServicesAboveItLinkToIt() {
        CallGraph graph = CallGraph.of(List.of("frontend->checkout", "checkout->payment", "refund->payment",
                "checkout->shipping"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(hot("i-payment", 0, "checkout->payment", 200.0),
                hot("i-checkout", 10, "frontend->checkout", 60.0)), graph);
        assertThat(s.get("i-payment")).extracting(Suspect::suspect, Suspect::kind).containsExactly(
                "checkout->payment", SuspectKind.EDGE);
        assertThat(s.get("i-payment").reason())
                .isEqualTo("only checkout->payment is hot; payment's other callers are cool (+200 ms)");
        assertThat(s.get("i-checkout")).extracting(Suspect::suspect, Suspect::kind).containsExactly(
                "checkout->payment", SuspectKind.EDGE);
        assertThat(s.get("i-checkout").related()).containsExactly("i-payment");
        assertThat(s.get("i-checkout").reason()).startsWith("checkout makes the call checkout->payment, and i-payment"
                + " is open on checkout->payment").endsWith("(+60 ms here, +200 ms there)");
        assertThat(s.get("i-payment").related()).containsExactly("i-checkout");
    }

    @Test
    void anIncidentWithTwoSuspectsAsGoodKeepsTheOneItNamedElseTakesTheLargerExcess() {
        CallGraph graph = CallGraph.of(List.of("frontend->cart", "checkout->payment"));
        Open both = hot("i-path", 0, "checkout->payment", 199.0, "frontend->cart", 198.0);
        assertThat(SuspectSelection.select(List.of(both), graph).get("i-path").suspect()).isEqualTo("payment");
        Open named = new Open(both.id(), both.openedAt(), both.subjects(), both.excess(), "cart");
        assertThat(SuspectSelection.select(List.of(named), graph).get("i-path").suspect()).isEqualTo("cart");
    }

    @Test
    void aLoneHotEdgeIntoAServiceAboveASlowOneIsExplainedByIt() {
        // db is slow; of svc's three callers only api's pair crossed its threshold
        CallGraph graph = CallGraph.of(List.of("api->svc", "web->svc", "cron->svc", "svc->db", "x->db"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(hot("i-db", 0, "svc->db", 50.0, "x->db", 52.0),
                hot("i-svc", 0, "api->svc", 15.0)), graph);
        assertThat(s.get("i-svc")).extracting(Suspect::suspect, Suspect::kind).containsExactly("db",
                SuspectKind.CALLEE);
        assertThat(s.get("i-svc").reason()).isEqualTo("svc calls db directly, and i-db is open on db: that slowness"
                + " reaches api->svc too (+15 ms here, +51 ms there)");
        // the same edge slowed by more than db passes on is a suspect of its own
        Map<String, Suspect> t = SuspectSelection.select(List.of(hot("i-db", 0, "svc->db", 50.0, "x->db", 52.0),
                hot("i-svc", 0, "api->svc", 200.0)), graph);
        assertThat(t.get("i-svc")).extracting(Suspect::suspect, Suspect::kind).containsExactly("api->svc",
                SuspectKind.EDGE);
    }

    @Test
    void aSlowPodWhoseIncomingAndOutgoingPairsAreHotIsTheServiceAsACallee() {
        CallGraph graph = CallGraph.of(List.of("web->cart", "api->cart", "cart->redis", "cart->auth",
                "other->redis", "other->auth", "other2->auth"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(hot("i-cart", 0, "web->cart", 40.0, "api->cart",
                42.0), hot("i-redis", 0, "cart->redis", 40.0), hot("i-auth", 0, "cart->auth", 39.0)), graph);
        assertThat(s.values()).extracting(Suspect::suspect, Suspect::kind).containsOnly(
                org.assertj.core.groups.Tuple.tuple("cart", SuspectKind.CALLEE));
        assertThat(s.get("i-cart").reason()).isEqualTo("2 of cart's 2 callers see it slow (+41 ms); its calls to 2"
                + " callees are hot too");
        assertThat(s.get("i-auth").related()).as("one root: the first by id of those opened together")
                .containsExactly("i-cart", "i-redis");
        assertThat(s.get("i-cart").related()).containsExactly("i-auth");
        assertThat(s.get("i-redis").related()).containsExactly("i-auth");
    }

    @Test
    void anUpperServiceSlowedByMoreThanTheOneBelowCanPassOnIsItsOwnSuspect() {
        CallGraph graph = CallGraph.of(List.of("web->api", "api->svc", "web->svc", "svc->db", "x->db"));
        // svc calls db; a slow db alone reaches svc's callers by at most its own +100 ms
        Map<String, Suspect> s = SuspectSelection.select(List.of(hot("i-db", 0, "svc->db", 100.0, "x->db", 104.0),
                hot("i-svc", 0, "api->svc", 180.0, "web->svc", 175.0), hot("i-api", 0, "web->api", 60.0)), graph);
        assertThat(s.get("i-db").suspect()).isEqualTo("db");
        assertThat(s.get("i-svc").suspect()).isEqualTo("svc");
        assertThat(s.get("i-svc").root()).isTrue();
        assertThat(s.get("i-svc").reason()).isEqualTo(
                "2 of svc's 2 callers see it slow (+178 ms); more than db below it passes on (at most +102 ms)");
        assertThat(s.get("i-api").suspect()).as("api (+60 ms) is explained by svc above db").isEqualTo("svc");
        assertThat(s.get("i-api").related()).containsExactly("i-svc", "i-db");

        // the same shape, svc only as slow as db passes on: svc is explained by db and links to it
        Map<String, Suspect> t = SuspectSelection.select(List.of(hot("i-db", 0, "svc->db", 100.0, "x->db", 104.0),
                hot("i-svc", 0, "api->svc", 40.0, "web->svc", 35.0)), graph);
        assertThat(t.get("i-svc").suspect()).isEqualTo("db");
        assertThat(t.get("i-svc").related()).containsExactly("i-db");
        assertThat(t.get("i-svc").reason()).isEqualTo("svc calls db directly, and i-db is open on db: that slowness"
                + " reaches svc's callers too (+38 ms here, +102 ms there)");
    }

    @Test
    void aSmallUpstreamExcessDoesNotHideALargeOneBelowIt() {
        CallGraph graph = CallGraph.of(List.of("web->svc", "api->svc", "svc->db", "x->db"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(hot("i-svc", 0, "web->svc", 20.0, "api->svc",
                22.0), hot("i-db", 60, "svc->db", 300.0, "x->db", 310.0)), graph);
        assertThat(s.get("i-db").suspect()).isEqualTo("db");
        assertThat(s.get("i-db").root()).isTrue();
        assertThat(s.get("i-svc").suspect()).isEqualTo("db");
        assertThat(s.get("i-db").related()).containsExactly("i-svc");
    }

    @Test
    void ofTwoSuspectsBelowTheLargerExcessComesFirstThenTheFurthest() {
        CallGraph graph = CallGraph.of(List.of("web->api", "api->cache", "api->svc", "svc->db"));
        Map<String, Suspect> cacheLarger = SuspectSelection.select(List.of(hot("i-api", 0, "web->api", 30.0),
                hot("i-cache", 0, "api->cache", 200.0), hot("i-db", 0, "svc->db", 40.0)), graph);
        assertThat(cacheLarger.get("i-api").suspect()).isEqualTo("cache");
        assertThat(cacheLarger.get("i-api").related()).containsExactly("i-cache", "i-db");
        Map<String, Suspect> dbLarger = SuspectSelection.select(List.of(hot("i-api", 0, "web->api", 30.0),
                hot("i-cache", 0, "api->cache", 40.0), hot("i-db", 0, "svc->db", 200.0)), graph);
        assertThat(dbLarger.get("i-api").suspect()).isEqualTo("db");
        Map<String, Suspect> same = SuspectSelection.select(List.of(hot("i-api", 0, "web->api", 30.0),
                hot("i-cache", 0, "api->cache", 50.0), hot("i-db", 0, "svc->db", 50.0)), graph);
        assertThat(same.get("i-api").suspect()).as("equal excess: the furthest").isEqualTo("db");
    }

    @Test
    void aCallerWhoseCalleesAreSlowBecauseOfAServiceBelowThemIsExplainedByIt() {
        // api's only callees svc1 and svc2 are slow because db below them is: db is the suspect, not api
        CallGraph graph = CallGraph.of(List.of("api->svc1", "api->svc2", "svc1->db", "svc2->db", "x->db"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(hot("i-db", 0, "svc1->db", 100.0, "svc2->db", 98.0,
                "x->db", 101.0), hot("i-svc1", 0, "api->svc1", 30.0), hot("i-svc2", 0, "api->svc2", 25.0)), graph);
        assertThat(s.values()).extracting(Suspect::suspect).containsOnly("db");
        assertThat(s.get("i-db").related()).containsExactly("i-svc1", "i-svc2");
        assertThat(s.get("i-svc1").reason()).contains("that slowness reaches api's calls too");
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
        assertThat(s.get("i-db").suspect()).isEqualTo("db");
        assertThat(s.get("i-db").related()).containsExactly("i-api", "i-svc");
        assertThat(s.get("i-api").suspect()).isEqualTo("db");
        assertThat(s.get("i-api").related()).containsExactly("i-db");
        assertThat(s.get("i-api").reason()).contains("api calls db through 1 other service").contains("i-db");
        assertThat(s.get("i-svc").reason()).contains("svc calls db directly");
    }

    @Test
    void fanInOneSlowServiceCalledByManyIsOneRootWithItsCallersAsSubjects() {
        CallGraph graph = CallGraph.of(List.of("a->db", "b->db", "c->db", "web->a"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(incident("i-db", "a->db", "b->db", "c->db"),
                incident("i-a", "web->a")), graph);
        assertThat(s.get("i-db").suspect()).isEqualTo("db");
        assertThat(s.get("i-a").suspect()).isEqualTo("db");
    }

    @Test
    void fanOutTwoSlowCalleesOfOneCallerAreTwoRootsAndTheCallerLinksToTheFurthest() {
        CallGraph graph = CallGraph.of(List.of("web->api", "api->cache", "api->svc", "svc->db"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(incident("i-api", "web->api"),
                incident("i-cache", "api->cache"), incident("i-db", "svc->db")), graph);
        assertThat(s.get("i-cache").suspect()).isEqualTo("cache");
        assertThat(s.get("i-db").suspect()).isEqualTo("db");
        assertThat(s.get("i-api").suspect()).as("two calls down beats one").isEqualTo("db");
        assertThat(s.get("i-api").related()).containsExactly("i-db", "i-cache");
    }

    @Test
    void twoSimultaneousFaultsInSeparateBranchesStayTwoRoots() {
        CallGraph graph = CallGraph.of(List.of("web->a", "web->b", "a->db1", "b->db2"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(incident("i-db1", "a->db1"),
                incident("i-db2", "b->db2")), graph);
        assertThat(s.get("i-db1").suspect()).isEqualTo("db1");
        assertThat(s.get("i-db2").suspect()).isEqualTo("db2");
        assertThat(s.get("i-db1").related()).isEmpty();
        assertThat(s.get("i-db2").related()).isEmpty();
    }

    @Test
    void servicesInACallCycleAreNeverEachOthersRoot() {
        CallGraph graph = CallGraph.of(List.of("x->a", "w->a", "y->b", "v->b", "a->b", "b->a"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(incident("i-a", "x->a", "w->a"),
                incident("i-b", "y->b", "v->b")), graph);
        assertThat(s.get("i-a").suspect()).isEqualTo("a");
        assertThat(s.get("i-b").suspect()).isEqualTo("b");
    }

    @Test
    void hotPairsAroundACallCycleNameSuspectsWithoutLoopingForever() {
        CallGraph graph = CallGraph.of(List.of("a->b", "b->c", "c->a", "x->a", "x->b", "x->c"));
        Map<String, Suspect> s = SuspectSelection.select(List.of(hot("i-b", 0, "a->b", 50.0),
                hot("i-c", 0, "b->c", 50.0), hot("i-a", 0, "c->a", 50.0)), graph);
        assertThat(s.values()).allSatisfy(suspect -> assertThat(suspect.suspect()).isNotNull());
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
