package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.config.AlertmanagerConfig;
import io.incidentdetector.connectors.json.JsonCodec;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's logic without Flink: a hand-driven clock and timers stand in for the task's, and a fake Alertmanager
 * answers each request when the test says so.
 */
class AlertNotifierTest {

    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    static final URI AM1 = URI.create("http://am-1:9093/api/v2/alerts");
    static final URI AM2 = URI.create("http://am-2:9093/prefix/api/v2/alerts");

    final ManualThread thread = new ManualThread();
    final FakeAlertmanagers alertmanagers = new FakeAlertmanagers();
    final DeliveryMetrics metrics = new DeliveryMetrics(new UnregisteredMetricsGroup(), thread::now);

    AlertNotifier notifier(int maxAttempts, int maxPending, Collection<Alert> restored) {
        AlertmanagerConfig config = new AlertmanagerConfig(true, List.of("http://am-1:9093", "http://am-2:9093/prefix/"),
                null, Duration.ofMinutes(1), Duration.ofSeconds(10), maxAttempts, Duration.ofMillis(500),
                Duration.ofSeconds(2), maxPending, null, null, null, null, null, null, null);
        AlertNotifier notifier = new AlertNotifier(config, restored, alertmanagers, thread, metrics);
        notifier.start();
        return notifier;
    }

    @Test
    void anIncidentGoesToEveryAlertmanagerAtOnceEndingFourResendsAhead() {
        AlertNotifier notifier = notifier(5, 10, List.of());
        notifier.accept(Incidents.open());
        assertThat(alertmanagers.requests).extracting(Request::endpoint).containsExactly(AM1, AM2);
        JsonNode alert = alertmanagers.requests.get(0).alerts().get(0);
        assertThat(alert.path("labels").path("incident_severity").asText()).isEqualTo("SEV2");
        assertThat(alert.path("annotations").path("summary").asText()).startsWith("SEV2 latency incident");
        assertThat(alert.path("startsAt").asText()).isEqualTo("2026-01-01T00:12:00Z");
        assertThat(alert.path("endsAt").asText()).isEqualTo("2026-11-30T10:04:00Z");
        alertmanagers.answerAll(PostResult.accepted());
        assertThat(metrics.alertsSent.getCount()).isEqualTo(2);
        assertThat(notifier.idle()).isTrue();
    }

    @Test
    void theGeneratorUrlGoesWithEveryAlertWhenOneIsConfiguredOnly() {
        notifier(5, 10, List.of()).accept(Incidents.open());
        assertThat(alertmanagers.requests.get(0).alerts().get(0).has("generatorURL")).isFalse();

        AlertmanagerConfig config = new AlertmanagerConfig(true, List.of("http://am-1:9093"), null, null, null, null,
                null, null, null, null, null, "https://ui.example/i/{id}", null, null, null, null);
        new AlertNotifier(config, List.of(), alertmanagers, thread, metrics).accept(Incidents.open());
        assertThat(alertmanagers.requests.get(2).alerts().get(0).path("generatorURL").asText())
                .isEqualTo("https://ui.example/i/" + Incidents.ID);
    }

    @Test
    void anEscalationSendsTheEndOfTheOldLabelSetAndTheNewOneInOneRequest() {
        AlertNotifier notifier = notifier(5, 10, List.of());
        notifier.accept(Incidents.open());
        alertmanagers.answerAll(PostResult.accepted());
        notifier.accept(Incidents.escalated());
        List<JsonNode> alerts = alertmanagers.pendingTo(AM1).alerts();
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).path("labels").path("incident_severity").asText()).isEqualTo("SEV2");
        assertThat(alerts.get(0).path("endsAt").asText()).isEqualTo("2026-01-01T00:17:20Z");
        assertThat(alerts.get(1).path("labels").path("incident_severity").asText()).isEqualTo("SEV1");
        assertThat(alerts.get(1).path("endsAt").asText()).isEqualTo("2026-11-30T10:04:00Z");
    }

    @Test
    void everyAlertHeldIsSentAgainAtEachResendInterval() {
        AlertNotifier notifier = notifier(5, 10, List.of());
        notifier.accept(Incidents.open());
        alertmanagers.answerAll(PostResult.accepted());
        thread.advance(Duration.ofMinutes(1));
        Request resend = alertmanagers.pendingTo(AM1);
        assertThat(resend.alerts()).hasSize(1);
        assertThat(resend.alerts().get(0).path("endsAt").asText()).isEqualTo("2026-11-30T10:05:00Z");
        alertmanagers.answerAll(PostResult.accepted());
        notifier.accept(Incidents.resolved());
        alertmanagers.answerAll(PostResult.accepted());
        // the resolution is sent again for four intervals, then forgotten
        for (int minute = 2; minute <= 5; minute++) {
            thread.advance(Duration.ofMinutes(1));
            assertThat(alertmanagers.pendingTo(AM1).alerts()).singleElement()
                    .satisfies(a -> assertThat(a.path("endsAt").asText()).isEqualTo("2026-01-01T00:27:00Z"));
            alertmanagers.answerAll(PostResult.accepted());
        }
        thread.advance(Duration.ofMinutes(1));
        assertThat(alertmanagers.pending()).isEmpty();
        assertThat(notifier.alerts()).isEmpty();
    }

    @Test
    void aFailedDeliveryIsRetriedWithDoublingBackoffThenGivenUpAndCounted() {
        AlertNotifier notifier = notifier(3, 10, List.of());
        notifier.accept(Incidents.open());
        alertmanagers.answer(AM2, PostResult.accepted());
        alertmanagers.answer(AM1, PostResult.failed("ConnectException"));
        assertThat(thread.nextTimer()).isEqualTo(START.plusMillis(500));
        thread.advance(Duration.ofMillis(500));
        alertmanagers.answer(AM1, PostResult.failed("HTTP 503"));
        assertThat(thread.nextTimer()).isEqualTo(START.plusMillis(1500));
        thread.advance(Duration.ofMillis(1000));
        alertmanagers.answer(AM1, PostResult.failed("HTTP 503"));
        assertThat(metrics.sendFailures.getCount()).isEqualTo(3);
        assertThat(metrics.retries.getCount()).isEqualTo(2);
        assertThat(metrics.dropped.getCount()).isEqualTo(1);
        assertThat(notifier.idle()).isTrue();
        // the next re-send repairs it
        thread.advance(Duration.ofMinutes(1));
        alertmanagers.answer(AM1, PostResult.accepted());
        assertThat(alertmanagers.accepted(AM1)).isEqualTo(1);
    }

    @Test
    void aRefusedDeliveryIsNotRetried() {
        AlertNotifier notifier = notifier(5, 10, List.of());
        notifier.accept(Incidents.open());
        alertmanagers.answer(AM1, PostResult.refused("HTTP 400 start time must be before end time"));
        assertThat(metrics.retries.getCount()).isZero();
        assertThat(metrics.dropped.getCount()).isEqualTo(1);
        assertThat(notifier.pending()).isEqualTo(1); // AM2's, still unanswered
    }

    @Test
    void oneRequestAtATimePerAlertmanagerInOrder() {
        AlertNotifier notifier = notifier(5, 10, List.of());
        notifier.accept(Incidents.open());
        notifier.accept(Incidents.escalated());
        assertThat(alertmanagers.requestsTo(AM1)).hasSize(1);
        alertmanagers.answer(AM1, PostResult.accepted());
        assertThat(alertmanagers.requestsTo(AM1)).hasSize(2);
        assertThat(alertmanagers.pendingTo(AM1).alerts()).extracting(a -> a.path("labels").path("incident_severity").asText())
                .containsExactly("SEV2", "SEV1");
    }

    @Test
    void aResendReplacesWhatWasStillWaitingAndTheStaleHeadOfARetry() {
        AlertNotifier notifier = notifier(5, 10, List.of());
        notifier.accept(Incidents.open());
        notifier.accept(Incidents.escalated());
        thread.advance(Duration.ofMinutes(1)); // the re-send queues behind the one on the wire; the escalation goes
        alertmanagers.answer(AM1, PostResult.failed("timeout"));
        // the failed head is stale: the re-send behind it holds every alert, and is what is retried
        thread.advance(Duration.ofMillis(500));
        Request retried = alertmanagers.pendingTo(AM1);
        assertThat(retried.alerts()).hasSize(2);
        assertThat(alertmanagers.requestsTo(AM1)).hasSize(2);
        assertThat(metrics.dropped.getCount()).isZero();
    }

    @Test
    void aFullQueueDropsAndCounts() {
        AlertNotifier notifier = notifier(5, 2, List.of());
        notifier.accept(Incidents.open());                // on the wire
        notifier.accept(Incidents.escalated());           // waiting
        notifier.accept(Incidents.resolved());            // one too many
        assertThat(metrics.dropped.getCount()).isEqualTo(2); // one per Alertmanager
        assertThat(notifier.alerts()).extracting(Alert::isFiring).containsOnly(false); // still held, re-sent later
    }

    @Test
    void aRestoredWriterSendsWhatItHoldsAtOnce() {
        AlertNotifier before = notifier(5, 10, List.of());
        before.accept(Incidents.escalated());
        List<Alert> checkpoint = before.alerts();
        before.close();
        alertmanagers.requests.clear();

        AlertNotifier after = notifier(5, 10, checkpoint);
        assertThat(alertmanagers.pendingTo(AM1).alerts()).singleElement()
                .satisfies(a -> assertThat(a.path("labels").path("incident_severity").asText()).isEqualTo("SEV1"));
        assertThat(metrics.firingNow()).isEqualTo(1);
        after.accept(Incidents.resolved());
        assertThat(after.alerts()).extracting(Alert::isFiring).containsExactly(false);
    }

    @Test
    void giveUpAtTheEndCountsWhatWasPending() {
        AlertNotifier notifier = notifier(5, 10, List.of());
        notifier.accept(Incidents.open());
        notifier.abandon();
        assertThat(metrics.dropped.getCount()).isEqualTo(2);
        alertmanagers.answerAll(PostResult.accepted()); // late answers change nothing
        assertThat(metrics.alertsSent.getCount()).isZero();
    }

    record Request(URI endpoint, List<JsonNode> alerts, CompletableFuture<PostResult> answer) {}

    /** Records every request; each is answered when the test says so. */
    static final class FakeAlertmanagers implements AlertPoster {
        final List<Request> requests = new ArrayList<>();

        @Override
        public CompletableFuture<PostResult> post(URI endpoint, byte[] body) {
            List<JsonNode> alerts = new ArrayList<>();
            try {
                JsonCodec.mapper().readTree(body).forEach(alerts::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Request request = new Request(endpoint, alerts, new CompletableFuture<>());
            requests.add(request);
            return request.answer();
        }

        List<Request> pending() {
            return requests.stream().filter(r -> !r.answer().isDone()).toList();
        }

        List<Request> requestsTo(URI endpoint) {
            return requests.stream().filter(r -> r.endpoint().equals(endpoint)).toList();
        }

        Request pendingTo(URI endpoint) {
            List<Request> pending = pending().stream().filter(r -> r.endpoint().equals(endpoint)).toList();
            assertThat(pending).as("requests waiting for an answer from " + endpoint).hasSize(1);
            return pending.get(0);
        }

        long accepted(URI endpoint) {
            return requestsTo(endpoint).stream().filter(r -> r.answer().isDone()
                    && r.answer().join().outcome() == PostResult.Outcome.ACCEPTED).count();
        }

        void answer(URI endpoint, PostResult result) {
            pendingTo(endpoint).answer().complete(result);
        }

        void answerAll(PostResult result) {
            // answering one may send the next: answer until nothing waits
            List<Request> pending;
            while (!(pending = pending()).isEmpty()) {
                pending.forEach(r -> r.answer().complete(result));
            }
        }
    }

    /** The task thread by hand: answers run at once, timers when the test moves the clock. */
    static final class ManualThread implements TaskThread {
        private record Timer(long at, long seq, Runnable action) {}

        private final PriorityQueue<Timer> timers = new PriorityQueue<>(
                Comparator.comparingLong(Timer::at).thenComparingLong(Timer::seq));
        private long now = START.toEpochMilli();
        private long seq;

        @Override
        public long now() {
            return now;
        }

        @Override
        public void schedule(long timeMillis, Runnable action) {
            timers.add(new Timer(timeMillis, seq++, action));
        }

        @Override
        public void execute(Runnable action) {
            action.run();
        }

        void advance(Duration duration) {
            long until = now + duration.toMillis();
            while (!timers.isEmpty() && timers.peek().at() <= until) {
                Timer timer = timers.poll();
                now = Math.max(now, timer.at());
                timer.action().run();
            }
            now = until;
        }

        /** When the earliest timer other than the re-send (a minute ahead) fires. */
        Instant nextTimer() {
            return timers.stream().map(Timer::at).filter(at -> at < now + 60_000).min(Long::compare)
                    .map(Instant::ofEpochMilli).orElseThrow();
        }
    }
}
