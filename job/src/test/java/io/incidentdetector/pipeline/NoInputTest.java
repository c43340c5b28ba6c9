package io.incidentdetector.pipeline;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NoInputTest {

    @Test
    void aJobOnNoInputEndsWithoutARecord() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
        List<String> received = new ArrayList<>();
        try (CloseableIterator<String> records = NoInput.of(env, Types.STRING, "nothing", "nothing")
                .executeAndCollect("no input")) {
            records.forEachRemaining(received::add);
        }
        assertThat(received).isEmpty();
    }
}
