package io.incidentdetector.source.prometheus;

import io.incidentdetector.config.PrometheusSourceConfig;
import io.incidentdetector.connectors.prometheus.PrometheusApi;
import io.incidentdetector.window.WindowStats;

import com.sun.net.httpserver.HttpServer;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader against a stand-in for Prometheus' HTTP API (the JDK's HTTP server answering query_range as
 * Prometheus does) and a clock the test moves: lag, catch-up, a server that fails, one that lags behind.
 */
class WindowsReaderTest {

    private static final long MIN = 60_000;
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private HttpServer server;
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicLong dataUntil = new AtomicLong(Long.MAX_VALUE);
    private final List<String> asked = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query_range", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long start = (long) (Double.parseDouble(param(body, "start")) * 1000);
            long end = (long) (Double.parseDouble(param(body, "end")) * 1000);
            long step = (long) (Double.parseDouble(param(body, "step")) * 1000);
            synchronized (asked) {
                asked.add((start - T0) / MIN + ".." + (end - T0) / MIN);
            }
            byte[] answer;
            int status = 200;
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 503;
                answer = "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"restarting\"}".getBytes();
            } else {
                StringBuilder values = new StringBuilder();
                for (long t = start; t <= Math.min(end, dataUntil.get()); t += step) {
                    values.append(values.length() == 0 ? "" : ",").append('[').append(t / 1000).append(",\"")
                            .append(10 + (t - T0) / MIN).append("\"]");
                }
                answer = ("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                        + "{\"metric\":{\"source_workload\":\"frontend\",\"destination_workload\":\"cart\"},"
                        + "\"values\":[" + values + "]},"
                        + "{\"metric\":{\"destination_workload\":\"orphan\"},\"values\":[" + values + "]}]}}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void eachStepIsHandedOnOnceItIsLagOldWithItsWatermark() throws Exception {
        WindowsReader reader = reader(Duration.ofSeconds(30), Duration.ofMinutes(5));
        reader.addSplits(List.of(new StepSplit("p", T0, Long.MAX_VALUE)));
        Captured out = new Captured();
        now.set(T0 + MIN + 29_000);
        assertThat(drain(reader, out)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(asked).isEmpty(); // the step ending at T0+1min is due at +30 s
        now.set(T0 + 3 * MIN + 30_000);
        drain(reader, out);
        assertThat(asked).containsExactly("1..3");
        assertThat(out.windows).extracting(WindowStats::pair).containsOnly("frontend->cart");
        assertThat(out.windows).extracting(WindowStats::y).containsExactly(11.0, 12.0, 13.0);
        assertThat(out.timestamps).containsExactly(T0 + MIN - 1, T0 + 2 * MIN - 1, T0 + 3 * MIN - 1);
        assertThat(out.watermarks).containsExactly(T0 + MIN - 1, T0 + 2 * MIN - 1, T0 + 3 * MIN - 1);
        assertThat(reader.snapshotState(1)).containsExactly(new StepSplit("p", T0 + 3 * MIN, Long.MAX_VALUE));
    }

    @Test
    void aRestartedJobCatchesUpInRangeQueriesOfAtMost240Steps() throws Exception {
        WindowsReader reader = reader(Duration.ofSeconds(30), Duration.ofMinutes(5));
        reader.addSplits(List.of(new StepSplit("p", T0, Long.MAX_VALUE)));
        now.set(T0 + 600 * MIN + 40_000);
        Captured out = new Captured();
        drain(reader, out);
        assertThat(asked).containsExactly("1..240", "241..480", "481..600");
        assertThat(out.watermarks).hasSize(600);
        assertThat(out.windows).hasSize(600);
    }

    @Test
    void whileTheServerFailsNothingMovesAndNoStepIsSkipped() throws Exception {
        WindowsReader reader = reader(Duration.ofSeconds(30), Duration.ofMinutes(5));
        reader.addSplits(List.of(new StepSplit("p", T0, Long.MAX_VALUE)));
        failNext.set(3);
        Captured out = new Captured();
        for (int i = 0; i < 3; i++) {
            now.set(T0 + 2 * MIN + 30_000 + i * 60_000L);
            drain(reader, out);
        }
        assertThat(asked).hasSize(3);
        assertThat(out.watermarks).isEmpty();
        assertThat(reader.snapshotState(7)).containsExactly(new StepSplit("p", T0, Long.MAX_VALUE));
        now.set(T0 + 5 * MIN + 30_000);
        drain(reader, out);
        assertThat(asked.get(3)).isEqualTo("1..5");
        assertThat(out.windows).extracting(WindowStats::y).containsExactly(11.0, 12.0, 13.0, 14.0, 15.0);
    }

    @Test
    void stepsWithoutAnySampleWaitUntilMaxDelayThenPassAsGaps() throws Exception {
        WindowsReader reader = reader(Duration.ofSeconds(30), Duration.ofMinutes(5));
        reader.addSplits(List.of(new StepSplit("p", T0, Long.MAX_VALUE)));
        dataUntil.set(T0 + 2 * MIN); // the server has not got minutes 3.. yet
        now.set(T0 + 4 * MIN + 30_000);
        Captured out = new Captured();
        drain(reader, out);
        assertThat(out.watermarks).containsExactly(T0 + MIN - 1, T0 + 2 * MIN - 1);
        // it gets minute 3 late: asked again, handed on with its sample
        dataUntil.set(T0 + 3 * MIN);
        now.set(T0 + 5 * MIN);
        drain(reader, out);
        assertThat(out.windows).extracting(WindowStats::y).containsExactly(11.0, 12.0, 13.0);
        // minutes 4.. never come: passed as gaps (watermark, no window) once five minutes old
        now.set(T0 + 10 * MIN + 30_000);
        drain(reader, out);
        assertThat(out.windows).hasSize(3);
        assertThat(out.watermarks).last().isEqualTo(T0 + 5 * MIN - 1);
    }

    @Test
    void aBoundedSplitEndsAtItsLastStep() throws Exception {
        WindowsReader reader = reader(Duration.ZERO, Duration.ZERO);
        reader.addSplits(List.of(new StepSplit("p", T0, T0 + 3 * MIN)));
        now.set(T0 + 100 * MIN);
        Captured out = new Captured();
        assertThat(drain(reader, out)).isEqualTo(InputStatus.END_OF_INPUT);
        assertThat(out.watermarks).hasSize(3);
    }

    @Test
    void anAnswerLongerThanMaxResponseBytesFailsItsQueryAndTheReaderAsksForFewerStepsWithoutSkippingAny()
            throws Exception {
        InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        // about 40 bytes a step: 240 or 120 steps are too long for 4 kb, 60 are not
        WindowsReader reader = reader(Duration.ofSeconds(30), Duration.ofMinutes(5), MemorySize.parse("4kb"),
                metrics);
        reader.addSplits(List.of(new StepSplit("p", T0, Long.MAX_VALUE)));
        now.set(T0 + 300 * MIN + 40_000);
        Captured out = new Captured();
        for (int i = 0; i < 20 && out.watermarks.size() < 300; i++) {
            drain(reader, out);
            now.addAndGet(40_000); // past the backoff
        }
        assertThat(asked).startsWith("1..240", "1..120", "1..60", "61..120");
        assertThat(((Counter) metrics.get("prometheus_responses_too_large")).getCount()).isEqualTo(2);
        assertThat(((Counter) metrics.get("prometheus_query_failures")).getCount()).isEqualTo(2);
        assertThat(out.windows).hasSizeGreaterThanOrEqualTo(300);
        for (int i = 0; i < out.windows.size(); i++) {
            assertThat(out.windows.get(i).y()).as("no step skipped").isEqualTo(11.0 + i);
        }
    }

    private WindowsReader reader(Duration lag, Duration maxDelay) {
        return reader(lag, maxDelay, null, new UnregisteredMetricsGroup());
    }

    private WindowsReader reader(Duration lag, Duration maxDelay, MemorySize maxResponseBytes, MetricGroup metrics) {
        PrometheusSourceConfig config = new PrometheusSourceConfig(true, "http://127.0.0.1:" + server.getAddress()
                .getPort(), "q", null, null, Duration.ofMinutes(1), lag, Duration.ZERO, maxDelay,
                Duration.ofSeconds(5), null, null, maxResponseBytes, null);
        return new WindowsReader(config, new PrometheusApi(config.url(), config.timeout(),
                config.maxResponseBytes().getBytes(), config.http()), metrics, now::get);
    }

    /** Polls until the reader has nothing to do at the test's time (waiting for its answers, not for timers). */
    private static InputStatus drain(WindowsReader reader, Captured out) throws Exception {
        for (int i = 0; i < 10_000; i++) {
            InputStatus status = reader.pollNext(out);
            if (status == InputStatus.END_OF_INPUT) {
                return status;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                if (!reader.inFlight()) {
                    return status;
                }
                reader.isAvailable().get(10, TimeUnit.SECONDS);
            }
        }
        throw new AssertionError("the reader never settled");
    }

    private static String param(String form, String name) {
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static final class Captured implements ReaderOutput<WindowStats> {
        final List<WindowStats> windows = new ArrayList<>();
        final List<Long> timestamps = new ArrayList<>();
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void collect(WindowStats record) {
            throw new AssertionError("windows carry their timestamp");
        }

        @Override
        public void collect(WindowStats record, long timestamp) {
            windows.add(record);
            timestamps.add(timestamp);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        @Override
        public SourceOutput<WindowStats> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }
}
