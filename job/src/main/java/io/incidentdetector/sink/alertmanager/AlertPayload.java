package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.connectors.json.JsonCodec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The body of {@code POST /api/v2/alerts}: a JSON array of alerts. A firing alert ends {@code lead} after now, so
 * that Alertmanager resolves it by itself if the job stops re-sending it; a resolved one carries its end.
 */
final class AlertPayload {

    /** One element of Alertmanager's {@code postableAlerts}; a null {@code generatorURL} is left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PostableAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
            Instant endsAt, @JsonProperty("generatorURL") String generatorUrl) {}

    private AlertPayload() {}

    /** @param generatorUrl the {@code generatorURL} of an alert's labels, or null */
    static byte[] json(List<Alert> alerts, Instant now, Duration lead,
            Function<Map<String, String>, String> generatorUrl) {
        List<PostableAlert> body = alerts.stream().map(alert -> new PostableAlert(alert.labels(), alert.annotations(),
                alert.startsAt(), alert.isFiring() ? now.plus(lead) : alert.endsAt(),
                generatorUrl.apply(alert.labels()))).toList();
        try {
            return JsonCodec.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
