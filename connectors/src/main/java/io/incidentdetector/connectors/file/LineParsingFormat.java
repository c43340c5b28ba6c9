package io.incidentdetector.connectors.file;

import io.incidentdetector.connectors.eventtime.EventTimeGuard;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

/**
 * A {@link org.apache.flink.connector.file.src.FileSource} format that reads UTF-8 text line by line (LF, CRLF
 * or bare CR endings, optional byte-order mark) and parses every non-blank line with a {@link LineParser}; a line
 * whose bytes are not UTF-8 fails.
 * Lines that fail to parse are emitted as {@link ParsedLine#failed failed} lines carrying their number and
 * reason, so a bad line never fails the job. With an {@link EventTimeGuard}, every file is one split of it: a line
 * whose event time the guard refuses fails too, with its reason.
 */
public final class LineParsingFormat<T> extends SimpleStreamFormat<ParsedLine<T>> {

    private static final long serialVersionUID = 1L;

    /** Reason prefix of every line of a file whose header the parser refused. */
    public static final String UNUSABLE_HEADER = "unusable header: ";

    private final LineParser<T> parser;
    private final TypeInformation<ParsedLine<T>> producedType;
    private final String origin;
    private final EventTimeGuard guard;
    private final EventTimeGuard.TimeOf<T> timeOf;

    public LineParsingFormat(String origin, LineParser<T> parser, TypeInformation<ParsedLine<T>> producedType) {
        this(origin, parser, producedType, null, null);
    }

    /** @param guard decides on each parsed line's event time ({@code timeOf}); null accepts every time */
    public LineParsingFormat(String origin, LineParser<T> parser, TypeInformation<ParsedLine<T>> producedType,
            EventTimeGuard guard, EventTimeGuard.TimeOf<T> timeOf) {
        this.origin = origin;
        this.parser = parser;
        this.producedType = producedType;
        this.guard = guard;
        this.timeOf = timeOf;
    }

    @Override
    public StreamFormat.Reader<ParsedLine<T>> createReader(Configuration config, FSDataInputStream stream) {
        return new Reader<>(origin, parser, new BufferedReader(new InputStreamReader(stream, Utf8Text.marking())),
                guard == null ? null : guard.newSplit(), timeOf);
    }

    /**
     * The same reading outside Flink (e.g. a look at a file before the job starts): parsed and failed lines, the
     * header handled as in the job.
     */
    public static <T> StreamFormat.Reader<ParsedLine<T>> reader(String origin, LineParser<T> parser,
            java.io.Reader text) {
        return new Reader<>(origin, parser, new BufferedReader(text), null, null);
    }

    @Override
    public TypeInformation<ParsedLine<T>> getProducedType() {
        return producedType;
    }

    private static final class Reader<T> implements StreamFormat.Reader<ParsedLine<T>> {
        private final String origin;
        private LineParser<T> parser;
        private final LineReader lines;
        private boolean headerPending;
        private String headerProblem;
        private final EventTimeGuard.Split split;
        private final EventTimeGuard.TimeOf<T> timeOf;

        Reader(String origin, LineParser<T> parser, BufferedReader reader, EventTimeGuard.Split split,
                EventTimeGuard.TimeOf<T> timeOf) {
            this.origin = origin;
            this.parser = parser;
            this.lines = new LineReader(reader);
            this.headerPending = parser.expectsHeader();
            this.split = split;
            this.timeOf = timeOf;
        }

        @Override
        public ParsedLine<T> read() throws IOException {
            String line;
            while ((line = lines.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (headerPending) {
                    headerPending = false;
                    try {
                        parser = parser.withHeader(line);
                        continue;
                    } catch (InvalidRecordException e) {
                        headerProblem = UNUSABLE_HEADER + e.getMessage();
                        return ParsedLine.failed(origin, lines.lineNumber(), line, headerProblem);
                    }
                }
                if (headerProblem != null) {
                    return ParsedLine.failed(origin, lines.lineNumber(), line, headerProblem);
                }
                int notUtf8 = line.indexOf(Utf8Text.NOT_UTF8);
                if (notUtf8 >= 0) {
                    return ParsedLine.failed(origin, lines.lineNumber(), line,
                            "not UTF-8 text: bytes that are not UTF-8 at character " + (notUtf8 + 1));
                }
                try {
                    T parsed = parser.parse(line);
                    String refusal = split == null ? null : split.refusal(timeOf.of(parsed));
                    return refusal == null ? ParsedLine.ok(origin, lines.lineNumber(), parsed)
                            : ParsedLine.failed(origin, lines.lineNumber(), line, refusal);
                } catch (InvalidRecordException e) {
                    return ParsedLine.failed(origin, lines.lineNumber(), line, e.getMessage());
                } catch (RuntimeException e) {
                    return ParsedLine.failed(origin, lines.lineNumber(), line, "unreadable record: " + e);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
