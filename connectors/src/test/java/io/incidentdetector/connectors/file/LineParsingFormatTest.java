package io.incidentdetector.connectors.file;

import io.incidentdetector.connectors.eventtime.EventTimeGuard;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineParsingFormatTest {

    /** Accepts positive integers; everything else is rejected with a reason. */
    static final LineParser<Integer> POSITIVE = line -> {
        try {
            int value = Integer.parseInt(line.trim());
            if (value <= 0) {
                throw new InvalidRecordException("not positive: " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("not a number");
        }
    };

    @Test
    void goodLinesBecomeValuesAndBadLinesCarryNumberAndReason(@TempDir Path dir) throws IOException {
        LineParsingFormat<Integer> format = new LineParsingFormat<>("test.txt", POSITIVE,
                new TypeHint<ParsedLine<Integer>>() {}.getTypeInfo());
        byte[] bytes = "\uFEFF1\r\nx\r\n\r\n-4\r\n7".getBytes(StandardCharsets.UTF_8);
        List<ParsedLine<Integer>> lines = readAll(format, Files.write(dir.resolve("test.txt"), bytes));
        assertThat(lines).containsExactly(
                ParsedLine.ok("test.txt", 1, 1),
                ParsedLine.failed("test.txt", 2, "x", "not a number"),
                ParsedLine.failed("test.txt", 4, "-4", "not positive: -4"),
                ParsedLine.ok("test.txt", 5, 7));
    }

    /** Lines are event times (epoch ms); every file read is a split of its own, with unknown progress at first. */
    @Test
    void withAGuardALineFarAheadOfTheFilesProgressFailsWithTheReason(@TempDir Path dir) throws IOException {
        long now = java.time.Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();
        LineParsingFormat<Long> format = new LineParsingFormat<>("times.txt", line -> Long.parseLong(line.trim()),
                new TypeHint<ParsedLine<Long>>() {}.getTypeInfo(),
                new EventTimeGuard(EventTimeGuard.Limits.defaults(), () -> now), t -> t);
        long data = java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        Path file = Files.writeString(dir.resolve("times.txt"), data + "\n" + (data + 86_400_000) + "\n"
                + (data + 1000) + "\n");
        List<ParsedLine<Long>> lines = readAll(format, file);
        assertThat(lines).extracting(ParsedLine::isValid).containsExactly(true, false, true);
        assertThat(lines.get(1).error())
                .startsWith("event time 2026-01-02T00:00:00Z is ahead of its source's progress");
        assertThat(lines.get(1).line()).isEqualTo(Long.toString(data + 86_400_000));
        Path other = Files.writeString(dir.resolve("other.txt"), (data + 86_400_000) + "\n");
        assertThat(readAll(format, other)).extracting(ParsedLine::isValid).as("another file, another split")
                .containsExactly(true);
    }

    /**
     * Found by the fuzz suite: bytes that are not UTF-8 became U+FFFD and the line was read, e.g. a service name
     * "front\uFFFDend"; a Kafka record with the same bytes is refused (Utf8Text). Now the line is refused too.
     */
    @Test
    void aLineThatIsNotUtf8IsRefusedAndTheOthersRead(@TempDir Path dir) throws IOException {
        LineParsingFormat<String> format = new LineParsingFormat<>("names.txt", line -> line,
                new TypeHint<ParsedLine<String>>() {}.getTypeInfo());
        byte[] bytes = {'o', 'k', '\n', 'n', 'a', (byte) 0xFF, 'm', 'e', '\n', 'c', 'a', 'f', (byte) 0xC3, (byte) 0xA9,
            '\r', '\n', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        List<ParsedLine<String>> lines = readAll(format, Files.write(dir.resolve("names.txt"), bytes));
        assertThat(lines).extracting(ParsedLine::lineNumber, ParsedLine::value, ParsedLine::error).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, "ok", null),
                org.assertj.core.groups.Tuple.tuple(2L, null, "not UTF-8 text: bytes that are not UTF-8 at character 3"),
                org.assertj.core.groups.Tuple.tuple(3L, "caf\u00e9", null),
                org.assertj.core.groups.Tuple.tuple(4L, null, "not UTF-8 text: bytes that are not UTF-8 at character 1"));
    }

    private static <T> List<ParsedLine<T>> readAll(LineParsingFormat<T> format, Path file) throws IOException {
        List<ParsedLine<T>> lines = new ArrayList<>();
        try (StreamFormat.Reader<ParsedLine<T>> reader =
                format.createReader(new Configuration(), new LocalDataInputStream(file.toFile()))) {
            ParsedLine<T> line;
            while ((line = reader.read()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
