package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.connectors.json.JsonCodec;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v2/alerts}: a JSON array of alerts. A firing alert ends {@code lead} after now, so
 * that Alertmanager resolves it by itself if the job stops re-sending it; a resolved one carries its end.
 */
final class AlertPayload {

    /** One element of Alertmanager's {@code postableAlerts}. */
    record PostableAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
            Instant endsAt) {}

    private AlertPayload() {}

    static byte[] json(List<Alert> alerts, Instant now, Duration lead) {
        List<PostableAlert> body = alerts.stream().map(alert -> new PostableAlert(alert.labels(), alert.annotations(),
                alert.startsAt(), alert.isFiring() ? now.plus(lead) : alert.endsAt())).toList();
        try {
            return JsonCodec.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
