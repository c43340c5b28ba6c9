package io.incidentdetector.source.otlp;

import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ServiceCallEvent;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code otlp.max-spans-per-message} and {@code otlp.max-message-bytes}: what is beyond them is one dead letter. */
class OtlpCapsTest {

    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long MS = 1_000_000L;

    private final OtlpTestMessages sdk = new OtlpTestMessages();

    private static OtlpConfig config(String keys) {
        return ConfigLoader.parse("otlp:\n" + keys, "test").otlp();
    }

    private List<SpanData> spans(int n) {
        for (int i = 0; i < n; i++) {
            sdk.span("frontend", SpanKind.CLIENT, T0 + i * MS, T0 + (i + 5) * MS,
                    b -> b.setAttribute("peer.service", "cartservice"));
        }
        return sdk.drain();
    }

    private static List<ParsedRecord<ServiceCallEvent>> deserialize(OtlpConfig config, byte[] value) {
        return OtlpTestMessages.deserialize(config, value);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"proto", "json"})
    void spansBeyondTheCapAreOneDeadLetterSayingHowManyAndTheFirstAreRead(String encoding) {
        List<SpanData> spans = spans(10);
        byte[] message = encoding.equals("proto") ? OtlpTestMessages.proto(spans) : OtlpTestMessages.json(spans);
        List<ParsedRecord<ServiceCallEvent>> out = deserialize(config("  max-spans-per-message: 4\n"), message);

        assertThat(out).filteredOn(ParsedRecord::isValid).hasSize(4);
        assertThat(out).filteredOn(r -> !r.isValid()).singleElement().satisfies(r -> {
            assertThat(r.error()).isEqualTo("6 of the message's 10 spans were not read: otlp.max-spans-per-message"
                    + " is 4 (the first 4 were read). Fix: make the Collector send smaller batches (batch processor"
                    + " send_batch_max_size), or raise otlp.max-spans-per-message");
            assertThat(r.original()).isEqualTo(message);
            assertThat(r.offset()).isEqualTo(42);
        });
    }

    @Test
    void aMessageLargerThanTheCapIsNotDecodedAndIsOneDeadLetter() {
        byte[] message = OtlpTestMessages.proto(spans(40));
        assertThat(message.length).isGreaterThan(1024);
        List<ParsedRecord<ServiceCallEvent>> out = deserialize(config("  max-message-bytes: 1kb\n"), message);

        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.isValid()).isFalse();
            assertThat(r.error()).startsWith(String.format("an OTLP message of %,d bytes is larger than"
                    + " otlp.max-message-bytes (1 kb): not read.", message.length));
            assertThat(r.original()).isEqualTo(message);
        });
    }

    @Test
    void atTheDefaultsAMessageOfManySpansIsReadWhole() {
        List<SpanData> spans = spans(1_000);
        assertThat(deserialize(OtlpConfig.defaults(), OtlpTestMessages.proto(spans)))
                .hasSize(1_000).allSatisfy(r -> assertThat(r.isValid()).isTrue());
    }
}
