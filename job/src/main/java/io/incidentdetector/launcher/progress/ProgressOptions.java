package io.incidentdetector.launcher.progress;

import io.incidentdetector.plan.RunPlan;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;

/** The progress line's interval: a hidden option, so that a test can see lines of a short run. */
public final class ProgressOptions {

    @Option(names = "--progress-every", hidden = true, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "how often the progress line comes (default: 10s)")
    Duration every = Progress.INTERVAL;

    /** Lines on {@code out} if {@code on}, none otherwise. */
    public Progress progress(boolean on, PrintStream out) {
        return on ? Progress.every(every, out) : Progress.off();
    }

    /**
     * The console's lines for a run on a MiniCluster started with {@code conf}, configured here: none if the run is
     * quiet or goes on until Ctrl-C ({@link Progress#ends}).
     */
    public Progress forRun(RunPlan plan, Configuration conf) {
        Progress progress = progress(!plan.quiet() && Progress.ends(plan), System.out);
        progress.configure(conf);
        return progress;
    }

    /** Durations in Flink's notation; at least a millisecond. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration = TimeUtils.parseDuration(value);
            if (duration.toMillis() < 1) {
                throw new CommandLine.TypeConversionException("'" + value + "' is shorter than 1ms. Fix: use e.g. 10s");
            }
            return duration;
        }
    }
}
