package io.incidentdetector.launcher.progress;

import io.incidentdetector.config.JobConfig;
import io.incidentdetector.plan.InputPlan;
import io.incidentdetector.plan.RunPlan;

import org.apache.flink.configuration.Configuration;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progress line on the console every interval while local jobs run: what they have reached, read from their
 * metrics ({@link RunMetrics}). The first comes after one and a half intervals, so that a run of about one interval
 * (the demo on a busy machine) keeps its console as it was; none while no job runs. One per launch:
 * {@link #configure} each MiniCluster's configuration, {@link #start} before the first job, {@link #close} after the
 * last. {@link #off()} does nothing at all.
 */
public final class Progress implements AutoCloseable {

    /** How often a line comes. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    private final RunMetrics metrics;
    private final Duration interval;
    private final PrintStream out;
    private final LongSupplier clock;
    private volatile String stage = "";
    private ScheduledExecutorService timer;

    private Progress(RunMetrics metrics, Duration interval, PrintStream out, LongSupplier clock) {
        this.metrics = metrics;
        this.interval = interval;
        this.out = out;
        this.clock = clock;
    }

    /** Lines every {@code interval} on {@code out}. */
    public static Progress every(Duration interval, PrintStream out) {
        return new Progress(RunMetrics.open(), interval, out, System::nanoTime);
    }

    /** No lines. */
    public static Progress off() {
        return new Progress(null, INTERVAL, null, System::nanoTime);
    }

    /**
     * A run that ends by itself: generated scenarios, files, a bounded Kafka replay, a Prometheus range with an end.
     * A run that goes on until Ctrl-C gets no progress lines: they would never stop.
     */
    public static boolean ends(RunPlan plan) {
        JobConfig config = plan.config();
        InputPlan inputs = plan.inputs();
        boolean kafkaEnds = !(inputs instanceof InputPlan.Kafka) || config.kafka().bounded();
        boolean prometheusEnds = inputs.prometheus().isEmpty() || config.prometheus().until() != null;
        return kafkaEnds && prometheusEnds;
    }

    /** A run in a few words, for a line about it: {@code scenario eval-mesh seed 2}, {@code replay of 14 pairs}. */
    public static String name(RunPlan plan) {
        if (plan.inputs() instanceof InputPlan.Files files && !files.queryRange().isEmpty()) {
            return "replay of " + (files.queryRange().size() == 1 ? files.queryRange().keySet().iterator().next()
                    : files.queryRange().size() + " pairs");
        }
        if (plan.inputs() instanceof InputPlan.Generator) {
            return "scenario " + plan.config().scenario().name() + " seed " + plan.config().scenario().seed();
        }
        return "run";
    }

    /** Lets a MiniCluster started with {@code conf} report its job's metrics to this progress. */
    public void configure(Configuration conf) {
        if (metrics != null) {
            metrics.configure(conf);
        }
    }

    /** Says what the lines are about from now on, before the figures (e.g. evaluate's run); empty for nothing. */
    public void stage(String now) {
        stage = now;
    }

    /** Starts the lines: the first one and a half intervals from now. */
    public Progress start() {
        if (metrics != null && timer == null) {
            ProgressLine line = new ProgressLine(clock.getAsLong());
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "progress line");
                thread.setDaemon(true);
                return thread;
            });
            long millis = interval.toMillis();
            timer.scheduleAtFixedRate(() -> tick(line), millis + millis / 2, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void tick(ProgressLine line) {
        try {
            Figures figures = metrics.figures();
            if (figures.running()) {
                out.println(line.next(stage, figures, clock.getAsLong()));
            }
        } catch (RuntimeException e) {
            // a progress line is never worth a run: a metric that cannot be read is skipped until the next line
        }
    }

    /** Stops the lines; none comes after this returns. */
    @Override
    public void close() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            timer = null;
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
