package io.incidentdetector.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledLogTest {

    /** The warnings a logger was given, formatted. */
    static Logger recording(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("warn")) {
                        Object[] params = args.length > 1 && args[1] instanceof Object[] a ? a
                                : java.util.Arrays.copyOfRange(args, 1, args.length);
                        lines.add(MessageFormatter.arrayFormat((String) args[0], params).getMessage());
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    @Test
    void logsAtMostOncePerPeriodAndThenSaysHowManyWereLeftOut() {
        List<String> lines = new ArrayList<>();
        long[] nanos = {0};
        ThrottledLog log = new ThrottledLog(recording(lines), Duration.ofMinutes(1), () -> nanos[0]);
        log.warn("refused {}", 1);
        for (int i = 2; i <= 1235; i++) {
            nanos[0] += Duration.ofMillis(10).toNanos();
            log.warn("refused {}", i);
        }
        assertThat(lines).containsExactly("refused 1");
        nanos[0] = Duration.ofMinutes(2).toNanos();
        log.warn("refused {}", 1236);
        nanos[0] += Duration.ofSeconds(59).toNanos();
        log.warn("refused {}", 1237);
        nanos[0] += Duration.ofSeconds(1).toNanos();
        log.warn("refused {}", 1238);
        assertThat(lines).containsExactly("refused 1", "refused 1236 (and 1,234 more since the last line)",
                "refused 1238 (and 1 more since the last line)");
    }

    @Test
    void refusedEventTimesCountsOnlyRefusalsOfTheEventTime() {
        Map<String, Counter> counters = new HashMap<>();
        RefusedEventTimes refused = new RefusedEventTimes(new UnregisteredMetricsGroup() {
            @Override
            public Counter counter(String name) {
                return counters.computeIfAbsent(name, n -> new SimpleCounter());
            }
        });
        assertThat(refused.count("calls/0", "not JSON: ...")).isFalse();
        assertThat(refused.count("calls/0", "event time 2090-01-01T00:00:00Z is ahead of the wall clock")).isTrue();
        refused.add(3, "spans/1", "3 of 9 spans could not be read as service calls ...");
        assertThat(counters.get(RefusedEventTimes.METRIC).getCount()).isEqualTo(4);
    }
}
