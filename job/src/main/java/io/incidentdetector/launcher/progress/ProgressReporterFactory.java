package io.incidentdetector.launcher.progress;

import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Optional;
import java.util.Properties;

/**
 * A Flink metric reporter that hands a local MiniCluster's metrics to the {@link RunMetrics} of this JVM whose id its
 * configuration names ({@link RunMetrics#configure}). Found by Flink through {@code META-INF/services}.
 */
public final class ProgressReporterFactory implements MetricReporterFactory {

    /** The reporter's name in the configuration: {@code metrics.reporter.<name>.*}. */
    static final String NAME = "progress";
    /** Its one setting: the id of the {@link RunMetrics} to feed. */
    static final String RUN = "run";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new Reporter(RunMetrics.find(properties.getProperty(RUN, "")));
    }

    /** Passes every metric added or removed on to the run's board; a run not (or no longer) open gets nothing. */
    private record Reporter(Optional<RunMetrics> board) implements MetricReporter {

        @Override
        public void open(MetricConfig config) {}

        @Override
        public void close() {}

        @Override
        public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
            board.ifPresent(b -> b.added(metric, name, group.getAllVariables()));
        }

        @Override
        public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
            board.ifPresent(b -> b.removed(metric, name, group.getAllVariables()));
        }
    }
}
