package io.incidentdetector.metrics;

import org.apache.flink.util.TimeUtils;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A warning that may repeat for every record (a refusal at a cap, a record too large to write) logged at most once
 * per {@code every}: the first of a period is logged, the rest only counted, and the next one logged says how many
 * were left out since the last one logged ({@code ... and 1,234 more in the last 75 s}). The metric next to it counts
 * every one. Create one per operator instance, in {@code open()}; it is thread-safe.
 */
public final class ThrottledLog {

    /** How a message reaches the log: {@code format} and {@code args} as slf4j takes them. */
    @FunctionalInterface
    interface Out {
        void warn(String format, Object... args);
    }

    private final Out out;
    private final long everyNanos;
    private final LongSupplier nanoTime;
    private boolean logged;
    private long lastLogged;
    private long suppressed;

    public ThrottledLog(Logger log, Duration every) {
        this(log::warn, every, System::nanoTime);
    }

    ThrottledLog(Out out, Duration every, LongSupplier nanoTime) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("every must be positive, got " + every);
        }
        this.out = out;
        this.everyNanos = every.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Logs at WARN unless a warning was logged less than {@code every} ago; counts it then. */
    public synchronized void warn(String format, Object... args) {
        long now = nanoTime.getAsLong();
        if (logged && now - lastLogged < everyNanos) {
            suppressed++;
            return;
        }
        out.warn(format, args);
        if (suppressed > 0) {
            out.warn("... and {} more in the last {}", String.format(Locale.ROOT, "%,d", suppressed),
                    TimeUtils.formatWithHighestUnit(Duration.ofSeconds((now - lastLogged) / 1_000_000_000L)));
        }
        logged = true;
        lastLogged = now;
        suppressed = 0;
    }
}
