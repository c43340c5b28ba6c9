package io.incidentdetector.connectors.prometheus;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the HTTP API's answers, without a server. */
class PrometheusApiTest {

    private static byte[] matrix(String values) {
        return ("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"a\":\"b\"},"
                + "\"values\":" + values + "}]}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsFinitePointsAndTheResultType() throws Exception {
        assertThat(PrometheusApi.parseMatrix(matrix("[[1700418540,\"8.5\"],[1700418570.5,\"NaN\"],[1700418600.5,\"9\"]]")))
                .containsExactly(new PrometheusApi.Series(Map.of("a", "b"), List.of(
                        new QueryRangeSample(1700418540_000L, 8.5), new QueryRangeSample(1700418600_500L, 9))));
        assertThat(PrometheusApi.resultType("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\"}}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo("vector");
    }

    /**
     * Found by the fuzz suite: a point whose time or value is not a number threw NumberFormatException, not the
     * QueryException that the readers handle, and a time of 1e17 s overflowed into a wrong time without a word.
     */
    @Test
    void aPointWhoseTimeIsNotANumberThatFitsFailsTheQueryWithAReason() throws Exception {
        for (String point : new String[] {"[\"x\",\"1\"]", "[1e17,\"1\"]", "[\"1e999999999\",\"1\"]", "[{},\"1\"]"}) {
            assertThatThrownBy(() -> PrometheusApi.parseMatrix(matrix("[" + point + "]"))).as(point)
                    .isInstanceOf(PrometheusApi.QueryException.class)
                    .hasMessageStartingWith("Prometheus answered something that is not JSON: a point")
                    .message().containsAnyOf("a point's time is not a number of seconds within the range of epoch"
                            + " milliseconds", "a point is not [time, \"value\"]");
        }
        assertThat(PrometheusApi.parseMatrix(matrix("[[1700418540,\"x\"],[1700418570,\"1\"]]")).get(0).samples())
                .as("a value that is not a number is a gap, as in a query_range file")
                .containsExactly(new QueryRangeSample(1700418570_000L, 1));
    }

    @Test
    void refusedCredentialsAreAccessDeniedNotABadQuery() {
        StreamedAnswer page = StreamedAnswer.of("Unauthorized\n".getBytes(StandardCharsets.UTF_8), 1024);
        for (int status : new int[] {401, 403}) {
            assertThatThrownBy(() -> PrometheusApi.checked(page, status, 1024))
                    .isInstanceOf(PrometheusApi.AccessDenied.class)
                    .hasMessage("Prometheus refused the credentials (HTTP " + status + ")")
                    .matches(e -> !((PrometheusApi.QueryException) e).permanent());
        }
    }
}
