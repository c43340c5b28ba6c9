package io.incidentdetector.connectors.prometheus;

import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.ParsedLine;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * {@link org.apache.flink.connector.file.src.FileSource} format streaming the samples of a query_range export, each
 * with the line it ends on. With an {@link EventTimeGuard}, a sample whose time the guard refuses (outside the
 * plausible range or ahead of the wall clock: {@link EventTimeGuard#refusalWithoutProgress}) is a failed line with
 * the reason, its text {@code [seconds, value]}.
 */
public final class QueryRangeFormat extends SimpleStreamFormat<ParsedLine<QueryRangeSample>> {

    private static final long serialVersionUID = 1L;

    private final String origin;
    private final EventTimeGuard guard;

    /** @param guard decides on each sample's time; null accepts every time */
    public QueryRangeFormat(String origin, EventTimeGuard guard) {
        this.origin = origin;
        this.guard = guard;
    }

    @Override
    public StreamFormat.Reader<ParsedLine<QueryRangeSample>> createReader(Configuration config,
            FSDataInputStream stream) throws IOException {
        QueryRangeParser parser = new QueryRangeParser(stream, origin);
        return new StreamFormat.Reader<>() {
            @Override
            public ParsedLine<QueryRangeSample> read() throws IOException {
                QueryRangeSample sample = parser.next();
                if (sample == null) {
                    return null;
                }
                String refusal = guard == null ? null : guard.refusalWithoutProgress(sample.timestamp());
                return refusal == null ? ParsedLine.ok(origin, parser.lineNumber(), sample)
                        : ParsedLine.failed(origin, parser.lineNumber(), text(sample), refusal);
            }

            @Override
            public void close() throws IOException {
                parser.close();
            }
        };
    }

    /** The point as the export writes it: {@code [seconds, "value"]}. */
    private static String text(QueryRangeSample sample) {
        return "[" + BigDecimal.valueOf(sample.timestamp()).movePointLeft(3).stripTrailingZeros().toPlainString()
                + ", \"" + sample.value() + "\"]";
    }

    @Override
    public TypeInformation<ParsedLine<QueryRangeSample>> getProducedType() {
        return new TypeHint<ParsedLine<QueryRangeSample>>() {}.getTypeInfo();
    }
}
