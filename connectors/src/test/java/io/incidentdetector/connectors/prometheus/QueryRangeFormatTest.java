package io.incidentdetector.connectors.prometheus;

import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.ParsedLine;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QueryRangeFormatTest {

    @Test
    void aPointAheadOfTheWallClockIsAFailedLineAndAGapIsNot(@TempDir Path dir) throws IOException {
        long now = Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();
        Path file = Files.writeString(dir.resolve("export.json"), """
                {"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[
                [1767225600,"8"],
                [1767236400,"9"],
                [3786912000,"7"]
                ]}]}}
                """);
        QueryRangeFormat format = new QueryRangeFormat(file.toString(),
                new EventTimeGuard(EventTimeGuard.Limits.defaults(), () -> now));
        List<ParsedLine<QueryRangeSample>> lines = new ArrayList<>();
        try (StreamFormat.Reader<ParsedLine<QueryRangeSample>> reader =
                format.createReader(new Configuration(), new LocalDataInputStream(file.toFile()))) {
            ParsedLine<QueryRangeSample> line;
            while ((line = reader.read()) != null) {
                lines.add(line);
            }
        }
        assertThat(lines).extracting(ParsedLine::value).containsExactly(
                new QueryRangeSample(1_767_225_600_000L, 8), new QueryRangeSample(1_767_236_400_000L, 9), null);
        assertThat(lines).extracting(ParsedLine::lineNumber).containsExactly(2L, 3L, 4L);
        assertThat(lines.get(2).error()).startsWith("event time 2090-01-01T00:00:00Z is ahead of the wall clock");
        assertThat(lines.get(2).line()).isEqualTo("[3786912000, \"7.0\"]");
        assertThat(lines.get(2).file()).isEqualTo(file.toString());
    }
}
