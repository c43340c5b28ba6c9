package io.incidentdetector.connectors.prometheus;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An answer of Prometheus' HTTP API read as its bytes arrive, in any pieces, never beyond its limit. */
class StreamedAnswerTest {

    static final String MATRIX = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":{\"source_workload\":\"frontend\",\"destination_workload\":\"cart\"},"
            + "\"values\":[[1767225600,\"12.5\"],[1767225660.5,\"NaN\"],[1767225720,\"+Inf\"],[1767225780,\"13\"]]},"
            + "{\"metric\":{},\"values\":[]}]},\"warnings\":[\"a [nested] \\\"text\\\"\"]}";

    static final List<PrometheusApi.Series> SERIES = List.of(
            new PrometheusApi.Series(Map.of("source_workload", "frontend", "destination_workload", "cart"), List.of(
                    new QueryRangeSample(1_767_225_600_000L, 12.5), new QueryRangeSample(1_767_225_780_000L, 13))),
            new PrometheusApi.Series(Map.of(), List.of()));

    private static StreamedAnswer inPieces(String text, int piece, long maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StreamedAnswer answer = new StreamedAnswer(maxBytes);
        int[] cancelled = {0};
        answer.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {
                cancelled[0]++;
            }
        });
        for (int at = 0; at < bytes.length && !answer.getBody().toCompletableFuture().isDone(); at += piece) {
            answer.onNext(List.of(ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at)).slice()));
        }
        answer.onComplete();
        assertThat(cancelled[0]).as("cancelled when, and only when, abandoned")
                .isEqualTo(answer.tooLarge() || answer.unreadable() != null ? 1 : 0);
        return answer;
    }

    @Test
    void aMatrixGivesEachSeriesLabelsAndFinitePointsInWhateverPiecesItArrives() throws Exception {
        for (int piece : new int[] {1, 2, 3, 7, 64, 4096}) {
            StreamedAnswer answer = PrometheusApi.checked(inPieces(MATRIX, piece, Long.MAX_VALUE), 200, 1);
            assertThat(answer.resultType()).isEqualTo("matrix");
            assertThat(answer.series()).as("in pieces of %d bytes", piece).isEqualTo(SERIES);
        }
    }

    @Test
    void anAnswerLongerThanTheLimitIsAbandonedThereAndFailsTheQuery() {
        int length = MATRIX.getBytes(StandardCharsets.UTF_8).length;
        StreamedAnswer answer = inPieces(MATRIX, 16, length - 1);
        assertThat(answer.tooLarge()).isTrue();
        assertThat(answer.bytesReceived()).isLessThanOrEqualTo(length);
        assertThatThrownBy(() -> PrometheusApi.checked(answer, 200, length - 1))
                .isInstanceOf(PrometheusApi.ResponseTooLarge.class)
                .hasMessage(String.format("Prometheus' answer is longer than %,d bytes, the limit; it was not read",
                        length - 1))
                .satisfies(e -> assertThat(((PrometheusApi.QueryException) e).permanent()).isFalse());
        assertThat(inPieces(MATRIX, 16, length).tooLarge()).as("exactly the limit is read").isFalse();
    }

    @Test
    void refusalsErrorsAndPagesThatAreNotJsonSayWhy() {
        String refused = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 3\"}";
        assertThatThrownBy(() -> PrometheusApi.checked(inPieces(refused, 5, 1_000), 400, 1_000))
                .hasMessage("Prometheus answered 400: bad_data: parse error at char 3")
                .satisfies(e -> assertThat(((PrometheusApi.QueryException) e).permanent()).isTrue());
        assertThatThrownBy(() -> PrometheusApi.checked(inPieces(refused, 5, 1_000), 200, 1_000))
                .hasMessage("Prometheus refused the query: bad_data: parse error at char 3");
        assertThatThrownBy(() -> PrometheusApi.checked(inPieces("<html>bad gateway</html>", 5, 1_000), 502, 1_000))
                .hasMessage("Prometheus answered HTTP 502");
        assertThatThrownBy(() -> PrometheusApi.checked(inPieces("<html>ok</html>", 5, 1_000), 200, 1_000))
                .hasMessageStartingWith("Prometheus answered something that is not JSON: ");
        assertThatThrownBy(() -> PrometheusApi.checked(inPieces("{\"status\":\"success\",\"data\":{}}", 5, 1_000), 200,
                1_000)).hasMessageStartingWith("Prometheus answered success without a data.resultType");
        assertThatThrownBy(() -> PrometheusApi.checked(inPieces("", 5, 1_000), 200, 1_000))
                .hasMessage("Prometheus refused the query: empty answer");
        String threeElements = MATRIX.replace("[1767225600,\"12.5\"]", "[1767225600,\"12.5\",1]");
        assertThat(inPieces(threeElements, 8, Long.MAX_VALUE).unreadable()).contains("more than two elements");
        String arrayForASeries = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[[1,2]]}}";
        assertThat(inPieces(arrayForASeries, 3, Long.MAX_VALUE).series()).as("found by the fuzz suite").isEmpty();
        String notANumber = MATRIX.replace("\"12.5\"", "\"twelve\"");
        assertThat(inPieces(notANumber, 8, Long.MAX_VALUE)).as("a value that is not a number is a gap")
                .satisfies(answer -> assertThat(answer.unreadable()).isNull())
                .satisfies(answer -> assertThat(answer.series().get(0).samples()).hasSize(1));
    }

    @Test
    void anInstantQueryGivesItsResultType() throws Exception {
        String vector = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                + "\"value\":[1767225600,\"1\"]}]}}";
        assertThat(PrometheusApi.checked(StreamedAnswer.of(vector.getBytes(StandardCharsets.UTF_8), 1_000), 200,
                1_000).resultType()).isEqualTo("vector");
    }
}
