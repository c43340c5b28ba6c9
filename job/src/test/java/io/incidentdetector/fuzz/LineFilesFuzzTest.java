package io.incidentdetector.fuzz;

import io.incidentdetector.connectors.file.LineParser;
import io.incidentdetector.connectors.file.LineParsingFormat;
import io.incidentdetector.connectors.file.ParsedLine;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.ClientErrorJsonParser;
import io.incidentdetector.event.SeedCsvErrorParser;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServiceCallEventParser;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Files as the job reads them ({@link LineParsingFormat} over the file's bytes: UTF-8, any line ending, a
 * byte-order mark, a header for CSV): JSON lines of service calls and client errors, and the seed's CSV of client
 * errors. Every line that is not blank gives exactly one record: a valid event, or a failed line with its number, its
 * text and a reason. Each case is a small file of one or two records, so 150,000 to 185,000 lines are read per
 * property.
 */
class LineFilesFuzzTest {

    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    static final List<String> ENDINGS = List.of("\n", "\r\n", "\r");

    @Test
    void jsonLinesOfServiceCalls(TestInfo test) {
        readFiles(test, JsonEventsFuzzTest.recordMaker(ValidRecords.CALLS, JsonEventsFuzzTest.CALL_FIELDS), false,
                ServiceCallEventParser::new, line -> ProductRules.call((ServiceCallEvent) line));
    }

    @Test
    void jsonLinesOfClientErrors(TestInfo test) {
        readFiles(test, JsonEventsFuzzTest.recordMaker(ValidRecords.ERRORS, JsonEventsFuzzTest.ERROR_FIELDS), false,
                ClientErrorJsonParser::new, line -> ProductRules.error((ClientErrorEvent) line));
    }

    @Test
    void seedCsvOfClientErrors(TestInfo test) {
        readFiles(test, LineFilesFuzzTest::csvRow, true, () -> new SeedCsvErrorParser(BASE), line -> {
            ClientErrorEvent e = (ClientErrorEvent) line;
            ProductRules.error(e);
            ProductRules.check(e.timestamp() >= BASE.toEpochMilli()
                    && e.timestamp() < BASE.plusSeconds(7 * 24 * 3600).toEpochMilli(), "a time beyond the week", e);
        });
    }

    /** Files of {@code records} read by a new parser each, every valid line checked by {@code valid}. */
    private static void readFiles(TestInfo test, Generator<byte[]> records, boolean csv,
            Supplier<LineParser<?>> parser, Consumer<Object> valid) {
        Fuzz.forAll(test, files(records, csv), (file, outcomes) -> check(file, parser.get(), valid, outcomes))
                .expectAtLeast("parsed", 5).expectAtLeast("refused", 20);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void check(byte[] file, LineParser<?> parser, Consumer<Object> valid, Outcomes outcomes)
            throws IOException {
        List<ParsedLine<?>> read = new ArrayList<>();
        LineParsingFormat format = new LineParsingFormat("fuzz", parser, new TypeHint<ParsedLine<Object>>() {}
                .getTypeInfo());
        try (StreamFormat.Reader<ParsedLine<?>> reader = format.createReader(new Configuration(), stream(file))) {
            ParsedLine<?> line;
            while ((line = reader.read()) != null) {
                read.add(line);
            }
        }
        List<Line> expected = nonBlankLines(file);
        boolean header = parser.expectsHeader() && !expected.isEmpty();
        boolean unusableHeader = header && !read.isEmpty()
                && read.get(0).error() != null && read.get(0).error().startsWith(LineParsingFormat.UNUSABLE_HEADER);
        int records = header && !unusableHeader ? expected.size() - 1 : expected.size();
        ProductRules.check(read.size() == records, "read " + read.size() + " records of " + records + " lines",
                JsonEventsFuzzTest.abbreviate(Hostile.utf8(file)));
        long previous = 0;
        int at = header && !unusableHeader ? 1 : 0;
        for (ParsedLine<?> line : read) {
            ProductRules.check(line.lineNumber() > previous, "line numbers out of order", line);
            previous = line.lineNumber();
            boolean utf8 = expected.get(at++).utf8();
            if (line.isValid()) {
                ProductRules.check(utf8, "a line that is not UTF-8 was read", line);
                outcomes.add("parsed");
                ProductRules.check(line.line() == null, "a valid line with its text", line);
                valid.accept(line.value());
            } else {
                outcomes.add("refused");
                ProductRules.reason(line.error());
                ProductRules.check(line.line() != null && !line.line().isBlank(), "a failed line without its text",
                        line);
            }
        }
    }

    /** A line that is not blank, and whether its bytes are UTF-8. */
    record Line(String text, boolean utf8) {}

    /** The lines as the format must see them: LF, CRLF or CR, a leading byte-order mark dropped, blank ones not. */
    static List<Line> nonBlankLines(byte[] file) {
        List<Line> lines = new ArrayList<>();
        boolean bom = file.length >= 3 && file[0] == (byte) 0xEF && file[1] == (byte) 0xBB && file[2] == (byte) 0xBF;
        int start = bom ? 3 : 0;
        for (int i = start; i <= file.length; i++) {
            if (i == file.length || file[i] == '\n' || file[i] == '\r') {
                byte[] bytes = java.util.Arrays.copyOfRange(file, start, i);
                String text = Hostile.utf8(bytes);
                if (!text.isBlank()) {
                    lines.add(new Line(text, isUtf8(bytes)));
                }
                if (i < file.length - 1 && file[i] == '\r' && file[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        return lines;
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            io.incidentdetector.connectors.file.Utf8Text.strict(bytes);
            return true;
        } catch (io.incidentdetector.connectors.file.InvalidRecordException e) {
            return false;
        }
    }

    /** One or two records, with any line endings, blank lines, a byte-order mark, and a CSV header when asked. */
    static Generator<byte[]> files(Generator<byte[]> records, boolean csv) {
        return r -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (r.nextInt(5) == 0) {
                out.writeBytes(Hostile.utf8("\uFEFF"));
            }
            if (csv) {
                out.writeBytes(Hostile.utf8(csvHeader(r)));
                out.writeBytes(Hostile.utf8(Hostile.pick(r, ENDINGS)));
            }
            for (int rows = 1 + r.nextInt(2); rows > 0; rows--) {
                if (r.nextInt(8) == 0) {
                    out.writeBytes(Hostile.utf8(r.nextBoolean() ? "  \t" : Hostile.pick(r, ENDINGS)));
                }
                out.writeBytes(records.make(r));
                if (rows > 1 || r.nextInt(6) > 0) {
                    out.writeBytes(Hostile.utf8(Hostile.pick(r, ENDINGS)));
                }
            }
            return out.toByteArray();
        };
    }

    static final List<String> HEADERS = List.of("Timestamp,Build_Version,Error_Code",
            "Timestamp\tBuild_Version\tError_Code",
            "Time,Build,Code,Device_Id", "Timestamp,Build_Version,Error_Code,Client_Id", "Timestamp,Error_Code",
            "timestamp , build version , error code", "", "a,b,c", "Timestamp,Build_Version,Error_Code,Timestamp");

    static String csvHeader(RandomGenerator r) {
        return r.nextInt(10) > 0 ? HEADERS.get(r.nextInt(4)) : r.nextBoolean() ? Hostile.pick(r, HEADERS)
                : Hostile.anyText(r, 40);
    }

    /** A seed CSV row: valid cells, hostile cells, or bytes mutated. */
    static byte[] csvRow(RandomGenerator r) {
        String[] cells = {SeedCsvErrorParser.clock(r.nextInt(7 * 24 * 3600)), "5.0007." + (r.nextBoolean() ? 510 : 610)
                + ".011", String.valueOf(r.nextInt(10) - 3), "c-" + r.nextInt(100)};
        int changes = r.nextInt(3);
        for (int i = 0; i < changes; i++) {
            int cell = r.nextInt(cells.length);
            cells[cell] = switch (r.nextInt(8)) {
                case 0 -> Hostile.pick(r, List.of("0:00:00", "167:59:59", "168:00:00", "9999999999:00:00",
                        "-1:00:00", "0:60:00", "0:00:60", "0:0:00", "1:00", "1:00:00:00", "::", "0:-1:00",
                        "99999999999999999999:00:00", "0:00:0x", "٣:00:00", "0:00:00.5"));
                case 1 -> Hostile.pick(r, Hostile.NUMBERS);
                case 2 -> Hostile.badName(r);
                case 3 -> "";
                case 4 -> Hostile.anyText(r, 20);
                case 5 -> cells[cell] + (r.nextBoolean() ? "," : "\t") + "x";
                default -> Hostile.pick(r, Hostile.VALID_NAMES);
            };
        }
        String sep = r.nextInt(6) == 0 ? "\t" : ",";
        int columns = r.nextInt(8) == 0 ? r.nextInt(cells.length + 1) : 3 + r.nextInt(2);
        byte[] row = Hostile.utf8(String.join(sep, java.util.Arrays.copyOf(cells, Math.min(columns, cells.length))));
        return r.nextInt(8) == 0 ? Hostile.mutate(r, row) : row;
    }

    /** A file's bytes as the stream Flink's file source hands to a format. */
    static FSDataInputStream stream(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new FSDataInputStream() {
            @Override
            public void seek(long desired) {
                in.reset();
                in.skip(desired);
            }

            @Override
            public long getPos() {
                return bytes.length - in.available();
            }

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }
        };
    }
}
