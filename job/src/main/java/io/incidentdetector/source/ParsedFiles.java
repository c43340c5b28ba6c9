package io.incidentdetector.source;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.LineParser;
import io.incidentdetector.connectors.file.LineParsingFormat;
import io.incidentdetector.connectors.file.ParsedLine;
import io.incidentdetector.metrics.RefusedEventTimes;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Text files parsed line by line into records, with every unreadable line kept as a dead letter. Each file gets
 * its own source and watermarks: one reader reading several files one after the other would hold the watermark
 * of the first file and find every event of an earlier-starting later file late. Each file is also a split of the
 * {@link EventTimeGuard}: a line whose event time it refuses is a dead letter with the reason.
 */
public final class ParsedFiles {

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private ParsedFiles() {}

    public static <T> SingleOutputStreamOperator<T> read(StreamExecutionEnvironment env, List<java.nio.file.Path> files,
            LineParser<T> parser, TypeInformation<T> type, TypeInformation<ParsedLine<T>> parsedType,
            EventTimeGuard.TimeOf<T> eventTime, EventTimeGuard guard, Duration outOfOrderness, Duration idleness,
            String uidPrefix) {
        WatermarkStrategy<ParsedLine<T>> watermarks = WatermarkStrategy
                .<ParsedLine<T>>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((line, previous) -> line.isValid() ? eventTime.of(line.value()) : previous)
                .withIdleness(idleness);
        DataStream<ParsedLine<T>> lines = null;
        for (int i = 0; i < files.size(); i++) {
            java.nio.file.Path file = files.get(i);
            LineParsingFormat<T> format = new LineParsingFormat<>(file.toString(), parser, parsedType, guard,
                    eventTime);
            FileSource<ParsedLine<T>> source = FileSource
                    .forRecordStreamFormat(format, new Path(file.toAbsolutePath().toUri()))
                    .build();
            DataStream<ParsedLine<T>> fileLines = env
                    .fromSource(source, watermarks, "file " + file.getFileName())
                    .uid(uidPrefix + (i == 0 ? "" : "-" + i))
                    .setParallelism(1);
            lines = lines == null ? fileLines : lines.union(fileLines);
        }
        return lines.process(new SplitDeadLetters<>(), type);
    }

    /** Valid lines continue; failed ones leave through {@link #DEAD_LETTERS}. */
    static final class SplitDeadLetters<T> extends ProcessFunction<ParsedLine<T>, T> {
        private static final long serialVersionUID = 1L;
        private transient RefusedEventTimes refused;

        @Override
        public void open(OpenContext openContext) {
            refused = new RefusedEventTimes(getRuntimeContext().getMetricGroup());
        }

        @Override
        public void processElement(ParsedLine<T> line, Context ctx, Collector<T> out) {
            if (line.isValid()) {
                out.collect(line.value());
            } else {
                refused.count(line.file(), line.error());
                Long ts = ctx.timestamp();
                Instant seenAt = ts == null || ts == Long.MIN_VALUE ? null : Instant.ofEpochMilli(ts);
                ctx.output(DEAD_LETTERS, DeadLetter.of(line, seenAt));
            }
        }
    }
}
