package io.incidentdetector.event;

import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.LineParser;
import io.incidentdetector.connectors.file.LineParsingFormat;
import io.incidentdetector.connectors.file.ParsedLine;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalDataInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed's CSV as it comes: byte-order mark, tab or comma, CR, LF or CRLF, header, H:MM:SS. */
class SeedCsvErrorParserTest {

    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    List<ParsedLine<ClientErrorEvent>> read(String text) throws IOException {
        return read(text, null);
    }

    List<ParsedLine<ClientErrorEvent>> read(String text, EventTimeGuard guard) throws IOException {
        LineParsingFormat<ClientErrorEvent> format = new LineParsingFormat<>("errors.csv", new SeedCsvErrorParser(BASE),
                new TypeHint<ParsedLine<ClientErrorEvent>>() {}.getTypeInfo(), guard, ClientErrorEvent::timestamp);
        List<ParsedLine<ClientErrorEvent>> lines = new ArrayList<>();
        Path file = Files.write(dir.resolve("errors.csv"), text.getBytes(StandardCharsets.UTF_8));
        try (StreamFormat.Reader<ParsedLine<ClientErrorEvent>> reader = format.createReader(new Configuration(),
                new LocalDataInputStream(file.toFile()))) {
            ParsedLine<ClientErrorEvent> line;
            while ((line = reader.read()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    @ParameterizedTest(name = "separator {0}, line ending {1}, BOM {2}")
    @CsvSource({"TAB, CR, true", "TAB, LF, false", "COMMA, LF, true", "COMMA, CRLF, true", "COMMA, CR, false",
            "TAB, CRLF, false"})
    void readsEveryVariantAndSendsBadRowsToDeadLettersWithLineAndReason(String separator, String ending, boolean bom)
            throws IOException {
        String sep = separator.equals("TAB") ? "\t" : ",";
        String eol = switch (ending) {
            case "CR" -> "\r";
            case "LF" -> "\n";
            default -> "\r\n";
        };
        String text = (bom ? "\uFEFF" : "") + String.join(eol,
                String.join(sep, "Timestamp", "Build_Version", "Error_Code"),
                String.join(sep, "0:00:00", "5.0007.510.011", "1"),
                String.join(sep, "0:01:05", "5.0007.610.011", "-17"),
                String.join(sep, "1:00:00", "5.0007.610.011", "x"),
                String.join(sep, "0:7:00", "5.0007.610.011", "3"),
                String.join(sep, "0:00:09", "5.0007.510.011"),
                String.join(sep, "12:59:59", "5.0007.510.011", "15")) + eol;

        List<ParsedLine<ClientErrorEvent>> lines = read(text);

        assertThat(lines).filteredOn(ParsedLine::isValid).extracting(ParsedLine::value).containsExactly(
                new ClientErrorEvent(BASE.toEpochMilli(), "5.0007.510.011", 1, null),
                new ClientErrorEvent(BASE.plusSeconds(65).toEpochMilli(), "5.0007.610.011", -17, null),
                new ClientErrorEvent(BASE.plusSeconds(12 * 3600 + 59 * 60 + 59).toEpochMilli(), "5.0007.510.011", 15,
                        null));
        assertThat(lines).filteredOn(l -> !l.isValid()).extracting(ParsedLine::lineNumber, ParsedLine::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(4L, "Error_Code 'x' is not an integer"),
                        org.assertj.core.groups.Tuple.tuple(5L, "Timestamp '0:7:00' is not H:MM:SS"),
                        org.assertj.core.groups.Tuple.tuple(6L, "expected 3 " + (sep.equals("\t") ? "tab" : "comma")
                                + "-separated columns, got 2"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"Time,Build,Code,Device_Id|ok", "Timestamp,Error_Code|bad"})
    void theHeaderDecidesTheColumns(String header, String expect) throws IOException {
        List<ParsedLine<ClientErrorEvent>> lines = read(header + "\n0:00:01,5.1,4,phone-7\n");
        if (expect.equals("ok")) {
            assertThat(lines).singleElement().extracting(ParsedLine::value)
                    .isEqualTo(new ClientErrorEvent(BASE.plusSeconds(1).toEpochMilli(), "5.1", 4, "phone-7"));
        } else {
            assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l.error()).startsWith("unusable header:"));
        }
    }

    /** Found by the fuzz suite: a build is checked as a name, as in the JSON inputs. */
    @org.junit.jupiter.api.Test
    void aBuildThatIsNotANameIsRefused() throws IOException {
        List<ParsedLine<ClientErrorEvent>> lines = read("Timestamp,Build_Version,Error_Code\n0:00:01,5.\u00011,4\n"
                + "0:00:02," + "5".repeat(300) + ",4\n0:00:03,5.1,4\n");
        assertThat(lines).extracting(ParsedLine::error).containsExactly(
                "Build_Version is not a build name: it contains the unprintable character U+0001 at 2",
                "Build_Version is not a build name: it is 300 characters long; at most 253 are allowed", null);
    }

    @org.junit.jupiter.api.Test
    void clockLabelsAreTheSeeds() {
        assertThat(SeedCsvErrorParser.clock(0)).isEqualTo("0:00:00");
        assertThat(SeedCsvErrorParser.clock(3599)).isEqualTo("0:59:59");
        assertThat(SeedCsvErrorParser.clock(3600 + 100)).isEqualTo("1:01:40");
        assertThat(BuildVersion.compare("5.0007.510.011", "5.0007.610.011")).isNegative();
        assertThat(BuildVersion.compare("5.10", "5.9")).isPositive();
    }

    /** The clock times of a seed file are relative to the base time; a row a day ahead of the file is refused. */
    @Test
    void aRowADayAheadOfTheFileIsADeadLetterWithTheGuardsReason() throws IOException {
        long now = Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();
        List<ParsedLine<ClientErrorEvent>> lines = read(String.join("\n", "Timestamp\tBuild_Version\tError_Code",
                "0:00:00\t5.0007.510.011\t1", "24:05:00\t5.0007.510.011\t1", "0:05:00\t5.0007.610.011\t2"),
                new EventTimeGuard(EventTimeGuard.Limits.defaults(), () -> now));
        assertThat(lines).extracting(ParsedLine::isValid).containsExactly(true, false, true);
        assertThat(lines.get(1).error())
                .startsWith("event time 2026-01-02T00:05:00Z is ahead of its source's progress");
        assertThat(lines.get(1).lineNumber()).isEqualTo(3);
    }

    @ParameterizedTest(name = "row {0}")
    @CsvSource(delimiter = '|', value = {
            "1:02:03,5.0.1,7,dev-1", " 1:02:03 ,5.0.1,7,dev-1", "1:02:03, 5.0.1 ,+7,dev-1", "1:02:03,5.0.1, 7 , dev-1 ",
            "01:02:03,5.0.1,007,dev-1", "1:02:03:,5.0.1,7,dev-1"})
    void readsUsualAndUnusualRowsAlike(String row) throws Exception {
        LineParser<ClientErrorEvent> parser = new SeedCsvErrorParser(BASE).withHeader("Timestamp,Build,Code,Client");
        ClientErrorEvent event = parser.parse(row);
        assertThat(event).isEqualTo(new ClientErrorEvent(BASE.toEpochMilli() + 3723_000, "5.0.1", 7, "dev-1"));
    }

    @Test
    void sharesOneStringPerBuildAndStillRefusesBadRows() throws Exception {
        LineParser<ClientErrorEvent> parser = new SeedCsvErrorParser(BASE).withHeader("Timestamp,Build,Code");
        ClientErrorEvent first = parser.parse("0:00:01,5.0.1,-3");
        ClientErrorEvent second = parser.parse("0:00:02,5.0.1,4");
        assertThat(second.build()).isSameAs(first.build());
        assertThat(first.code()).isEqualTo(-3);
        assertThat(second.client()).isNull();
        assertThatThrownBy(() -> parser.parse("0:60:00,5.0.1,4")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> parser.parse("168:00:00,5.0.1,4")).hasMessageContaining("more than 168 hours");
        assertThatThrownBy(() -> parser.parse("0:00:02,5.0.1,x4")).hasMessageContaining("is not an integer");
        assertThatThrownBy(() -> parser.parse("0:00:02,5.0.1")).hasMessageContaining("expected 3");
    }
}
