package io.incidentdetector.pipeline;

import io.incidentdetector.testing.TestMiniCluster;
import io.incidentdetector.testing.WaitUntil;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A savepoint that holds, under a uid, Flink's one-element collection source with a filter that drops its element
 * (how the job said "no input" before {@link NoInput}) restores into {@link NoInput} under the same uid, without
 * {@code --allowNonRestoredState}: the filter, which held nothing, may be gone.
 */
class NoInputSavepointITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(1, 2);

    @Test
    void aSavepointOfAOneElementSourceWhoseElementIsDroppedRestoresIntoNoInput(@TempDir Path dir) throws Exception {
        StreamExecutionEnvironment before = environment(null);
        JobClient first = run(before, before.fromData(Types.STRING, "dropped").uid("nothing")
                .filter(s -> false).uid("nothing-drop"));
        String savepoint = savepoint(first, dir);

        StreamExecutionEnvironment after = environment(savepoint);
        JobClient second = run(after, NoInput.of(after, Types.STRING, "nothing", "nothing"));
        assertThat(second.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(savepoint(second, dir)).isNotEqualTo(savepoint);
    }

    private static StreamExecutionEnvironment environment(String savepoint) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (savepoint != null) {
            Configuration conf = new Configuration();
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            env.configure(conf);
        }
        env.setParallelism(1);
        env.enableCheckpointing(200);
        return env;
    }

    /** Beside an endless source, so that the job runs on after {@code nothing} has ended. */
    private static JobClient run(StreamExecutionEnvironment env, DataStream<String> nothing) throws Exception {
        DataStream<String> ticks = env.fromSource(new DataGeneratorSource<>(i -> "tick " + i, Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(10), Types.STRING), WatermarkStrategy.noWatermarks(), "ticks").uid("ticks");
        ticks.union(nothing).sinkTo(new DiscardingSink<>()).uid("sink");
        JobClient job = env.executeAsync("no input");
        WaitUntil.until("the job running", Duration.ofSeconds(60), () -> job.getJobStatus().get(),
                status -> status == JobStatus.RUNNING || status.isGloballyTerminalState());
        Thread.sleep(2_000);
        return job;
    }

    private static String savepoint(JobClient job, Path dir) throws Exception {
        return job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
    }
}
