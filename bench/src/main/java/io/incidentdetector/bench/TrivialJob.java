package io.incidentdetector.bench;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The start-up floor: the least a MiniCluster job does ({@code fromSequence(0, 455000)} keyed, mapped, discarded, at
 * parallelism 2, as many records as the demo has events). The benchmark runs it in a JVM of its own with only the
 * local job jar and this class on the class path; it prints {@link #FIRST_RECORD} when its first record is mapped.
 * Only Flink's API and lambdas in this one class file, so that it runs from a copy of this class alone.
 */
public final class TrivialJob {

    static final String FIRST_RECORD = "trivial: first record";
    static final long RECORDS = 455_000;
    private static final AtomicBoolean FIRST = new AtomicBoolean();

    private TrivialJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
        env.fromSequence(0, RECORDS).keyBy(x -> x % 5, Types.LONG)
                .map(x -> {
                    if (!FIRST.get() && FIRST.compareAndSet(false, true)) {
                        System.out.println(FIRST_RECORD);
                    }
                    return x + 1;
                }, Types.LONG)
                .sinkTo(new DiscardingSink<>());
        env.execute("trivial");
    }
}
