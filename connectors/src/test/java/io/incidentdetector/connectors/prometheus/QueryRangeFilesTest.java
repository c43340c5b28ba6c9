package io.incidentdetector.connectors.prometheus;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryRangeFilesTest {

    private static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsValuesAsStringsSkipsNanAndInfiniteAndKeepsFractionalSeconds() throws IOException {
        String export = """
                {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},
                 "values":[[1700418540,"8.5"],[1700418570,"NaN"],[1700418600.5,"9.25"],[1700418630,"+Inf"]]}]}}
                """;
        List<QueryRangeSample> samples = QueryRangeFiles.readSingleSeries(json(export), "t.json");
        assertThat(samples).containsExactly(
                new QueryRangeSample(1700418540_000L, 8.5), new QueryRangeSample(1700418600_500L, 9.25));
    }

    @Test
    void refusesSeveralSeriesAndFailedQueries() {
        String two = """
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{},"values":[[1,"1"]]},{"metric":{},"values":[[1,"2"]]}]}}
                """;
        assertThatThrownBy(() -> QueryRangeFiles.readSingleSeries(json(two), "two.json"))
                .hasMessageContaining("two.json holds 2 series");
        String failed = "{\"status\":\"error\",\"errorType\":\"bad_data\"}";
        assertThatThrownBy(() -> QueryRangeFiles.readSingleSeries(json(failed), "failed.json"))
                .hasMessageContaining("status is \"error\"");
    }

    @Test
    void writesWhatItReadsAndInfersTheStep() throws IOException {
        List<QueryRangeSample> samples = List.of(new QueryRangeSample(1_000_000L, 1.5),
                new QueryRangeSample(1_030_000L, 2.5), new QueryRangeSample(1_090_000L, 3.5),
                new QueryRangeSample(1_120_000L, 4.5));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("source_workload", "frontend");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryRangeFiles.writeSingleSeries(out, labels, samples);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[ 1000, \"1.5\" ]").contains("\"source_workload\" : \"frontend\"");
        assertThat(QueryRangeFiles.readSingleSeries(json(text), "round-trip")).isEqualTo(samples);
        // gaps 30, 60, 30 s: the median is the step, the 60 s gap is a missing point
        assertThat(QueryRangeFiles.stepMillis(json(text), "round-trip")).isEqualTo(30_000L);
    }

    /** Found by the fuzz suite: a point without a usable time threw NullPointerException or NumberFormatException. */
    @Test
    void aPointWhoseTimeIsNotANumberThatFitsIsRefusedWithAReason() {
        for (String point : new String[] {"[]", "[{},\"1\"]", "[\"x\",\"1\"]", "[null,\"1\"]", "[1e17,\"1\"]",
                "[\"1e999999999\",\"1\"]", "[\"NaN\",\"1\"]"}) {
            String export = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
                    + "\"values\":[[1700418540,\"8.5\"]," + point + "]}]}}";
            assertThatThrownBy(() -> QueryRangeFiles.readSingleSeries(json(export), "t.json")).as(point)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("t.json is not a Prometheus query_range export: a point's time is not a number");
        }
    }
}
